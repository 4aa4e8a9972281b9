"""A saved news page's headline, site name and address, from the page's own metadata.

Each is taken from the first of these that the page has:

- headline: `og:title`, the JSON-LD article's `headline`, the `itemprop=headline` element,
  the headline `<h1>` (inside `<article>` or `<main>`, else outside the site's header,
  navigation, footer and logo link; the one the `<title>` repeats first), `<title>`;
  without the site name before or after it ("Headline | Site", "Site - Headline");
- site name: `og:site_name`, the JSON-LD article's `publisher`, `<meta name=publisher>`,
  `<meta name=application-name>`;
- address: the canonical link, `og:url`, the JSON-LD article's `url` or `mainEntityOfPage`,
  whichever is first an absolute http(s) address.

The JSON-LD article is the first `NewsArticle` (or another kind of article, or a blog post)
among the page's `<script type="application/ld+json">` blocks, `@graph` lists included.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement  # type: ignore[import-untyped]

_SPACE = re.compile(r"\s+")
_SEPARATOR = r"(?:[|\-–—·:]|::)"
_ARTICLE_TYPE = re.compile(r"(?:\w*Article|BlogPosting|LiveBlogPosting|Report)")
_NEWS_TYPE = re.compile(r"\w*NewsArticle")
_CHROME = frozenset({"header", "nav", "footer", "aside", "a"})
_STORY = frozenset({"article", "main"})


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself; "" for what it does not say."""

    title: str
    source: str
    url: str


def _clean(text: object) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip() if isinstance(text, str) else ""


def _text(element: HtmlElement) -> str:
    return _clean(element.text_content())


def _meta(tree: HtmlElement, key: str) -> str:
    """The content of the first `<meta property=key>` or `<meta name=key>` that has one.

    A property may name several keys at once (`property="og:title twitter:title"`).
    """
    for meta in tree.iter("meta"):
        keys = f"{meta.get('property') or ''} {meta.get('name') or ''}".split()
        if key in keys and (content := _clean(meta.get("content"))):
            return content
    return ""


def _web_address(url: str) -> str:
    """`url` if it is an absolute http(s) address, else ""."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _json_objects(value: object) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD block: top-level lists and `@graph` lists unrolled."""
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_objects(value.get("@graph"))


def _types(node: dict[str, Any]) -> list[str]:
    """The node's `@type`s without their vocabulary prefix (`schema:`, `http://schema.org/`)."""
    kinds = node.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return [re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)]


def _json_ld(tree: HtmlElement) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """The page's JSON-LD article (a news article first), and every node by its `@id`."""
    nodes: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            nodes.extend(_json_objects(json.loads(script.text or "")))
        except ValueError:  # a block that is not JSON: the page's mistake, not ours
            continue
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for pattern in (_NEWS_TYPE, _ARTICLE_TYPE):
        for node in nodes:
            if any(pattern.fullmatch(kind) for kind in _types(node)):
                return node, by_id
    return None, by_id


def _name(value: object, by_id: dict[str, dict[str, Any]]) -> str:
    """The name of a JSON-LD organisation given inline, by `@id`, as a list or as text."""
    if isinstance(value, list):
        return next((name for item in value if (name := _name(item, by_id))), "")
    if isinstance(value, dict):
        node = by_id.get(value.get("@id", ""), value) if "name" not in value else value
        return _clean(node.get("name"))
    return _clean(value)


def _address(value: object) -> str:
    if isinstance(value, dict):
        return _address(value.get("@id")) or _address(value.get("url"))
    return _web_address(_clean(value))


def _canonical(tree: HtmlElement) -> str:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return _clean(link.get("href"))
    return ""


def _inside(element: HtmlElement, names: frozenset[str]) -> bool:
    return any(ancestor.tag in names for ancestor in element.iterancestors())


def _headline_element(tree: HtmlElement, page_title: str) -> str:
    """The headline as the page shows it: `itemprop=headline`, else the headline `<h1>`."""
    for element in tree.iterfind(".//*[@itemprop='headline']"):
        if headline := _clean(element.get("content")) or _text(element):
            return headline
    headings = [(heading, text) for heading in tree.iter("h1") if (text := _text(heading))]
    story = [text for heading, text in headings if _inside(heading, _STORY)]
    shown = [text for heading, text in headings if not _inside(heading, _CHROME)]
    candidates = [*story, *shown]
    repeated = [text for text in candidates if text.casefold() in page_title.casefold()]
    return next(iter(repeated + candidates), page_title or next((t for _, t in headings), ""))


def without_site_name(title: str, site: str) -> str:
    """ "Port strike ends | The Meridian" without " | The Meridian", "The Meridian: " too."""
    if not site:
        return title
    name = re.escape(site)
    for pattern in (rf"\s+{_SEPARATOR}\s*{name}", rf"{name}\s*{_SEPARATOR}\s+"):
        shorter = re.sub(rf"^{pattern}|{pattern}$", "", title, count=1, flags=re.IGNORECASE)
        if shorter != title and shorter.strip():
            return shorter.strip()
    return title


def read_metadata(tree: HtmlElement) -> PageMetadata:
    """The page's headline, site name and canonical address, each "" when it has none."""
    article, by_id = _json_ld(tree)
    article = article or {}
    source = _meta(tree, "og:site_name") or _name(article.get("publisher"), by_id)
    source = source or _meta(tree, "publisher") or _meta(tree, "application-name")
    candidates = (
        _web_address(_canonical(tree)),
        _web_address(_meta(tree, "og:url")),
        _address(article.get("url")),
        _address(article.get("mainEntityOfPage")),
    )
    url = next((address for address in candidates if address), "")
    head = tree.find("head")
    titles = [*(head.iter("title") if head is not None else ()), *tree.iter("title")]
    page_title = next((text for title in titles if (text := _text(title))), "")
    title = _meta(tree, "og:title") or _clean(article.get("headline"))
    title = title or _headline_element(tree, page_title)
    return PageMetadata(without_site_name(title, source), source, url)
