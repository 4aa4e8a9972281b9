"""A news page saved from the browser: its headline, site name, address and article.

The article is the longest `<article>`, else the `[itemprop=articleBody]` element, else
`<main>`, else `<body>`. The headline is `og:title`, else the article's first `<h1>`, else
the page's first `<h1>`, else `<title>`, without a trailing " | Site name".
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

from publisher.importer.article import Article
from publisher.importer.html_markdown import to_markdown

_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (WHATWG Encoding, "Names
# and labels"), and so do editors' old CMSs: “curly quotes” live in its 0x80-0x9f range.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii"})
_SPACE = re.compile(r"\s+")
_SITE_SEPARATORS = ("|", "-", "–", "—", "·", ":")


def is_webpage(suffix: str, raw: bytes) -> bool:
    """A saved page: named .html/.htm, or text that opens with `<!doctype` or `<html`."""
    opening = raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:9].lower()
    return suffix.lower() in (".html", ".htm") or opening.startswith((b"<!doctype", b"<html"))


def declared_charset(raw: bytes) -> str | None:
    """The Python codec for the page's `<meta charset>` (or Content-Type), if Python knows it."""
    found = _DECLARED.search(raw[:65536])
    if found is None:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    label = "cp1252" if label in _WINDOWS_1252_LABELS else label
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII is not UTF-16; browsers read it as UTF-8 (WHATWG).
    return None if name.startswith(("utf-16", "utf-32")) else name


def _text(tag: Tag | None) -> str:
    return _SPACE.sub(" ", tag.get_text()).strip() if tag is not None else ""


def _meta(soup: BeautifulSoup, key: str) -> str:
    """The content of `<meta property=key>` or `<meta name=key>`, spaces collapsed."""
    for attribute in ("property", "name"):
        tag = soup.find("meta", attrs={attribute: key})
        if isinstance(tag, Tag) and isinstance(tag.get("content"), str):
            return _SPACE.sub(" ", str(tag["content"])).strip()
    return ""


def _web_address(url: str) -> str:
    """`url` if it is an absolute http(s) address, else ""."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _canonical_url(soup: BeautifulSoup) -> str:
    for link in soup.find_all("link", href=True):
        if "canonical" in [rel.lower() for rel in link.get_attribute_list("rel")]:
            return _web_address(str(link["href"]).strip())
    return _web_address(_meta(soup, "og:url"))


def _article_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda article: len(article.get_text()))
    for found in (soup.find(itemprop="articleBody"), soup.main, soup.body):
        if isinstance(found, Tag):
            return found
    return soup


def _without_site_name(title: str, site: str) -> str:
    """ "Port strike ends | The Meridian" without " | The Meridian"."""
    for separator in _SITE_SEPARATORS:
        suffix = f" {separator} {site}"
        if site and title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


def read_webpage(html: str) -> Article:
    """The page's headline, site name, canonical address and article as Markdown."""
    soup = BeautifulSoup(html, "html.parser")
    source = _meta(soup, "og:site_name") or _meta(soup, "publisher")
    source = source or _meta(soup, "application-name")
    url = _canonical_url(soup)
    root = _article_root(soup)
    title = _meta(soup, "og:title") or _text(root.find("h1")) or _text(soup.find("h1"))
    title = _without_site_name(title or _text(soup.title), source)
    return Article(title=title, body=to_markdown(root, url), source=source, url=url)
