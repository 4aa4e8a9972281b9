"""Step 1: a brief's Markdown to an HTML fragment, with raw HTML and unsafe links neutralised."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Brief titles are <h2> in the email; headings inside a brief sit below them.
HEADING_SHIFT = 2


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


def images_without_alt(markdown: str) -> list[int]:
    """0-based line offsets of images that have no alt text (screen readers need one)."""
    missing = []
    for token in markdown_parser().parse(markdown):
        if not token.map:
            continue
        line = token.map[0]
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image" and not child.content.strip():
                missing.append(line)
    return missing


def markdown_to_html(markdown: str) -> str:
    """The brief's body as an HTML fragment for the email template."""
    parser = markdown_parser()
    tokens = parser.parse(markdown)
    _demote_headings(tokens)
    return str(parser.renderer.render(tokens, parser.options, {}))
