"""The preview page's HTML, from the templates in templates/preview/ (autoescaped).

Each region of the page is its own template, rendered once per build: the page includes
them when it is first served, and the server-sent event carries them to open pages,
which swap them in without reloading (so the editor keeps their place).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import jinja2

from publisher.bundle import bundle_files
from publisher.preview.page import PageView, page_view
from publisher.preview.state import Snapshot
from publisher.templating import PACKAGED_TEMPLATES

PREVIEW_TEMPLATES = PACKAGED_TEMPLATES / "preview"
PAGE = "page.html.j2"
# The regions an update replaces, each `regions/<name>.html.j2` inside `data-region`.
REGIONS = ("status", "problems", "inbox", "changes", "findings", "stripped", "files", "text")
# Static files of the page, as templates: the package ships `templates/**/*.j2`.
ASSETS = {"preview.css": "page.css.j2", "preview.js": "page.js.j2", "favicon.svg": "icon.svg.j2"}


@dataclass(frozen=True)
class Published:
    """One build as the server hands it out: the page's data, its event, the bundle."""

    version: int
    view: PageView
    event: bytes
    """The server-sent event that brings an open page up to this build."""
    files: Mapping[str, bytes]
    """The bundle's files (manifest.json included) of the last good build, in memory."""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PREVIEW_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "svg.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(view: PageView) -> str:
    """The whole page as first served: every region filled in, the email in its frames."""
    return _environment().get_template(PAGE).render(view=view)


def render_regions(view: PageView) -> dict[str, str]:
    environment = _environment()
    return {
        name: environment.get_template(f"regions/{name}.html.j2").render(view=view)
        for name in REGIONS
    }


def render_asset(name: str) -> bytes:
    """The page's stylesheet, script or icon; a KeyError for any other name."""
    return _environment().get_template(ASSETS[name]).render().encode("utf-8")


def edition_event(view: PageView) -> bytes:
    """`event: edition` with the regions and, when there is one, the email's two variants."""
    email = view.email
    data = {
        "version": view.version,
        "failed": view.is_failed,
        "email": email.digest if email is not None else None,
        "html": email.html if email is not None else None,
        "dark": email.dark_html if email is not None else None,
        "regions": render_regions(view),
    }
    # One line of JSON: a newline inside `data:` would end the field.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {view.version}\nevent: edition\ndata: {payload}\n\n".encode()


def publish(snapshot: Snapshot) -> Published:
    view = page_view(snapshot)
    rendered = snapshot.rendered
    files = bundle_files(rendered.files, rendered.manifest) if rendered is not None else {}
    return Published(snapshot.version, view, edition_event(view), files)
