"""A news page saved from the browser: its headline, site name, address and article.

The headline, site name and address come from the page's metadata (see `metadata`), the
article from the page's content (see `extraction`), without the lines that are not the
story's (see `story`), as Markdown (see `html_markdown`). A page that names no headline at
all gets its article's first heading (taken out of the body, as a brief's first `#`
heading is), else its first sentence, cut after a whole word.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Tag

from publisher.importer.article import Article
from publisher.importer.extraction import find_article, load_page
from publisher.importer.html_markdown import to_markdown
from publisher.importer.metadata import read_metadata
from publisher.importer.story import story_only

_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)", re.DOTALL)
# A headline made of the first sentence stops after a whole word within this many characters.
_HEADLINE = 100


def is_webpage(suffix: str, raw: bytes) -> bool:
    """A saved page: named .html/.htm/.xhtml, or text that opens with `<!doctype` or `<html`."""
    opening = raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:9].lower()
    named = suffix.lower() in (".html", ".htm", ".xhtml")
    return named or opening.startswith((b"<!doctype", b"<html"))


def _first_words(article: Tag) -> str:
    """The article's first heading, taken out of it, else its first sentence, kept in it."""
    heading = article.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    if isinstance(heading, Tag) and (text := " ".join(heading.get_text().split())):
        heading.decompose()
        return text
    found = _SENTENCE.search(" ".join(article.get_text(" ").split()))
    sentence = found.group(0) if found else ""
    if len(sentence) <= _HEADLINE:
        return sentence
    return sentence[: _HEADLINE + 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def read_webpage(html: str) -> Article:
    """The page's headline, site name, canonical address and article as Markdown.

    The body is "" when the page holds no article (a section front, a page of links).
    """
    page = load_page(html)
    if page is None:
        return Article(title="", body="")
    metadata = read_metadata(page)
    found = find_article(page, metadata.url)
    root = BeautifulSoup(found, "html.parser").find("div") if found else None
    if not isinstance(root, Tag):
        return Article(metadata.title, "", source=metadata.source, url=metadata.url)
    title = metadata.title or _first_words(root)
    body = to_markdown(story_only(root, metadata.title), metadata.url)
    return Article(title, body, source=metadata.source, url=metadata.url)
