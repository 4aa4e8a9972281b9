"""The items of a link list ("Most read", "Related stories") that follow its heading.

An item is a list item, a line that is one link, a rank number, or a short line that reads
like a headline or a topic (up to twenty words, no closing full stop): news paragraphs end with one.
"""

from __future__ import annotations

import re

from publisher.boilerplate.normalise import plain

_MARKED = re.compile(r"\s*([-*+•]|\d{1,2}[.)])\s+\S")
_LINK_LINE = re.compile(r"\s*(\d{1,2}[.)]?\s*)?!?\[[^\]]+\]\([^)]*\)[\s\W]*$")
_RANK = re.compile(r"\s*\d{1,2}[.)]?\s*$")
_SENTENCE_END = (".", "!", ";", ",", ":", '"', "'", "”", "’", ")")
MAX_ITEM_WORDS = 20


def is_marked_item(line: str) -> bool:
    """A Markdown list item, a line that is one link, or a rank number."""
    return bool(_MARKED.match(line) or _LINK_LINE.match(line) or _RANK.match(line))


def is_item(line: str) -> bool:
    """Whether the line reads as one entry of a list of links rather than as prose."""
    if not line.strip() or line.lstrip().startswith("#"):
        return False
    words = plain(line).split()
    if is_marked_item(line):
        return len(words) <= MAX_ITEM_WORDS + 10
    return 1 <= len(words) <= MAX_ITEM_WORDS and not plain(line).endswith(_SENTENCE_END)
