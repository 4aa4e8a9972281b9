"""The archive's memory between runs: `.publisher-archive.json` in the site's folder.

It holds the fingerprint of the templates and settings the pages were written with, each
page's key (`pages.page_key`, `index.month_pages`), and what the readers learnt from each
bundle (`readers.ReadCache`: its ledger's verdict, its manifest's hash and index entry),
so an unchanged bundle is neither read nor parsed again. Lost or from another version,
it only costs a full rewrite (and pages of editions that left the archive stay).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from publisher.archive.entries import EditionEntry
from publisher.archive.output import SiteOutput
from publisher.archive.readers import ReadCache

STATE_FILE = ".publisher-archive.json"
STATE_VERSION = 1


@dataclass(frozen=True)
class ArchiveState:
    fingerprint: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    months: dict[str, str] = field(default_factory=dict)
    read: ReadCache = field(default_factory=ReadCache)

    def to_json(self) -> Iterator[bytes]:
        """The state as JSON, in pieces: a few megabytes for years of editions.

        One object, its last key the list of entries, each encoded on its own by the C
        encoder (`json.JSONEncoder.iterencode` would stream, at a fifth of the speed).
        """
        head: dict[str, Any] = {
            "version": STATE_VERSION,
            "fingerprint": self.fingerprint,
            "pages": self.pages,
            "months": self.months,
            "ledgers": self.read.ledgers,
            "manifests": self.read.manifests,
        }
        yield _encode(head)[:-1].encode("utf-8") + b',"entries":['
        for number, entry in enumerate(self.read.entries.values()):
            yield f"{',' if number else ''}{_encode(entry.to_json())}".encode()
        yield b"]}\n"


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def load_state(output: SiteOutput) -> ArchiveState:
    """The last run's state; an empty one (everything rewritten) if there is none to read."""
    path = output.root / STATE_FILE
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != STATE_VERSION:
            return ArchiveState()
        ledgers = {name: (tuple(seen), is_in) for name, (seen, is_in) in data["ledgers"].items()}
        manifests = {name: (tuple(seen), sha) for name, (seen, sha) in data["manifests"].items()}
        entries = {entry.folder: entry for entry in map(EditionEntry.from_json, data["entries"])}
        read = ReadCache(ledgers=ledgers, manifests=manifests, entries=entries)
        return ArchiveState(data["fingerprint"], dict(data["pages"]), dict(data["months"]), read)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ArchiveState()


def save_state(output: SiteOutput, state: ArchiveState) -> None:
    output.write_chunks(STATE_FILE, state.to_json())
