"""Publications with bundles for the archive's tests: real builds, hand-offs, a site."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.archive import ArchiveReport, build_archive
from publisher.build import build_edition
from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION

BASE_URL = "https://www.globalpost.example/archive/"
SUBSCRIBE_URL = "https://www.globalpost.example/subscribe"
ARCHIVE_SETTINGS = f'\n[archive]\nbase_url = "{BASE_URL}"\nsubscribe_url = "{SUBSCRIBE_URL}"\n'
UNSUBSCRIBE_URL = "https://www.globalpost.example/unsubscribe"


@dataclass(frozen=True)
class Edition:
    """One edition to build: when, its subject, its lead brief, and how it was handed off."""

    now: str
    subject: str
    lead: str
    edition_name: str | None = None
    state: str | None = "sent"
    """The ledger's state for the destination; None: never handed off (no ledger)."""


SLUGS = ("ceasefire-talks", "harbor-wind-farm", "monsoon-floods", "chip-exports")
# Four bundles: three handed off (one of them the day's second edition), one whose
# hand-off failed, so it is no edition of the archive yet.
EDITIONS = (
    Edition("2026-11-25T10:00:00-05:00", "Geneva ceasefire talks stall", "ceasefire-talks"),
    Edition(
        "2026-11-30T10:00:00-05:00", "Harbor Wind sets its last foundation", "harbor-wind-farm"
    ),
    Edition(
        "2026-11-30T10:00:00-05:00",
        "Delta floods: relief boats race the water",
        "monsoon-floods",
        "breaking",
        "scheduled",
    ),
    Edition("2026-12-01T10:00:00-05:00", "Chip export rules bite", "chip-exports", state="failed"),
)
ARCHIVED = ("2026-12-01-breaking", "2026-12-01", "2026-11-27")
"""The folders of the handed-off editions, newest first."""


@dataclass(frozen=True)
class Newsroom:
    """A publication with [archive], its briefs, its bundles and its site."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def config(self) -> Path:
        return self.root / "publication.toml"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self, edition: Edition) -> Path:
        """Builds the edition (subject and lead brief as given) and records its hand-off."""
        order = [edition.lead, *(slug for slug in SLUGS if slug != edition.lead)]
        settings = f"subject = {json.dumps(edition.subject)}\norder = {json.dumps(order)}\n"
        (self.content / "edition.toml").write_text(settings, "utf-8")
        now = datetime.fromisoformat(edition.now)
        built = build_edition(self.content, self.config, self.dist, now, edition.edition_name)
        if edition.state is not None:
            hand_off(built.bundle.path, edition.state)
        return built.bundle.path

    def archive(self, *, include_all: bool = False) -> ArchiveReport:
        return build_archive(self.dist, self.site, self.config, include_all=include_all)

    def page(self, relative: str) -> str:
        return (self.site / relative).read_text("utf-8")


def newsroom(into: Path, editions: tuple[Edition, ...] = EDITIONS) -> Newsroom:
    """The fixture publication with [archive] in `into`, its `editions` built."""
    room = Newsroom(into)
    shutil.copytree(FIXTURE_EDITION, room.content)
    room.config.write_text(FIXTURE_CONFIG.read_text("utf-8") + ARCHIVE_SETTINGS, "utf-8")
    for edition in editions:
        room.build(edition)
    return room


def hand_off(bundle: Path, state: str, destination: str = "mailchimp") -> None:
    """A ledger beside the bundle, as `publisher handoff` leaves it, with one destination."""
    folder = bundle.with_name(f"{bundle.name}.handoff")
    folder.mkdir(exist_ok=True)
    ledger = {"version": 1, "bundle": bundle.name, "destinations": {destination: {"state": state}}}
    (folder / "ledger.json").write_text(json.dumps(ledger), "utf-8")


def copy_newsroom(source: Newsroom, into: Path) -> Newsroom:
    """A copy to change, leaving the module's shared newsroom as it was."""
    shutil.copytree(source.root, into, symlinks=True, dirs_exist_ok=True)
    return Newsroom(into)
