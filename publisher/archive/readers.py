"""Step 1, read: the bundles in dist/ that belong in the archive, and their index entries.

A bundle is a folder named as `bundle_names` says (not `*.handoff`, `*.screenshots` or a
staging folder) holding a manifest.json. It belongs in the archive once its hand-off
ledger says an edition went to a destination (scheduled or sent), or with `--all`.

Every manifest is identified by its SHA-256; only one whose hash changed since the last
run is parsed. As git does for its index, a file whose inode, size and modification time
are all the same as last time is taken to be unchanged without reading it again: a
rebuilt bundle is a new folder renamed into place, so its files are always new ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from publisher.archive.entries import EditionEntry, edition_entry
from publisher.bundle_names import LEDGER_FILE, parse_bundle_name
from publisher.errors import PublisherError, raise_problems
from publisher.record import MANIFEST_FILE, Manifest

# As `publisher.handoff.ledger` writes them: `<bundle>.handoff/ledger.json`, where a
# destination whose state is one of HANDED_OFF has the edition. Read here as plain JSON,
# since importing the hand-off package loads httpx and every provider (~0.5 s);
# tests/test_archive_readers.py checks that these stay the same as the ledger's.
LEDGER_FOLDER_SUFFIX = ".handoff"
HANDED_OFF = ("scheduled", "sent")

Signature = tuple[int, int, int]
"""(inode, size, modification time in ns) of a file: equal means not rewritten."""


@dataclass(frozen=True)
class BundleFolder:
    """A bundle on disk: its folder, send date and edition name (None: the daily one)."""

    path: Path
    send_date: date
    edition_name: str | None

    @property
    def folder(self) -> str:
        return self.path.name


@dataclass
class ReadCache:
    """What the last run learnt from each bundle's files, by folder name; kept in the state."""

    ledgers: dict[str, tuple[Signature, bool]] = field(default_factory=dict)
    manifests: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    entries: dict[str, EditionEntry] = field(default_factory=dict)


def signature(path: str) -> Signature | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def find_bundles(
    dist: Path, cache: ReadCache, *, include_all: bool
) -> tuple[list[BundleFolder], int]:
    """The bundles in `dist` that go in the archive, and how many others were left out."""
    try:
        names = sorted(entry.name for entry in os.scandir(dist) if entry.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        raise PublisherError(
            "no such folder of bundles",
            dist,
            hint="build an edition first (publisher build), or give the folder bundles are in",
        ) from None
    # Plain strings rather than Path objects until a bundle is found: with thousands of
    # bundles, pathlib's parsing would be most of the time this takes.
    folder = os.fspath(dist)
    folders = set(names)
    found: list[BundleFolder] = []
    left_out = 0
    ledgers: dict[str, tuple[Signature, bool]] = {}
    for name in names:
        parsed = parse_bundle_name(name)
        if parsed is None or not os.path.isfile(os.path.join(folder, name, MANIFEST_FILE)):
            continue
        ledger_folder = f"{name}{LEDGER_FOLDER_SUFFIX}"
        if include_all or ledger_folder not in folders:
            seen = None
        else:
            ledger = os.path.join(folder, ledger_folder, LEDGER_FILE)
            seen = _ledger_verdict(ledger, cache.ledgers.get(name))
        if seen is not None:
            ledgers[name] = seen
        if include_all or (seen is not None and seen[1]):
            found.append(BundleFolder(dist / name, *parsed))
        else:
            left_out += 1
    cache.ledgers = ledgers if not include_all else cache.ledgers
    return found, left_out


def _ledger_verdict(
    ledger: str, known: tuple[Signature, bool] | None
) -> tuple[Signature, bool] | None:
    """(the ledger's signature, whether it says handed off), or None without a ledger.

    The last run's verdict stands when the file is the same one.
    """
    current = signature(ledger)
    if current is None:
        return None
    if known is not None and tuple(known[0]) == current:
        return known
    return current, is_handed_off(ledger)


def is_handed_off(ledger: str) -> bool:
    """Whether a ledger has a destination that scheduled or sent the edition."""
    try:
        with open(ledger, "rb") as stream:
            data = json.loads(stream.read())
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as error:
        raise PublisherError(
            f"cannot read the hand-off ledger: {error}",
            ledger,
            hint="restore it from a backup, or pass --all to archive every bundle",
        ) from None
    destinations = data.get("destinations", {}) if isinstance(data, dict) else {}
    return any(
        isinstance(destination, dict) and destination.get("state") in HANDED_OFF
        for destination in destinations.values()
    )


def read_entries(bundles: list[BundleFolder], cache: ReadCache) -> list[EditionEntry]:
    """Each bundle's index entry: the cache's when its manifest is unchanged, else read.

    Every unreadable manifest is reported at once, never skipped.
    """
    entries: list[EditionEntry] = []
    problems: list[PublisherError] = []
    manifests: dict[str, tuple[Signature, str]] = {}
    for bundle in bundles:
        try:
            entry, manifests[bundle.folder] = _entry(bundle, cache)
        except PublisherError as error:
            problems.append(error)
            continue
        entries.append(entry)
    raise_problems(problems)
    cache.manifests = manifests
    cache.entries = {entry.folder: entry for entry in entries}
    return entries


def _entry(bundle: BundleFolder, cache: ReadCache) -> tuple[EditionEntry, tuple[Signature, str]]:
    path = os.path.join(os.fspath(bundle.path), MANIFEST_FILE)
    cached = cache.entries.get(bundle.folder)
    known = cache.manifests.get(bundle.folder)
    current = signature(path)
    if cached is not None and known is not None and current == tuple(known[0]):
        return cached, known
    try:
        with open(path, "rb") as stream:
            sha256 = hashlib.sha256(stream.read()).hexdigest()
    except OSError as error:
        raise PublisherError(f"cannot read the manifest: {error.strerror}", path) from None
    if current is None:
        raise PublisherError("the manifest disappeared while the archive was read", path)
    if cached is not None and cached.manifest_sha256 == sha256:
        return cached, (current, sha256)
    manifest = Manifest.read(bundle.path)
    entry = edition_entry(bundle.folder, bundle.send_date, bundle.edition_name, manifest, sha256)
    return entry, (current, sha256)
