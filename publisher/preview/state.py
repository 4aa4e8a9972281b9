"""The preview's current build: the last good edition, and why the latest build failed.

Rebuilding never raises: a failed build keeps the last good edition and records its
problems, so the page keeps showing an email while the editor fixes the mistake.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from publisher.build import RenderedEdition, render_edition
from publisher.errors import ProblemList, PublisherError


@dataclass(frozen=True)
class EditionSource:
    """What the preview builds: the briefs, the config, and the options of `build`."""

    content_dir: Path
    config_path: Path
    now: datetime | None = None
    edition_name: str | None = None


@dataclass(frozen=True)
class BuildProblem:
    """One reason the latest build failed, in the words the CLI prints."""

    message: str
    location: str = ""
    hint: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """The latest build attempt; `rendered` is the last one that worked (None: none yet)."""

    version: int
    rendered: RenderedEdition | None
    problems: tuple[BuildProblem, ...]
    finished_at: datetime
    build_ms: float

    @property
    def is_failed(self) -> bool:
        return bool(self.problems)


def _problems(error: PublisherError) -> tuple[BuildProblem, ...]:
    problems = error.problems if isinstance(error, ProblemList) else [error]
    return tuple(BuildProblem(p.message, p.location(), p.hint) for p in problems)


def rebuild(source: EditionSource, previous: Snapshot | None = None) -> Snapshot:
    """Renders the edition warm, in memory; a failure keeps `previous`'s good edition."""
    start = time.perf_counter()
    last_good = previous.rendered if previous is not None else None
    try:
        rendered: RenderedEdition | None = render_edition(
            source.content_dir, source.config_path, source.now, source.edition_name
        )
        problems: tuple[BuildProblem, ...] = ()
    except PublisherError as error:
        rendered, problems = last_good, _problems(error)
    except Exception as error:  # a bug must not stop the preview: show it, keep serving
        traceback.print_exc(file=sys.stderr)
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        hint = "please report this, with the traceback the preview printed"
        rendered, problems = last_good, (BuildProblem(f"internal error: {what}", hint=hint),)
    elapsed = (time.perf_counter() - start) * 1000
    version = previous.version + 1 if previous is not None else 1
    return Snapshot(version, rendered, problems, datetime.now().astimezone(), elapsed)


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


class Latest(Generic[V]):
    """The newest value, shared between the rebuilding thread and every open page."""

    def __init__(self, value: V) -> None:
        self._value = value
        self._changed = threading.Condition()
        self._closed = False

    def get(self) -> V:
        with self._changed:
            return self._value

    def put(self, value: V) -> None:
        with self._changed:
            self._value = value
            self._changed.notify_all()

    def wait_after(self, version: int, timeout: float) -> V | None:
        """The value once it is newer than `version`; None on timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._value.version > version, timeout)
            return None if self._closed or self._value.version <= version else self._value

    def close(self) -> None:
        """Wakes every waiter for good: the preview is stopping."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def is_closed(self) -> bool:
        with self._changed:
            return self._closed
