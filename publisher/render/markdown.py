"""Step 1: a brief's Markdown to an HTML fragment, with raw HTML and unsafe links neutralised."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Brief titles are <h2> in the email; headings inside a brief sit below them.
HEADING_SHIFT = 2
# The template's text column: 600 px less 28 px of padding each side. Outlook shows an
# image without a width attribute at its full size; CSS max-width keeps it fluid elsewhere.
IMAGE_WIDTH = 544
UrlRewrite = Callable[[str], str]


class Image(NamedTuple):
    """An image in a brief: its 0-based line offset in the body, address and alt text."""

    offset: int
    src: str
    alt: str

    @property
    def is_relative(self) -> bool:
        """A path such as `map.png`, which no mail client can load on its own."""
        return is_relative(self.src)


def is_relative(url: str) -> bool:
    """Whether `url` has no scheme (`map.png`, `/img/map.png`, `//cdn.example/map.png`)."""
    return not urlsplit(url).scheme


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML off: `<script>` in a brief is shown as text, never run.

    markdown-it-py's link validation drops `javascript:`, `vbscript:`, `file:` and
    non-image `data:` URLs, leaving the link text as plain text.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _demote_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"


def find_images(markdown: str) -> list[Image]:
    """Every image in the brief, in order, for the loader's checks (alt text, address)."""
    images = []
    for token in markdown_parser().parse(markdown):
        if not token.map:
            continue
        line = token.map[0]
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                images.append(Image(line, str(child.attrGet("src") or ""), child.content.strip()))
    return images


def _rewrite_urls(
    tokens: list[Token], link_url: UrlRewrite | None, image_url: UrlRewrite | None
) -> None:
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open" and link_url is not None:
                child.attrSet("href", link_url(str(child.attrGet("href") or "")))
            elif child.type == "image":
                child.attrSet("width", str(IMAGE_WIDTH))
                if image_url is not None:
                    child.attrSet("src", image_url(str(child.attrGet("src") or "")))


def markdown_to_html(
    markdown: str, link_url: UrlRewrite | None = None, image_url: UrlRewrite | None = None
) -> str:
    """The brief's body as an HTML fragment for the email template.

    `link_url` rewrites each link's address (campaign tags), `image_url` each image's
    (relative paths resolved against `[images] base_url`); images get the column's width.
    """
    parser = markdown_parser()
    tokens = parser.parse(markdown)
    _demote_headings(tokens)
    _rewrite_urls(tokens, link_url, image_url)
    return str(parser.renderer.render(tokens, parser.options, {}))
