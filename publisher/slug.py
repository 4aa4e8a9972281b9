"""Slugs for file names and anchors, from a headline or file name in any script.

Latin letters keep their base letter ("Zürich" gives `zurich`); other scripts are
transliterated by anyascii ("Москва" gives `moskva`). What has no ASCII reading at all
gets a stable name from a hash of the text, so two such headlines never share a slug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A lowercase ASCII slug of `text`: the same text always gives the same slug."""
    # Only letters and digits are transliterated: "€12m" is `12m`, not `eur12m`.
    words = "".join(
        character if unicodedata.category(character)[0] in "LNM" else " "
        for character in unicodedata.normalize("NFKC", text)
    )
    ascii_text = anyascii(words)
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]
    return f"brief-{digest}"
