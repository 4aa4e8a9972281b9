"""Rebuilds the preview when a brief, edition.toml, publication.toml or a template is saved.

watchfiles reports changes after `STEP_MS` of quiet (50 ms by default: lowered, as the
editor feels every millisecond between saving and seeing); a burst of events during a
rebuild becomes one more rebuild, never a queue of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from publisher.errors import ContentError
from publisher.templating import PACKAGED_TEMPLATES

STEP_MS = 5
"""Quiet time after a change before watchfiles reports it: one save's events come together."""
DEBOUNCE_MS = 150
"""The longest watchfiles groups a stream of changes before it reports them."""
POLL_MS = 100
"""How often the watching threads look whether the preview is stopping."""
RETRY_SECONDS = 1.0
"""How often to try watching the briefs' folder again after it went away."""
READY_SECONDS = 10.0
"""The longest the preview waits at start for its watches to be in place."""
BRIEF_SUFFIXES = (".md", ".toml")


@dataclass(frozen=True)
class WatchPlan:
    """What the preview watches: the briefs' folder, templates, and the config's folder."""

    content_dir: Path
    config_path: Path
    template_dirs: tuple[Path, ...]

    def trees(self) -> tuple[Path, ...]:
        """Folders watched with everything under them; a templates/ made later counts too."""
        return (self.content_dir, *(path for path in self.template_dirs if path.is_dir()))

    def is_relevant(self, path: Path) -> bool:
        """A brief, edition.toml, publication.toml, or any file under a templates folder."""
        if path == self.config_path:
            return True
        if any(path.is_relative_to(folder) for folder in self.template_dirs):
            return True
        return path.is_relative_to(self.content_dir) and path.suffix in BRIEF_SUFFIXES

    def is_template(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.template_dirs)


def watch_plan(content_dir: Path, config_path: Path) -> WatchPlan:
    """The plan for these briefs and config; the briefs' folder must exist to be watched."""
    if not content_dir.is_dir():
        raise ContentError(
            "content folder not found",
            content_dir,
            hint="give the folder of Markdown briefs: publisher preview content",
        )
    config = config_path.resolve()
    publication_templates = config.parent / "templates"
    return WatchPlan(content_dir.resolve(), config, (publication_templates, PACKAGED_TEMPLATES))


class _Either:
    """Set when either event is: watchfiles stops on `is_set()`."""

    def __init__(self, *events: threading.Event) -> None:
        self._events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self._events)


class Watcher:
    """Threads that watch the plan's files and call `rebuild(changed paths)` after saves."""

    def __init__(self, plan: WatchPlan, rebuild: Callable[[frozenset[Path]], None]) -> None:
        self._plan = plan
        self._rebuild = rebuild
        self._stopping = threading.Event()
        self._retree = threading.Event()
        self._wanted = threading.Event()
        self._ready = (threading.Event(), threading.Event())
        self._lock = threading.Lock()
        self._changed: set[Path] = set()
        self._threads = [
            threading.Thread(target=self._watch_trees, name="preview-watch", daemon=True),
            threading.Thread(target=self._watch_config, name="preview-config", daemon=True),
            threading.Thread(target=self._work, name="preview-rebuild", daemon=True),
        ]

    def start(self) -> None:
        """Returns once both watches are in place: a save from then on is seen."""
        for thread in self._threads:
            thread.start()
        for ready in self._ready:
            ready.wait(READY_SECONDS)

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        for thread in self._threads:
            thread.join()

    def _note(self, changes: Iterable[tuple[watchfiles.Change, str]]) -> None:
        paths = {Path(path) for _, path in changes}
        relevant = {path for path in paths if self._plan.is_relevant(path)}
        if relevant:
            with self._lock:
                self._changed |= relevant
            self._wanted.set()

    def _watch(
        self,
        paths: tuple[Path, ...],
        ready: threading.Event,
        stop: _Either,
        *,
        recursive: bool = True,
        only: Callable[[watchfiles.Change, str], bool] | None = None,
    ) -> Iterator[set[tuple[watchfiles.Change, str]]]:
        """watchfiles' changes; its first yield (a change or a timeout) means it is set up."""
        for changes in watchfiles.watch(
            *paths,
            watch_filter=only or watchfiles.DefaultFilter(),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            rust_timeout=POLL_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            recursive=recursive,
        ):
            ready.set()
            yield changes

    def _watch_trees(self) -> None:
        """The briefs and templates, recursively; restarted when templates/ appears."""
        is_missing = False
        while not self._stopping.is_set():
            self._retree.clear()
            try:
                stop = _Either(self._stopping, self._retree)
                for changes in self._watch(self._plan.trees(), self._ready[0], stop):
                    is_missing = False
                    self._note(changes)
            except OSError:  # the briefs' folder went away: the build says so; look again
                self._ready[0].set()
                if not is_missing:
                    is_missing = True
                    self._wanted.set()
                self._stopping.wait(RETRY_SECONDS)

    def _watch_config(self) -> None:
        """publication.toml through its folder, not recursively (an editor may replace the
        file on save, which a watch on the file itself would lose)."""
        folder = self._plan.config_path.parent
        templates = folder / "templates"
        watched = (self._plan.config_path, templates)
        for changes in self._watch(
            (folder,),
            self._ready[1],
            _Either(self._stopping),
            recursive=False,
            only=lambda _, path: Path(path) in watched,
        ):
            if any(Path(path) == templates for _, path in changes):
                self._retree.set()
            self._note(changes)

    def _work(self) -> None:
        """One rebuild at a time, with every path changed since the last one began."""
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            with self._lock:
                changed, self._changed = frozenset(self._changed), set()
            self._rebuild(changed)
