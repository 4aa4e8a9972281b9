"""A saved page's bytes as text, read the way a browser reads them.

UTF-8 first (what nearly every page is, whatever it declares); else the charset the page
declares in `<meta>`; else, for a page that declares none, the encoding detected from the
bytes (charset-normalizer, trafilatura's own detector, imported only then), preferring the
legacy encoding browsers assume for the page's language (`<html lang>`), or windows-1252
for a page that names none, whenever that reads the bytes as well as the best guess.
"""

from __future__ import annotations

import codecs
import re

_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_LANGUAGE = re.compile(
    rb"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?\s*([a-z]{2,3})(?:[-_]([a-z0-9]+))?""",
    re.IGNORECASE,
)
# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (WHATWG Encoding, "Names
# and labels"), and so do editors' old CMSs: “curly quotes” live in its 0x80-0x9f range.
_WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii"})
WESTERN = "cp1252"
# The legacy encoding a browser assumes for an undeclared page in each language: WHATWG
# HTML, "determining the character encoding", table of suggested defaults by locale.
_LANGUAGE_DEFAULTS = {
    "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "he": "cp1255", "iw": "cp1255",
    "be": "cp1251", "bg": "cp1251", "kk": "cp1251", "ky": "cp1251", "mk": "cp1251",
    "ru": "cp1251", "sr": "cp1251", "tt": "cp1251", "uk": "cp1251",
    "cs": "cp1250", "hr": "cp1250", "hu": "iso8859-2", "pl": "iso8859-2", "ro": "iso8859-2",
    "sk": "cp1250", "sl": "iso8859-2", "el": "iso8859-7", "et": "cp1257", "lt": "cp1257",
    "lv": "cp1257", "tr": "cp1254", "ku": "cp1254", "vi": "cp1258", "th": "cp874",
    "ja": "shift_jis", "ko": "euc_kr", "zh": "gb18030",
}  # fmt: skip
# Chinese outside the mainland was written in Big5.
_TRADITIONAL_CHINESE = frozenset({"tw", "hk", "mo", "hant"})
# How much more "chaos" (charset-normalizer's measure of mojibake) than the best guess the
# language's own encoding may show and still be preferred: ties are common between
# windows-1250 and windows-1252 on English text, which differ on £ and accented letters.
_CHAOS_MARGIN = 0.02


def declared_charset(raw: bytes) -> str | None:
    """The Python codec for the page's `<meta charset>` (or Content-Type), if Python knows it."""
    found = _DECLARED.search(raw[:65536])
    if found is None:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    label = WESTERN if label in _WINDOWS_1252_LABELS else label
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII is not UTF-16; browsers read it as UTF-8 (WHATWG).
    return None if name.startswith(("utf-16", "utf-32")) else name


def language_default(raw: bytes) -> str | None:
    """The legacy encoding browsers assume for the page's `<html lang>`, if it has one."""
    found = _LANGUAGE.search(raw[:65536])
    if found is None:
        return None
    language = found.group(1).decode("ascii").lower()
    region = (found.group(2) or b"").decode("ascii").lower()
    if language == "zh" and region in _TRADITIONAL_CHINESE:
        return "big5"
    return _LANGUAGE_DEFAULTS.get(language, WESTERN)


def _codec(name: str) -> str:
    return codecs.lookup(name).name


def decode_undeclared(raw: bytes) -> str:
    """The text of a page that is not UTF-8 and declares no charset.

    Raises UnicodeDecodeError when the bytes are not text in any encoding tried.
    """
    from charset_normalizer import from_bytes

    preferred = _codec(language_default(raw) or WESTERN)
    guesses = list(from_bytes(raw))
    if not guesses:
        return raw.decode(preferred)
    best = min(guess.chaos for guess in guesses)
    for guess in guesses:
        if _codec(guess.encoding) == preferred and guess.chaos <= best + _CHAOS_MARGIN:
            return raw.decode(preferred)
    return raw.decode(_codec(guesses[0].encoding))
