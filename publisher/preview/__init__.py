"""The editor's desk for an edition: a live preview on 127.0.0.1, and screenshots.

Imports nothing on its own, so `publisher.preview.screenshots` does not pull in the
server, and the server does not pull in Playwright. `session.py` wires the preview:
`state.py` (the current build) → `page.py` (what the page shows) → `markup.py` (its
HTML, from templates) → `server.py` (HTTP and SSE), with `watch.py` rebuilding on saves.
"""
