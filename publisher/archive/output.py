"""Writing the site: every file by atomic rename, so a reader never meets half a page.

Files are not fsynced: a thousand fsyncs cost seconds, the rename alone keeps readers
safe, and everything here can be written again from the bundles. A page that a crash left
empty counts as missing (`exists`), so the next run writes it again.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class SiteOutput:
    """The site's folder: writes files atomically and counts what it changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mode = 0o666 & ~_umask()
        self.written = 0

    def exists(self, relative: str) -> bool:
        """Whether the file is there and not empty."""
        try:
            return os.stat(os.path.join(self.root, relative)).st_size > 0
        except (FileNotFoundError, NotADirectoryError):
            return False

    def write(self, relative: str, content: bytes) -> bool:
        """Writes `relative` unless it already holds exactly `content`; True when written."""
        target = self.root / relative
        try:
            if target.stat().st_size == len(content) and target.read_bytes() == content:
                return False
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        return self._replace(target, (content,))

    def write_chunks(self, relative: str, chunks: Iterable[bytes]) -> bool:
        """As `write`, for a file too big to hold whole (the search index, the state):
        streamed into its temporary sibling, which is dropped if the file was the same."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return self._replace(target, chunks, compare=True)

    def _replace(self, target: Path, chunks: Iterable[bytes], *, compare: bool = False) -> bool:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
            if compare and target.is_file() and filecmp.cmp(temporary, target, shallow=False):
                os.unlink(temporary)
                return False
            os.chmod(temporary, self.mode)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.written += 1
        return True

    def remove_file(self, relative: str) -> None:
        (self.root / relative).unlink(missing_ok=True)

    def remove_folder(self, relative: str) -> None:
        """Removes an edition's folder that the archive wrote (the state file says so)."""
        shutil.rmtree(self.root / relative, ignore_errors=True)
