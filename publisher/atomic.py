"""Atomic writes: a reader sees the old bundle or the new one, never half of either."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _write_synced(path: Path, content: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def replace_directory(target: Path, files: Mapping[str, bytes]) -> None:
    """Makes `target` hold exactly `files`, built in a temporary sibling, then renamed in.

    If anything fails before the rename, the staging folder is removed and an existing
    `target` is left untouched. An existing `target` is moved aside, not overwritten
    file by file, so a crash mid-way can never mix two builds.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    try:
        for name, content in files.items():
            _write_synced(staging / name, content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        if not target.exists():
            os.rename(staging, target)
            return
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
        os.rename(target, retired / target.name)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(retired / target.name, target)
            raise
        finally:
            shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
