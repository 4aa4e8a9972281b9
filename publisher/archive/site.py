"""The whole run: read every bundle into one context, then write the site from it.

Written in an order that never shows a reader a link to a missing page: the stylesheet
and the search script (which link to nothing), new edition pages (nothing links to them
yet), the pages whose neighbours changed, then the month pages, the front page, the search
index, the feed and the sitemap, and only then are pages of editions that left the archive
removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2

from publisher import __version__
from publisher.archive.context import ArchiveContext, Site
from publisher.archive.entries import EditionEntry
from publisher.archive.feed import FEED_FILE, atom_feed
from publisher.archive.index import index_page, month_page, month_pages
from publisher.archive.output import SiteOutput
from publisher.archive.pages import edition_page, page_key
from publisher.archive.readers import BundleFolder, find_bundles, read_entries
from publisher.archive.search import SEARCH_INDEX, search_index
from publisher.archive.sitemap import SITEMAP_FILE, sitemap
from publisher.archive.state import STATE_VERSION, ArchiveState, load_state, save_state
from publisher.archive.templates import archive_environment, render, templates_fingerprint
from publisher.archive.views import PAGE, briefs_view, page_path, site_view
from publisher.config.loader import load_settings
from publisher.errors import ConfigError, PublisherError
from publisher.record import Manifest

Progress = Callable[[int, int], None]
ASSETS = {"style.css": "archive/style.css.j2", "search.js": "archive/search.js.j2"}
FEED_ENTRY_TEMPLATE = "archive/feed_entry.html.j2"
# An edition page to write: its entry and its (older, newer) neighbours.
_Pending = tuple[EditionEntry, tuple[EditionEntry | None, EditionEntry | None]]


@dataclass(frozen=True)
class ArchiveReport:
    """What a run did: edition pages written and skipped, and what it left out."""

    out: Path
    editions: int
    written: int
    skipped: int
    removed: int
    left_out: int

    def summary(self) -> str:
        editions = "edition" if self.editions == 1 else "editions"
        pages = "page" if self.written == 1 else "pages"
        text = (
            f"{self.out / PAGE}: {self.editions} {editions}, {self.written} {pages} written,"
            f" {self.skipped} unchanged"
        )
        if self.removed:
            text += f", {self.removed} removed"
        if self.left_out == 1:
            text += " (1 bundle not handed off yet left out; --all takes it)"
        elif self.left_out:
            text += f" ({self.left_out} bundles not handed off yet left out; --all takes them)"
        return text


def build_archive(
    dist: Path,
    out: Path,
    config_path: Path,
    *,
    include_all: bool = False,
    progress: Progress | None = None,
) -> ArchiveReport:
    """dist/ (the bundles handed off, or all) -> the static site in `out`, incrementally."""
    settings = load_settings(config_path)
    if out.resolve() == dist.resolve():
        raise PublisherError(
            "the site cannot be written into the folder of bundles",
            out,
            hint="give the site a folder of its own, such as --out site",
        )
    if settings.archive is None:
        raise ConfigError(
            "no [archive] section: the archive needs to know where it is served",
            config_path,
            hint='add [archive] with base_url = "https://.../archive/" and subscribe_url',
        )
    site = Site.from_settings(settings, settings.archive)
    output = SiteOutput(out)
    fingerprint = _fingerprint(site, settings.root)
    state = load_state(output)
    if state.fingerprint != fingerprint:
        # How entries are made may change with the publisher, which the fingerprint holds.
        state = ArchiveState(pages=state.pages, months=state.months)
    bundles, left_out = find_bundles(dist, state.read, include_all=include_all)
    entries = read_entries(bundles, state.read)
    context = ArchiveContext.of(site, entries)
    writer = _Writer(output, context, archive_environment(settings.root), fingerprint, bundles)
    return writer.run(state, left_out, progress or (lambda done, total: None))


class _Writer:
    """One run's writing, in the order the module's docstring gives."""

    def __init__(
        self,
        output: SiteOutput,
        context: ArchiveContext,
        environment: jinja2.Environment,
        fingerprint: str,
        bundles: list[BundleFolder],
    ) -> None:
        self.output = output
        self.context = context
        self.site = context.site
        self.environment = environment
        self.fingerprint = fingerprint
        self.paths = {bundle.folder: bundle.path for bundle in bundles}

    def run(self, state: ArchiveState, left_out: int, progress: Progress) -> ArchiveReport:
        context = self.context
        for name, template in ASSETS.items():
            self.output.write(name, render(self.environment, template, {}).encode("utf-8"))
        keys, new, changed = self._plan(context, state)
        pending = [*new, *changed]
        written = 0
        for done, (entry, neighbours) in enumerate(pending, start=1):
            manifest = Manifest.read(self.paths[entry.folder])
            page = edition_page(self.environment, entry, manifest, neighbours, self.site)
            written += self.output.write(page_path(entry.folder), page)
            progress(done, len(pending))
        months = self._write_index(context, state)
        removed = [folder for folder in state.pages if folder not in keys]
        for folder in removed:
            self.output.remove_folder(folder)
        for stale in set(state.months) - set(months):
            self.output.remove_file(stale)
        save_state(self.output, ArchiveState(self.fingerprint, keys, months, state.read))
        return ArchiveReport(
            self.output.root,
            len(context.editions),
            written,
            len(context.editions) - written,
            len(removed),
            left_out,
        )

    def _plan(
        self, context: ArchiveContext, state: ArchiveState
    ) -> tuple[dict[str, str], list[_Pending], list[_Pending]]:
        """Every page's key, and the pages to write: new ones, then changed ones."""
        keys: dict[str, str] = {}
        new: list[_Pending] = []
        changed: list[_Pending] = []
        for index, entry in enumerate(context.editions):
            neighbours = context.neighbours(index)
            key = page_key(self.fingerprint, entry, neighbours)
            keys[entry.folder] = key
            if not self.output.exists(page_path(entry.folder)):
                new.append((entry, neighbours))
            elif state.pages.get(entry.folder) != key:
                changed.append((entry, neighbours))
        return keys, new, changed

    def _write_index(self, context: ArchiveContext, state: ArchiveState) -> dict[str, str]:
        """Everything that links to edition pages; the month pages' keys, for the state."""
        months = {}
        for page in month_pages(context, self.fingerprint):
            months[page.path] = page.key
            if state.months.get(page.path) != page.key or not self.output.exists(page.path):
                self.output.write(page.path, month_page(self.environment, context, page))
        self.output.write(PAGE, index_page(self.environment, context))
        self.output.write_chunks(SEARCH_INDEX, search_index(context))
        self.output.write(FEED_FILE, atom_feed(self.site, self._feed_contents(context)))
        self.output.write(SITEMAP_FILE, sitemap(context))
        return months

    def _feed_contents(self, context: ArchiveContext) -> list[tuple[EditionEntry, str]]:
        """The newest editions with their content as HTML, read from their manifests."""
        contents = []
        for entry in context.in_feed:
            manifest = Manifest.read(self.paths[entry.folder])
            # Absolute links: a feed reader shows the content away from the site.
            site = site_view(self.site, self.site.base_url)
            view = {"site": site, "briefs": briefs_view(manifest)}
            contents.append((entry, render(self.environment, FEED_ENTRY_TEMPLATE, view)))
        return contents


def _fingerprint(site: Site, root: Path) -> str:
    """What every page depends on besides its editions: this publisher, settings, templates."""
    parts = [__version__, str(STATE_VERSION), json.dumps(asdict(site), sort_keys=True)]
    parts.append(templates_fingerprint(root))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
