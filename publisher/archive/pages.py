"""Step 3a, write: one page per edition, from its manifest, and the key that says when.

A page shows its own edition and its neighbours' subjects (previous/next), through the
templates and the site's settings; its key is a hash of all of these, so the run rewrites
exactly the pages whose key changed: a new or rebuilt bundle, its two neighbours, or
everything after a template or setting changed.
"""

from __future__ import annotations

import hashlib

import jinja2

from publisher.archive.context import Site
from publisher.archive.entries import EditionEntry
from publisher.archive.templates import render
from publisher.archive.views import edition_view
from publisher.record import Manifest

EDITION_TEMPLATE = "archive/edition.html.j2"


def page_key(
    fingerprint: str, entry: EditionEntry, neighbours: tuple[EditionEntry | None, ...]
) -> str:
    """What the page depends on, hashed: the site, its bundle, its neighbours' links."""
    digest = hashlib.sha256(f"{fingerprint}\0{entry.manifest_sha256}".encode())
    for neighbour in neighbours:
        shown = "" if neighbour is None else f"{neighbour.folder}\0{neighbour.subject}"
        digest.update(f"\0{shown}".encode())
    return digest.hexdigest()


def edition_page(
    environment: jinja2.Environment,
    entry: EditionEntry,
    manifest: Manifest,
    neighbours: tuple[EditionEntry | None, EditionEntry | None],
    site: Site,
) -> bytes:
    """The edition's page: its briefs as semantic HTML, a subscribe call, previous/next."""
    view = edition_view(entry, manifest, neighbours, site)
    return render(environment, EDITION_TEMPLATE, view).encode("utf-8")
