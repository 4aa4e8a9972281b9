"""An article's HTML as Markdown: paragraphs, headings, lists, quotes, links and emphasis.

Page furniture (see `furniture`) is left out. Links keep absolute http(s) and mailto
addresses; a relative one is resolved against the page's canonical address, or becomes
plain text when the page has none, as do `javascript:` and `#fragment` links. Spaces, no-break
spaces (`&nbsp;`) included, collapse into one plain space, as a browser shows them. A single
`<br>` is a soft line break; two or more in a row end the paragraph.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from publisher.importer.escape import escape_inline, escape_line_start
from publisher.importer.furniture import Page, attribute, is_furniture, text_length

BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_SPACE = re.compile(r"\s+")
_LIST_ITEM = re.compile(r"(?:- |\d+\. )")
_BREAK = "\n"
# An escape pair (kept) or a bare bracket (escaped): brackets would end a link's text early.
_LABEL_BRACKET = re.compile(r"(\\.)|[\[\]]")


def _href(tag: Tag, page: Page) -> str | None:
    """An absolute http(s) or mailto address; a relative one resolved against the page's."""
    href = attribute(tag, "href").strip()
    try:
        scheme = urlsplit(href).scheme.lower()
        if scheme == "" and page.base_url and href and not href.startswith("#"):
            href, scheme = urljoin(page.base_url, href), urlsplit(page.base_url).scheme
    except ValueError:  # a malformed address, such as an unclosed IPv6 bracket
        return None
    if scheme not in ("http", "https", "mailto"):
        return None
    return quote(href, safe="!#$%&'*+,/:;=?@[]~")


def _wrapped(inner: str, before: str, after: str) -> str:
    """`before` + inner + `after`, with the inner text's outer spaces kept outside."""
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{before}{core}{after}{trail}"


def _inline(node: PageElement, page: Page) -> str:
    if isinstance(node, PreformattedString):  # comments, doctype, CDATA
        return ""
    if isinstance(node, NavigableString):
        return escape_inline(_SPACE.sub(" ", str(node)))
    if not isinstance(node, Tag) or is_furniture(node, page):
        return ""
    if node.name == "br":
        return _BREAK
    inner = "".join(_inline(child, page) for child in node.children)
    if node.name in EMPHASIS:
        return _wrapped(inner, EMPHASIS[node.name], EMPHASIS[node.name])
    if node.name == "a":
        href = _href(node, page)
        label = _LABEL_BRACKET.sub(lambda found: found[0] if found[1] else "\\" + found[0], inner)
        return _wrapped(label, "[", f"]({href})") if href else inner
    return f" {inner} " if node.name in BLOCKS else inner


def _paragraphs(pieces: list[str]) -> list[str]:
    """Inline Markdown pieces as paragraphs: one `<br>` is a line break, more end a paragraph."""
    text = re.sub(r" {2,}", " ", "".join(pieces))
    chunks = re.split(r" ?\n(?: ?\n)+ ?", text)
    return [
        "\n".join(escape_line_start(line.strip()) for line in chunk.split("\n") if line.strip())
        for chunk in chunks
        if chunk.strip()
    ]


def _indented(text: str, width: int) -> str:
    return "\n".join(" " * width + line if line else "" for line in text.split("\n"))


def _list(tag: Tag, page: Page) -> list[str]:
    start = attribute(tag, "start")
    number = int(start) if tag.name == "ol" and start.isdigit() else 1
    items = []
    for item in tag.find_all("li", recursive=False):
        content = [] if is_furniture(item, page) else blocks(item, page)
        if not content:
            continue
        marker = f"{number}. " if tag.name == "ol" else "- "
        number += 1
        # A nested list follows its item's text directly, keeping the list tight.
        joined = content[0]
        for block in content[1:]:
            joined += ("\n" if _LIST_ITEM.match(block) else "\n\n") + block
        items.append(marker + _indented(joined, len(marker))[len(marker) :])
    return ["\n".join(items)] if items else []


def _block(tag: Tag, page: Page) -> list[str]:
    if is_furniture(tag, page) or tag.name == "hr":
        return []
    if tag.name in ("h2", "h3", "h4", "h5", "h6"):
        text = " ".join(_paragraphs([_inline(tag, page)])).replace("\n", " ")
        return [f"{'#' * int(tag.name[1])} {text}"] if text else []
    if tag.name in ("ul", "ol"):
        return _list(tag, page)
    if tag.name == "blockquote":
        quoted = "\n\n".join(blocks(tag, page))
        return [re.sub(r"^(.)", r"> \1", quoted, flags=re.M).replace("\n\n", "\n>\n")]
    return blocks(tag, page)


def is_block(node: PageElement) -> bool:
    """Whether the node is a block element, or holds one (`<story-body><p>...`)."""
    if not isinstance(node, Tag):
        return False
    return node.name in BLOCKS or any(
        isinstance(inner, Tag) and inner.name in BLOCKS for inner in node.descendants
    )


def blocks(container: Tag, page: Page) -> list[str]:
    """The container's content as Markdown blocks: its inline runs become paragraphs.

    An unknown element that holds blocks (`<story-body><p>...`) is a container too.
    """
    found: list[str] = []
    pieces: list[str] = []
    for child in container.children:
        if isinstance(child, Tag) and is_block(child):
            found.extend(_paragraphs(pieces))
            pieces = []
            found.extend(_block(child, page))
        else:
            pieces.append(_inline(child, page))
    return found + _paragraphs(pieces)


def to_markdown(root: Tag, base_url: str = "") -> str:
    """The article under `root` as Markdown, links resolved against `base_url` when given."""
    page = Page(base_url, text_length(root))
    return "\n\n".join(blocks(root, page)) + "\n"
