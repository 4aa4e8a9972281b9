"""Step 5: plain text from a brief's HTML: paragraphs, headings, lists, `text (url)` links."""

from __future__ import annotations

import re
import textwrap

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

WIDTH = 72
_SPACE = re.compile(r"[ \t\r\n\u00a0]+")
_WEB_ADDRESS = re.compile(r"https?://\S+")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _inline_text(node: Tag) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(_SPACE.sub(" ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
            elif child.name == "img":
                parts.append(str(child.get("alt", "")))
            elif child.name == "a":
                label = _inline_text(child).strip()
                href = str(child.get("href", ""))
                shown = href.removeprefix("mailto:")
                if not href or shown == label:
                    parts.append(label)
                elif _WEB_ADDRESS.fullmatch(label):
                    # A link written as its address (<https://...>): show the address it
                    # goes to, campaign tags included, once rather than twice.
                    parts.append(href)
                else:
                    parts.append(f"{label} ({href})")
            else:
                parts.append(_inline_text(child))
    return "".join(parts)


def _wrap(text: str, indent: str = "", first: str = "") -> str:
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


def _blocks(node: Tag) -> list[str]:
    blocks: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if str(child).strip():
                blocks.append(_wrap(_SPACE.sub(" ", str(child))))
        elif not isinstance(child, Tag):
            continue
        elif child.name in ("p", *_HEADINGS):
            blocks.append(_wrap(_inline_text(child)))
        elif child.name in ("ul", "ol"):
            items = child.find_all("li", recursive=False)
            markers = [f"{n}. " if child.name == "ol" else "- " for n in range(1, len(items) + 1)]
            blocks.append(
                "\n".join(
                    _wrap(_inline_text(item), " " * len(marker), marker)
                    for marker, item in zip(markers, items, strict=True)
                )
            )
        elif child.name == "blockquote":
            inner = "\n\n".join(_blocks(child))
            blocks.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif child.name == "pre":
            blocks.append(child.get_text().rstrip("\n"))
        elif child.name == "hr":
            blocks.append("-" * 20)
        else:
            blocks.extend(_blocks(child))
    return [block for block in blocks if block.strip()]


def html_to_text(html: str) -> str:
    """Readable plain text for an HTML fragment, blocks separated by blank lines."""
    soup = BeautifulSoup(html, "html.parser")
    return "\n\n".join(_blocks(soup))


def plain_paragraphs(html: str) -> list[str]:
    """Each top-level block's words on one line, without link addresses (for previews)."""
    soup = BeautifulSoup(html, "html.parser")
    blocks = (
        " ".join((child.get_text() if isinstance(child, Tag) else str(child)).split())
        for child in soup.children
    )
    return [block for block in blocks if block]
