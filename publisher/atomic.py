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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new_file(target: Path, content: bytes) -> None:
    """Writes `target` whole or not at all; raises FileExistsError if the name is taken.

    The content goes to a temporary sibling first; `os.link` then gives it its name, which,
    unlike `os.replace`, fails when the name is taken, even by a file created meanwhile.
    Where the file system has no hard links, an exclusive create does the same, unatomically.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        _write_synced(Path(temporary), content)
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares)
            with open(target, "xb") as stream:
                stream.write(content)
    finally:
        os.unlink(temporary)


def write_file(target: Path, content: bytes, *, durable: bool = True) -> None:
    """Writes `target` whole or not at all, replacing what was there (temp, then rename).

    `durable=False` skips the fsync, for files worth less than its cost (derived data
    that is recomputed when it is found damaged): a reader still never sees half a file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        if durable:
            _write_synced(Path(temporary), content)
        else:
            Path(temporary).write_bytes(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
        os.chmod(staging, 0o777 & ~_umask())
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
