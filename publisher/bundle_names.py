"""Bundle folder names: `<send-date>` for the daily edition, `<send-date>-<name>` for another.

The one place the rule lives, written and read back, so check, hand-off, archive and diff
tell a bundle from a staging folder (`.2026-11-27.x.partial`) or a hand-off record
(`2026-11-27.handoff`). Imports nothing heavy: anything that reads bundles may use it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from publisher.errors import PublisherError

EDITION_NAME_LENGTH = 40
_EDITION_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BUNDLE_NAME = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:-(?P<edition>.+))?")


def is_edition_name(name: str) -> bool:
    """Whether `name` may name a second edition: a lowercase slug of at most 40 characters."""
    return len(name) <= EDITION_NAME_LENGTH and _EDITION_NAME.fullmatch(name) is not None


def check_edition_name(name: str) -> str:
    """`name` itself if it may name a second edition; a PublisherError saying why not."""
    if not is_edition_name(name):
        raise PublisherError(
            "--edition must be a lowercase slug (a-z, 0-9, single hyphens) of at most"
            f" {EDITION_NAME_LENGTH} characters: {name!r}",
            hint="write it like --edition breaking or --edition election-night",
        )
    return name


def bundle_name(send_date: date, edition_name: str | None = None) -> str:
    """`2026-11-27` for the daily edition, `2026-11-27-breaking` for the one named breaking."""
    if edition_name is None:
        return send_date.isoformat()
    return f"{send_date.isoformat()}-{check_edition_name(edition_name)}"


def parse_bundle_name(name: str) -> tuple[date, str | None] | None:
    """(send date, edition name or None for the daily one), or None if `name` is no bundle's."""
    found = _BUNDLE_NAME.fullmatch(name)
    if found is None:
        return None
    try:
        send_date = date.fromisoformat(found["date"])
    except ValueError:  # 2026-02-30
        return None
    edition_name: str | None = found["edition"]
    if edition_name is not None and not is_edition_name(edition_name):
        return None
    return send_date, edition_name


LEDGER_FILE = "ledger.json"
"""The hand-off ledger's name in a bundle's hand-off folder (see `handoff.ledger`)."""


def handoff_folder(bundle: Path) -> Path:
    """`dist/2026-11-27.handoff/` beside `dist/2026-11-27/`: not inside the hashed bundle.

    Here rather than in `handoff`, so the diff and the status (which read the ledger to
    find the last test send) need not import the hand-off, which imports the diff.
    """
    return bundle.with_name(f"{bundle.name}.handoff")
