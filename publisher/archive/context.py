"""Step 2, context: every edition's entry in one ordered whole, and what the site says.

Writers take their pages from this and nothing else: the editions newest first, their
neighbours for previous/next links, the months they fall in, and the publication's
words and addresses from publication.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from publisher.archive.entries import EditionEntry
from publisher.config.settings import ArchiveSection, Settings

FRONT_PAGE_EDITIONS = 30
"""The index lists this many of the newest editions; every edition is on its month's page."""
FEED_EDITIONS = 20
"""The Atom feed carries the full content of this many of the newest editions."""


@dataclass(frozen=True)
class Site:
    """What every page says about the publication, from publication.toml."""

    publication: str
    language: str
    website_url: str
    base_url: str
    subscribe_url: str
    subscribe_text: str

    @classmethod
    def from_settings(cls, settings: Settings, archive: ArchiveSection) -> Site:
        return cls(
            publication=settings.publication.name,
            language=settings.publication.language,
            website_url=settings.publication.website_url,
            base_url=archive.folder_url,
            subscribe_url=archive.subscribe_url,
            subscribe_text=settings.boilerplate.pitch,
        )


@dataclass(frozen=True)
class Month:
    """The editions of one calendar month, newest first; its page is `months/<key>.html`."""

    year: int
    month: int
    editions: tuple[EditionEntry, ...]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class ArchiveContext:
    """The whole archive: its editions newest first, and the site's settings."""

    site: Site
    editions: tuple[EditionEntry, ...]

    @classmethod
    def of(cls, site: Site, entries: list[EditionEntry]) -> ArchiveContext:
        # Newest first; two editions of one day go by their send times, then folder names.
        ordered = sorted(entries, key=lambda e: (e.send_at_utc, e.folder), reverse=True)
        return cls(site, tuple(ordered))

    def neighbours(self, index: int) -> tuple[EditionEntry | None, EditionEntry | None]:
        """(the edition before, the edition after) the one at `index`, in time."""
        older = self.editions[index + 1] if index + 1 < len(self.editions) else None
        newer = self.editions[index - 1] if index > 0 else None
        return older, newer

    @property
    def front_page(self) -> tuple[EditionEntry, ...]:
        return self.editions[:FRONT_PAGE_EDITIONS]

    @property
    def in_feed(self) -> tuple[EditionEntry, ...]:
        return self.editions[:FEED_EDITIONS]

    def months(self) -> list[Month]:
        """Every month with an edition, newest first."""
        by_month = groupby(self.editions, key=lambda e: (e.send_date.year, e.send_date.month))
        return [Month(year, month, tuple(group)) for (year, month), group in by_month]
