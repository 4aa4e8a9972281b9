"""The hand-off ledger beside a bundle (`<bundle>.handoff/ledger.json`): what was sent
where, step by step, so a hand-off never runs twice and a failed one resumes.

Each finished step is appended to a journal beside it (`ledger.journal`, one JSON line,
synced), so a hand-off of thousands of messages costs one short write per step; the
ledger itself is rewritten atomically (temp, then rename) when a destination's state
changes, and the journal folded into it. It holds the bundle's hashes, the provider's
ids and the state of each step; never a key or password.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from publisher.atomic import write_file
from publisher.bundle_names import LEDGER_FILE, handoff_folder
from publisher.errors import PublisherError

JOURNAL_FILE = "ledger.journal"
LEDGER_VERSION = 1
__all__ = ["HANDED_OFF", "JOURNAL_FILE", "LEDGER_FILE", "Ledger", "handoff_folder"]
# A destination in one of these states has the edition: only --resend sends it again.
HANDED_OFF = ("scheduled", "sent")


@dataclass
class Ledger:
    """The ledger of one bundle, loaded from disk and saved after each change."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, bundle: Path, files: dict[str, str]) -> Ledger:
        path = handoff_folder(bundle) / LEDGER_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            data = {"version": LEDGER_VERSION, "bundle": bundle.name, "destinations": {}}
        except (OSError, ValueError) as error:
            raise PublisherError(
                f"cannot read the hand-off ledger: {error}",
                path,
                hint="restore it from a backup: it records what was already sent",
            ) from None
        data["files"] = files
        data.setdefault("tests", [])
        ledger = cls(path, data)
        ledger._replay()
        return ledger

    @property
    def journal(self) -> Path:
        return self.path.with_name(JOURNAL_FILE)

    def _replay(self) -> None:
        """Steps recorded since the ledger was last written (a run that stopped midway)."""
        try:
            lines = self.journal.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: that step did not finish
            self.destination(record["destination"])["steps"][record["step"]] = record["entry"]

    def destination(self, name: str) -> dict[str, Any]:
        destinations: dict[str, dict[str, Any]] = self.data["destinations"]
        return destinations.setdefault(name, {"state": "new", "steps": {}, "history": []})

    def state(self, name: str) -> str:
        return str(self.data["destinations"].get(name, {}).get("state", "new"))

    def is_handed_off(self, name: str) -> bool:
        return self.state(name) in HANDED_OFF

    def captured(self, name: str) -> dict[str, str]:
        """Every value the destination's finished steps captured (ids and the like)."""
        found: dict[str, str] = {}
        for step in self.destination(name)["steps"].values():
            if step.get("state") == "done":
                found.update(step.get("captures", {}))
        return found

    def is_done(self, name: str, step: str) -> bool:
        return bool(self.destination(name)["steps"].get(step, {}).get("state") == "done")

    def record_step(
        self, name: str, step: str, state: str, at: datetime, captures: dict[str, str] | None = None
    ) -> None:
        entry: dict[str, Any] = {"state": state, "at": at.isoformat()}
        if captures:
            entry["captures"] = captures
        self.destination(name)["steps"][step] = entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"destination": name, "step": step, "entry": entry}, ensure_ascii=False)
        with open(self.journal, "a", encoding="utf-8") as stream:
            stream.write(line + "\n")
            stream.flush()
            os.fsync(stream.fileno())

    def set_state(self, name: str, state: str, at: datetime, note: str = "") -> None:
        destination = self.destination(name)
        destination["state"] = state
        destination["history"].append({"state": state, "at": at.isoformat(), "note": note})
        self.save()

    def reset(self, name: str, at: datetime, note: str) -> None:
        """Forget a destination's steps (for --resend), keeping its history."""
        destination = self.destination(name)
        destination["steps"] = {}
        self.set_state(name, "new", at, note)

    def add_test(self, entry: dict[str, Any], bundle_files: dict[str, bytes]) -> Path:
        """Record a test send with a copy of the files it sent, for the edition diff."""
        return self.keep_copy("tests", entry, bundle_files)

    def keep_copy(self, kind: str, entry: dict[str, Any], bundle_files: dict[str, bytes]) -> Path:
        """Record an entry of `kind` (tests, approvals) with a copy of the bundle's files."""
        entries: list[dict[str, Any]] = self.data.setdefault(kind, [])
        copy = self.path.parent / kind / f"{len(entries) + 1:03d}"
        copy.mkdir(parents=True, exist_ok=True)
        for name, content in bundle_files.items():
            (copy / name).write_bytes(content)
        entries.append({**entry, "copy": str(copy.relative_to(self.path.parent))})
        self.save()
        return copy

    def save(self) -> None:
        text = json.dumps(self.data, indent=2, ensure_ascii=False) + "\n"
        write_file(self.path, text.encode("utf-8"))
        # Everything in the journal is in the ledger now.
        self.journal.unlink(missing_ok=True)
