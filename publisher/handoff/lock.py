"""Exclusive locks: one `publisher dispatch` per dist folder, one hand-off per bundle.

The ledger makes a run after a finished one safe: it knows what was done. Two runs at
the same time need a lock as well, or both read a ledger with nothing done and both send
(an editor's `publisher handoff --send-now` as cron's dispatch fires, two editors on one
machine). `flock` is released by the kernel when its process ends, so a run that was
killed leaves no stale lock behind.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.bundle_names import handoff_folder
from publisher.errors import HandoffRefused

BUNDLE_LOCK = ".handoff.lock"
"""In the bundle's hand-off folder, beside the ledger."""


@contextmanager
def exclusive(path: Path) -> Iterator[bool]:
    """True while this process holds the lock on `path`; False when another one does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def handing_off(bundle: Path) -> Iterator[None]:
    """The bundle to this process alone, for a hand-off, a test send or a cancel; a
    HandoffRefused, with nothing done, while another process has it."""
    with exclusive(handoff_folder(bundle) / BUNDLE_LOCK) as held:
        if not held:
            raise HandoffRefused(
                "another hand-off of this bundle is running (a dispatch, or a handoff or "
                "cancel in another terminal)",
                bundle,
                hint="wait for it to finish, then run again if you still need to: the "
                "ledger keeps what it did, so nothing goes out twice",
            )
        yield
