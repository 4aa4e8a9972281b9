"""Normalised text for matching: what an editor sees as the same words compares equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
# Backslash escapes, as `publisher import` writes them: \*, \_, \#, \[.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)")
_BLOCK_MARKER = re.compile(r"^\s*(>\s*|[-*+]\s+|#{1,6}\s+)+")
_SPACE = re.compile(r"\s+")
# Rules, dashes and bullets around a label: "— Advertisement —", "• Share".
_DECORATION = "-–—•·|=~ "


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """NFKC, straight quotes, no Markdown emphasis or link syntax, single spaces; case kept.

    Remembered: the matcher, the judgement and the story each ask for the same paragraph.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _ESCAPE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _BLOCK_MARKER.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip(_DECORATION)


def normalise(text: str) -> str:
    """NFKC, straight quotes, no Markdown emphasis or link syntax, single spaces, lowercase."""
    return plain(text).lower()
