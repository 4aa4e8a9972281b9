"""Gmail clips an email whose HTML passes 102 KB, hiding the rest behind a link."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import Finding

NAME = "size"
CLIP_BYTES = 102 * 1024
# Providers add their own tracking and footer markup: leave them room.
WARN_BYTES = 90 * 1024


def run(edition: CheckedEdition) -> Iterator[Finding]:
    # The .eml's HTML part (the integrity check holds the two to the manifest) as sent:
    # every line ends in CRLF on the wire.
    sent = edition.html.replace("\r\n", "\n").replace("\n", "\r\n")
    size = len(sent.encode("utf-8"))
    shown = f"{size / 1024:.1f} KB"
    if size >= CLIP_BYTES:
        yield Finding(
            NAME,
            "error",
            f"the HTML part is {shown}: Gmail clips email over 102 KB",
            hint="cut or shorten briefs: each costs its text and links plus about 0.4 KB",
        )
    elif size >= WARN_BYTES:
        yield Finding(
            NAME,
            "warning",
            f"the HTML part is {shown}, close to Gmail's 102 KB clipping limit",
            hint="providers add markup of their own: cut a brief or shorten some to stay clear",
        )
