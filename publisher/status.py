"""`publisher status`: one line per bundle, newest first: checked, test sent, approved,
handed off or scheduled (where, when), cancelled: the desk's view of what goes out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from publisher.bundle_names import LEDGER_FILE, handoff_folder, parse_bundle_name
from publisher.errors import PublisherError
from publisher.record import Manifest


@dataclass(frozen=True)
class BundleStatus:
    name: str
    line: str


def bundle_status(bundle: Path) -> BundleStatus:
    try:
        manifest = Manifest.read(bundle)
    except PublisherError as error:
        return BundleStatus(bundle.name, f"{bundle.name}  unreadable: {error.message}")
    errors = sum(f.severity == "error" for f in manifest.findings)
    warnings = sum(f.severity == "warning" for f in manifest.findings)
    parts = [
        f"sends {manifest.send_at[:16].replace('T', ' ')}",
        f"checks: {errors} error{'' if errors == 1 else 's'},"
        f" {warnings} warning{'' if warnings == 1 else 's'}",
    ]
    try:
        ledger = json.loads((handoff_folder(bundle) / LEDGER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        ledger = {}
    tests = ledger.get("tests", [])
    if tests:
        parts.append(f"test sent {len(tests)}x (last {tests[-1]['at'][:16].replace('T', ' ')})")
    approvals = ledger.get("approvals", [])
    if approvals:
        last = approvals[-1]
        current = "" if last["files"] == manifest.files else ", changed since"
        parts.append(f"approved by {last['by']} {last['at'][:16].replace('T', ' ')}{current}")
    for name, destination in sorted(ledger.get("destinations", {}).items()):
        state = destination.get("state", "new")
        if state != "new":
            at = destination.get("history", [{}])[-1].get("at", "")[:16].replace("T", " ")
            parts.append(f"{name} {state} {at}".rstrip())
    return BundleStatus(bundle.name, f"{bundle.name}  " + " · ".join(parts))


def dist_status(dist: Path) -> list[BundleStatus]:
    """Every bundle in `dist`, the newest send date first."""
    if not dist.is_dir():
        raise PublisherError("no such folder", dist, hint="run publisher build first")
    bundles = [path for path in dist.iterdir() if path.is_dir() and parse_bundle_name(path.name)]
    return [bundle_status(bundle) for bundle in sorted(bundles, key=lambda p: p.name, reverse=True)]
