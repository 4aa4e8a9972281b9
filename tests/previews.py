"""A running preview for tests: a copy of the fixture publication, on a free port.

The preview's threads watch the copy, so a test edits it as an editor would and waits
for the rebuild (with a generous timeout, never a timing assertion).
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.preview.markup import Published
from publisher.preview.session import Preview, start_preview
from publisher.preview.state import EditionSource
from tests.builds import copy_fixture_edition
from tests.golden import FIXTURE_NOW

REBUILD_TIMEOUT = 30.0
BRIEF_OVERRIDE = Path("templates/email/partials/brief.mjml.j2")
# A template override that extends the packaged one with a syntax error on its line 2.
BROKEN_TEMPLATE = (
    '{% extends "default/email/partials/brief.mjml.j2" %}\n'
    "{% block source %}{{ brief.source( }}{% endblock %}\n"
)
MENDED_TEMPLATE = (
    '{% extends "default/email/partials/brief.mjml.j2" %}\n'
    "{% block source %}<p>Filed by the desk</p>{% endblock %}\n"
)


@dataclass(frozen=True)
class Publication:
    """A writable publication: its root, briefs and config, as the preview builds them."""

    root: Path
    source: EditionSource

    @property
    def content(self) -> Path:
        return self.source.content_dir

    def brief(self, slug: str) -> Path:
        return self.content / f"{slug}.md"

    def write_template(self, text: str) -> Path:
        path = self.root / BRIEF_OVERRIDE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path


def copy_publication(into: Path) -> Publication:
    content, config = copy_fixture_edition(into)
    return Publication(into, EditionSource(content, config, datetime.fromisoformat(FIXTURE_NOW)))


@contextmanager
def running_preview(publication: Publication, port: int | None = 0) -> Iterator[Preview]:
    """The preview of `publication`, stopped however the test ends."""
    with start_preview(publication.source, port, log=lambda line: None) as preview:
        yield preview


def next_build(preview: Preview, after: int) -> Published:
    """The first build newer than version `after`; fails the test if none comes."""
    published = preview.latest.wait_after(after, REBUILD_TIMEOUT)
    assert published is not None, "the preview did not rebuild after the change"
    return published


def build_where(preview: Preview, holds: Callable[[Published], bool]) -> Published:
    """The current build if `holds`, else the first later one that does (an editor's save
    can arrive as more than one change, each rebuilt)."""
    published = preview.latest.get()
    while not holds(published):
        published = next_build(preview, published.version)
    return published


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def request(preview: Preview, target: str, host: str | None = None, method: str = "GET") -> Reply:
    """Sends `target` exactly as written (no normalising, no decoding) and reads the reply."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{preview.server.port}")
        connection.endheaders()
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()
