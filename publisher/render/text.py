"""Step 5: a brief's plain text from the same markdown-it tokens as its HTML.

Paragraphs and headings are wrapped at 72 columns, lists keep their markers, quotes
their `> `, and a link reads `text (url)` with the address the HTML links to. Reading the
tokens rather than parsing the rendered HTML again keeps an HTML parser off the build.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from functools import lru_cache

from markdown_it.token import Token

from publisher.markdown_tokens import parse
from publisher.render.markdown import Rewrites, UrlRewrite, rewrites

WIDTH = 72
RULE = "-" * 20
_SPACE = re.compile(r"[ \t\r\n\u00a0]+")
_WEB_ADDRESS = re.compile(r"https?://\S+")
_LISTS = ("bullet_list_open", "ordered_list_open")
_CODE = ("fence", "code_block")


def _alt(children: Sequence[Token]) -> str:
    """An image's alt text as the HTML renderer writes it: the text of its description."""
    parts = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_alt(child.children or ()))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _inline_text(children: Sequence[Token], link_url: UrlRewrite | None) -> str:
    """One block's inline tokens as text: spaces collapsed, links as `label (address)`."""
    parts: list[str] = []
    index = 0
    while index < len(children):
        child = children[index]
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(_SPACE.sub(" ", child.content))
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n ")
        elif child.type == "image":
            parts.append(_alt(child.children or ()))
        elif child.type == "link_open":
            close = _closing(children, index)
            label = _inline_text(children[index + 1 : close], link_url).strip()
            parts.append(_link(label, str(child.attrGet("href") or ""), link_url))
            index = close
        index += 1
    return "".join(parts)


def _link(label: str, href: str, link_url: UrlRewrite | None) -> str:
    href = link_url(href) if link_url is not None else href
    shown = href.removeprefix("mailto:")
    if not href or shown == label:
        return label
    if _WEB_ADDRESS.fullmatch(label):
        # A link written as its address (<https://...>): show the address it goes to,
        # campaign tags included, once rather than twice.
        return href
    return f"{label} ({href})"


def _closing(tokens: Sequence[Token], index: int) -> int:
    """The index of the token closing the one opened at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


@lru_cache(maxsize=4096)
def _wrap(text: str, indent: str = "", first: str = "") -> str:
    """`text` filled to WIDTH columns, each of its lines on its own.

    Remembered: wrapping is most of the text part's cost, and a rebuild (the preview's,
    on every save) wraps the same paragraphs again but for the one being edited.
    """
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(
        textwrap.fill(
            line,
            WIDTH,
            initial_indent=first if i == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for i, line in enumerate(lines)
        if line
    )


def _children(tokens: Sequence[Token], start: int, end: int) -> Iterator[tuple[int, int]]:
    """(first, last) index of each block directly inside tokens[start:end]."""
    index = start
    while index < end:
        last = _closing(tokens, index) if tokens[index].nesting == 1 else index
        yield index, last
        index = last + 1


def _flat_text(tokens: Sequence[Token], link_url: UrlRewrite | None) -> str:
    """Everything inside a list item on its item's line, its blocks a space apart."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(_inline_text(token.children or (), link_url))
        elif token.type in _CODE:
            parts.append(_SPACE.sub(" ", token.content))
    return " ".join(parts)


def _list(tokens: Sequence[Token], link_url: UrlRewrite | None) -> str:
    ordered = tokens[0].type == "ordered_list_open"
    start = int(tokens[0].attrGet("start") or 1) if ordered else 1
    lines = []
    for number, (first, last) in enumerate(_children(tokens, 1, len(tokens) - 1), start):
        marker = f"{number}. " if ordered else "- "
        item = _flat_text(tokens[first + 1 : last], link_url)
        lines.append(_wrap(item, " " * len(marker), marker))
    return "\n".join(lines)


def _blocks(tokens: Sequence[Token], link_url: UrlRewrite | None) -> list[str]:
    blocks: list[str] = []
    for first, last in _children(tokens, 0, len(tokens)):
        token = tokens[first]
        if token.type in ("paragraph_open", "heading_open"):
            blocks.append(_wrap(_inline_text(tokens[first + 1].children or (), link_url)))
        elif token.type in _LISTS:
            blocks.append(_list(tokens[first : last + 1], link_url))
        elif token.type == "blockquote_open":
            inner = "\n\n".join(_blocks(tokens[first + 1 : last], link_url))
            blocks.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif token.type in _CODE:
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "hr":
            blocks.append(RULE)
    return [block for block in blocks if block.strip()]


def markdown_to_text(markdown: str, link_url: UrlRewrite | None = None) -> str:
    """Readable plain text for a brief's body, blocks separated by blank lines.

    `link_url` is the rewrite the HTML's links got (campaign tags), so both parts of the
    email send a reader to the same address.
    """
    return _text(markdown, rewrites(markdown, link_url))


@lru_cache(maxsize=512)
def _text(markdown: str, links: Rewrites) -> str:
    """Remembered, as the brief's HTML is (`markdown._rendered`)."""
    tokens, _ = parse(markdown)
    link_url = None if links is None else dict(links).__getitem__
    return "\n\n".join(_blocks(tokens, link_url))


def _words(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.extend(
                "\n" if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children or ()
                if child.type in ("text", "text_special", "code_inline", "softbreak", "hardbreak")
            )
        elif token.type in _CODE:
            parts.append(token.content)
        parts.append(" ")
    return " ".join("".join(parts).split())


def plain_paragraphs(markdown: str) -> list[str]:
    """Each top-level block's words on one line, without link addresses (for previews)."""
    tokens, _ = parse(markdown)
    blocks = (_words(tokens[first : last + 1]) for first, last in _children(tokens, 0, len(tokens)))
    return [block for block in blocks if block]
