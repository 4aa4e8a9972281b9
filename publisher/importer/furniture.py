"""Page furniture: the parts of a saved news page that are not the article.

Navigation, headers, footers, asides, scripts, forms, embeds, images, hidden elements,
every `<h1>` (the headline goes into the front matter) and widgets whose class, id or
aria-label names sharing, social, newsletter, subscribe, related, advert, promo, paywall
or cookie, unless the widget holds most of the article's text: some sites wrap the whole
story in `<div class="paywall">`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4.element import Tag

FURNITURE = frozenset(
    {
        "nav", "header", "footer", "aside", "script", "style", "noscript", "template",
        "form", "button", "input", "select", "textarea", "label", "iframe", "object",
        "embed", "svg", "canvas", "img", "picture", "video", "audio", "map", "dialog", "h1",
    }
)  # fmt: skip
# "shared" and "shareholder" are words of the article, not a share widget.
_WIDGET = re.compile(
    r"share(?!d|holder)|sharing|social|newsletter|subscri|related|advert|promo|paywall|cookie"
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    """What every element's conversion needs: the base for relative links, the text's size."""

    base_url: str
    text_length: int


def attribute(tag: Tag, name: str) -> str:
    """The attribute's value as text; a list-valued one (`class`) joined by spaces."""
    value = tag.get(name)
    return value if isinstance(value, str) else " ".join(value or ())


def text_length(tag: Tag) -> int:
    """How many characters other than spaces the element's text has."""
    return len(_SPACE.sub("", tag.get_text()))


def is_furniture(tag: Tag, page: Page) -> bool:
    """Whether the element is page furniture rather than part of the article."""
    style = attribute(tag, "style").replace(" ", "").lower()
    if tag.name in FURNITURE or tag.has_attr("hidden") or "display:none" in style:
        return True
    if attribute(tag, "aria-hidden") == "true":
        return True
    marks = " ".join(attribute(tag, name) for name in ("class", "id", "aria-label")).lower()
    return _WIDGET.search(marks) is not None and text_length(tag) * 2 <= page.text_length
