"""A brief's Markdown as markdown-it tokens, parsed once per brief.

The loader reads them for its image checks (alt text, addresses) and the renderer turns
the same tokens into the email's HTML and text. Only markdown-it is imported here (on first
use), so the loader sits below the renderer: the render rules live with the renderer
(`render/markdown.py`), never in the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


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
    non-image `data:` URLs, leaving the link text as plain text. Headings are demoted and
    addresses rewritten as the tokens are rendered (`render/markdown.py`), never in the
    tokens.
    """
    from markdown_it import MarkdownIt  # on first use: loading briefs alone needs none

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def parse(markdown: str) -> tuple[Sequence[Token], int]:
    """The brief's tokens and the blank lines before them, parsed once per brief.

    The loader's image checks read the body as written; the renderer gets it after the
    strip stage, which drops the leading blank lines. Blank lines before the first block
    change nothing but the tokens' line numbers, so both share one parse of the body
    without them, and the count of lines skipped puts the loader's line numbers right.
    """
    body = markdown.lstrip("\n")
    return _parse(body), len(markdown) - len(body)


@lru_cache(maxsize=256)
def _parse(markdown: str) -> Sequence[Token]:
    """Shared between callers, so nobody changes the tokens: the render rules copy them."""
    return tuple(markdown_parser().parse(markdown))


def find_images(markdown: str) -> list[Image]:
    """Every image in the brief, in order, for the loader's checks (alt text, address)."""
    images = []
    tokens, skipped = parse(markdown)
    for token in tokens:
        if not token.map:
            continue
        line = skipped + token.map[0]
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                images.append(Image(line, str(child.attrGet("src") or ""), child.content.strip()))
    return images
