"""Data derived from installed libraries and packaged files, kept between runs.

A fresh process would otherwise redo work whose result only changes when a library or
a file it came from does: the holiday dates of a country and year, the compiled
boilerplate rules, the compiled templates. Each entry is keyed by what it came from (the
installed version, the interpreter, a hash of the source), so a stale entry is never
read, only left unused. The cache is an optimisation and never the source of truth: an
entry that cannot be read or written is recomputed, and the bundle is byte-identical
either way (a test builds with an empty cache and a warm one).

`PUBLISHER_CACHE_DIR` names the folder; without it, the user's cache folder
(`$XDG_CACHE_HOME/publisher`, `~/Library/Caches/publisher`, `%LOCALAPPDATA%\\publisher`).
`PUBLISHER_CACHE_DIR=off` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from publisher.atomic import write_file

ENVIRONMENT = "PUBLISHER_CACHE_DIR"
OFF = "off"
# Bumped when an entry's layout changes, so older layouts are never read.
LAYOUT = 2
JSON, BINARY = ".json", ".bin"


def cache_dir() -> Path | None:
    """The cache folder, or None when it is turned off (or there is no home to put it in)."""
    configured = os.environ.get(ENVIRONMENT)
    if configured is not None:
        return None if configured.strip().lower() in (OFF, "") else Path(configured)
    try:
        return _user_cache_dir()
    except RuntimeError:  # Path.home() with neither HOME nor a password entry
        return None


def _user_cache_dir() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "publisher" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "publisher"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publisher"


def digest(*parts: str) -> str:
    """A short, stable key for what an entry came from."""
    hashed = hashlib.sha256()
    for part in (f"layout {LAYOUT}", sys.version, *parts):
        hashed.update(part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()[:32]


def entry_path(kind: str, key: str, suffix: str = JSON) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{key}{suffix}"


def kind_dir(kind: str) -> Path | None:
    """A folder of its own for a library that keeps its own files (Jinja's bytecode),
    created when missing; None when the cache is off or the folder cannot be made."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / kind


def read_entry(kind: str, key: str) -> Any:
    """The JSON value stored under `kind`/`key`, or None when absent or unreadable."""
    stored = read_binary_entry(kind, key, JSON)
    try:
        return None if stored is None else json.loads(stored)
    except ValueError:
        return None


def write_entry(kind: str, key: str, value: Any) -> None:
    """Stores `value` as JSON (see `write_binary_entry`)."""
    write_binary_entry(kind, key, json.dumps(value, separators=(",", ":")).encode(), JSON)


def prune_entries(kind: str, prefix: str, kept: int) -> None:
    """Removes all but the `kept` newest entries of `kind` whose key starts with `prefix`."""
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        found = sorted(
            (path.stat().st_mtime_ns, path)
            for path in (folder / kind).glob(f"{prefix}*")
            if path.suffix in (JSON, BINARY)
        )
        for _, path in found[:-kept]:
            path.unlink(missing_ok=True)


def read_binary_entry(kind: str, key: str, suffix: str = BINARY) -> bytes | None:
    """The bytes stored under `kind`/`key`, or None when absent or unreadable."""
    path = entry_path(kind, key, suffix)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_binary_entry(kind: str, key: str, content: bytes, suffix: str = BINARY) -> None:
    """Stores `content` whole (temporary file, then rename); a cache that cannot be written
    (read-only home, full disk) only costs the next run the same work again."""
    path = entry_path(kind, key, suffix)
    if path is not None:
        with contextlib.suppress(OSError):
            write_file(path, content, durable=False)


DATA = "rules-data"  # parsed TOML files that ship in the package


def packaged_toml(package: str, name: str) -> dict[str, Any]:
    """A TOML file shipped in `package` (the boilerplate rules, the wire credits), parsed
    once per version of its text: tomllib takes ~5 ms over the rules, JSON a tenth of that."""
    import tomllib
    from importlib import resources

    source = resources.files(package).joinpath(name).read_text("utf-8")
    key = digest(package, name, source)
    stored = read_entry(DATA, key)
    if isinstance(stored, dict):
        return stored
    data = tomllib.loads(source)
    write_entry(DATA, key, data)
    return data


def installed_version(distribution: str, module: str) -> str:
    """A library's installed version, read from its `.dist-info` beside the module.

    Cheaper than `importlib.metadata.version`, which scans every folder on `sys.path`;
    falls back to it for other layouts (an editable install, a zip).
    """
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        prefix = f"{distribution.replace('-', '_')}-"
        for found in site.glob(f"{prefix}*.dist-info"):
            return found.name[len(prefix) : -len(".dist-info")]
    from importlib.metadata import version

    return version(distribution)
