"""Step 3c, write: the search index, as a script file rather than JSON.

Chromium refuses `fetch()` from file://, but a `<script src>` loads from anywhere, so the
index is `search-index.js`, setting one global that `search.js` reads when the reader first
searches. It holds each brief's title and first paragraph: search looks at nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from publisher.archive.context import ArchiveContext
from publisher.archive.views import page_path
from publisher.dates import dateline

SEARCH_INDEX = "search-index.js"
GLOBAL = "ARCHIVE_SEARCH_INDEX"


def search_index(context: ArchiveContext) -> Iterator[bytes]:
    """`window.ARCHIVE_SEARCH_INDEX = [[page, dateline, subject, [[slug, title, text]]], …];`.

    Arrays, not objects, to keep a few years of editions to a few megabytes; newest first.
    """
    # Each row is put together from JSON texts: the briefs' comes ready-made with the entry
    # (most of the index's bytes), so only the three short fields are encoded here. Rows
    # are yielded one by one: the whole index is never held in memory twice.
    yield f"window.{GLOBAL} = [".encode()
    for number, entry in enumerate(context.editions):
        row = (
            f"{',' if number else ''}[{_text(page_path(entry.folder))},"
            f"{_text(dateline(entry.send_date))},{_text(entry.subject)},{entry.briefs_json}]"
        )
        yield row.encode()
    yield b"];\n"


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
