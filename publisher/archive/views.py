"""What the templates see of an edition: plain dicts built from entries and manifests.

Python owns the content (relative links, dates in words, the briefs' web HTML); the
templates own the look. Every link between pages is relative, so the site works from any
folder and from file://, and names `index.html` itself, as file:// needs.
"""

from __future__ import annotations

from typing import Any

from publisher.archive.context import Month, Site
from publisher.archive.entries import EditionEntry
from publisher.archive.web import web_fragment
from publisher.dates import dateline, month_name
from publisher.record import Manifest
from publisher.tracking import untagged

PAGE = "index.html"
MONTHS_FOLDER = "months"


def page_path(folder: str) -> str:
    """An edition's page, relative to the site's root: `2026-11-27/index.html`."""
    return f"{folder}/{PAGE}"


def month_path(month: Month) -> str:
    """A month's page, relative to the site's root: `months/2026-11.html`."""
    return f"{MONTHS_FOLDER}/{month.key}.html"


def edition_label(entry: EditionEntry) -> str | None:
    """`Breaking edition` for the second edition named breaking; None for the daily one."""
    if entry.edition_name is None:
        return None
    return f"{entry.edition_name.replace('-', ' ').capitalize()} edition"


def entry_view(entry: EditionEntry, root: str) -> dict[str, Any]:
    """An edition as a list shows it; `root` leads from the page to the site's root."""
    return {
        "href": f"{root}{page_path(entry.folder)}",
        "date": entry.send_date.isoformat(),
        "dateline": dateline(entry.send_date),
        "subject": entry.subject,
        "lead": entry.lead,
        "label": edition_label(entry),
    }


def month_view(month: Month, root: str) -> dict[str, Any]:
    return {
        "key": month.key,
        "name": month_name(month.year, month.month),
        "year": month.year,
        "href": f"{root}{month_path(month)}",
        "count": len(month.editions),
        "editions": [entry_view(entry, root) for entry in month.editions],
    }


def site_view(site: Site, root: str) -> dict[str, Any]:
    return {
        "publication": site.publication,
        "lang": site.language,
        "website_url": site.website_url,
        "subscribe_url": site.subscribe_url,
        "subscribe_text": site.subscribe_text,
        "index": f"{root}{PAGE}",
        "feed": f"{root}feed.atom",
        "stylesheet": f"{root}style.css",
    }


def briefs_view(manifest: Manifest) -> list[dict[str, Any]]:
    """The briefs in reading order, with the email's campaign tags taken off their links."""
    return [
        {
            "slug": brief.slug,
            "title": brief.title,
            "html": web_fragment(brief.html),
            "source": brief.source,
            "url": untagged(brief.url) if brief.url else "",
        }
        for brief in manifest.briefs
    ]


def edition_view(
    entry: EditionEntry,
    manifest: Manifest,
    neighbours: tuple[EditionEntry | None, EditionEntry | None],
    site: Site,
) -> dict[str, Any]:
    """The context of an edition's page, one folder below the site's root."""
    root = "../"
    older, newer = neighbours
    return {
        "site": site_view(site, root),
        "root": root,
        "canonical_url": f"{site.base_url}{entry.folder}/",
        "edition": {**entry_view(entry, root), "briefs": briefs_view(manifest)},
        "older": entry_view(older, root) if older else None,
        "newer": entry_view(newer, root) if newer else None,
    }
