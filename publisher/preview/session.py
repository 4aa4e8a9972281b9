"""A running preview: the first build, the server on its thread, the watcher rebuilding.

`start_preview` is what tests and the benchmark use (a free port, no browser);
`serve_preview` is the command: it prints the URL, opens the browser, and runs until
Ctrl-C (or SIGTERM).
"""

from __future__ import annotations

import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from publisher.preview.markup import Published, publish
from publisher.preview.server import DEFAULT_PORT, open_server
from publisher.preview.state import EditionSource, Latest, Snapshot, rebuild
from publisher.preview.watch import Watcher, watch_plan
from publisher.render.template import template_environment

Log = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _outcome(snapshot: Snapshot) -> str:
    if not snapshot.is_failed:
        return f"preview: built in {snapshot.build_ms:.0f} ms"
    first = snapshot.problems[0]
    where = f"{first.location}: " if first.location else ""
    more = len(snapshot.problems) - 1
    return f"preview: build failed: {where}{first.message}" + (f" (+{more} more)" if more else "")


def fallback_note(port: int) -> str:
    """What the command says when port 8000 was taken and it took `port` instead."""
    return f"preview: port {DEFAULT_PORT} is in use; serving on port {port} instead"


class Preview:
    """The preview while it runs; `stop()` (or leaving the `with`) shuts every thread."""

    def __init__(self, source: EditionSource, port: int | None, log: Log = _stderr) -> None:
        self._plan = watch_plan(source.content_dir, source.config_path)
        self.source = source
        self._log = log
        first = rebuild(source)
        log(_outcome(first))
        self.latest: Latest[Published] = Latest(publish(first))
        self._snapshot = first
        self.server, self.fell_back = open_server(port, self.latest)
        self._serving = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._watcher = Watcher(self._plan, self._rebuild)
        self._serving.start()
        try:
            self._watcher.start()
        except BaseException:
            self.server.shutdown()
            self.server.server_close()
            raise

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def _rebuild(self, changed: frozenset[Path]) -> None:
        """In the watcher's thread: rebuild warm, then hand the result to every open page."""
        if any(self._plan.is_template(path) for path in changed):
            # A new override hides a packaged template Jinja has cached as up to date.
            template_environment.cache_clear()
        self._snapshot = rebuild(self.source, self._snapshot)
        self.latest.put(publish(self._snapshot))
        self._log(_outcome(self._snapshot))

    def stop(self) -> None:
        self._watcher.stop()
        self.latest.close()
        self.server.shutdown()
        self.server.server_close()
        self._serving.join()

    def __enter__(self) -> Preview:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_preview(source: EditionSource, port: int | None, log: Log = _stderr) -> Preview:
    """Builds once, then serves on 127.0.0.1:`port` (None: 8000, or a free port if taken)."""
    return Preview(source, port, log)


def serve_preview(source: EditionSource, port: int | None, *, open_browser: bool) -> int:
    """`publisher preview`: serves until Ctrl-C or SIGTERM, how an editor ends it (exit 0)."""
    with start_preview(source, port) as preview:
        if preview.fell_back:
            _stderr(fallback_note(preview.server.port))
        print(preview.url, flush=True)
        if open_browser:
            webbrowser.open(preview.url)
        stopping = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda number, frame: stopping.set())
        try:
            stopping.wait()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        _stderr("preview: stopped")
    return 0
