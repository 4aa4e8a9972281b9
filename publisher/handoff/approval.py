"""Sign-off: `publisher approve` records who approved which files of a bundle, and, with
`[handoff] require_approval`, the hand-off refuses anything else, naming what changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from publisher.diff.compare import EditionDiff, compare
from publisher.diff.snapshot import read_snapshot
from publisher.errors import HandoffRefused
from publisher.handoff.ledger import Ledger, handoff_folder
from publisher.handoff.source import HandoffBundle


def approve(bundle: HandoffBundle, by: str, now: datetime) -> Path:
    """Records the approval with a copy of the approved files; where the copy is."""
    ledger = Ledger.load(bundle.path, bundle.edition.manifest.files)
    entry = {"by": by, "at": now.isoformat(), "files": bundle.edition.manifest.files}
    return ledger.keep_copy("approvals", entry, bundle.files())


def changes_since_approval(bundle: HandoffBundle, ledger: Ledger) -> EditionDiff | None:
    """None when the bundle is what was approved last; else what changed since."""
    approvals = ledger.data.get("approvals", [])
    if not approvals:
        raise HandoffRefused(
            "it has not been approved, and [handoff] require_approval is set",
            bundle.path,
            hint=f"publisher approve {bundle.path} after reading the test send,"
            " or pass --unapproved",
        )
    last = approvals[-1]
    if last["files"] == bundle.edition.manifest.files:
        return None
    copy = handoff_folder(bundle.path) / last["copy"]
    return compare(
        read_snapshot(copy, f"the approved copy of {last['at']} by {last['by']}"),
        read_snapshot(bundle.path),
    )


def summary_line(diff: EditionDiff) -> str:
    parts = [f"{field.name} changed" for field in diff.fields]
    for count, what in (
        (len(diff.added), "added"),
        (len(diff.removed), "removed"),
        (len(diff.moved), "moved"),
        (len(diff.briefs), "changed"),
    ):
        if count:
            parts.append(f"{count} brief{'s' if count > 1 else ''} {what}")
    if not parts and diff.sizes:
        parts.append("the email's markup changed")
    return ", ".join(parts) or "its files changed"


def refuse_unapproved(bundle: HandoffBundle, ledger: Ledger) -> None:
    diff = changes_since_approval(bundle, ledger)
    if diff is not None:
        raise HandoffRefused(
            f"it changed since it was approved: {summary_line(diff)}",
            bundle.path,
            hint="see publisher diff; approve it again, or pass --unapproved",
        )
