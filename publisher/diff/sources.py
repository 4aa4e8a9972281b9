"""Which two editions `publisher diff` compares when it is not told: the edition as the
content stands now (rendered in memory, nothing written) against the last test send for
its date, else the last bundle built for that date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from publisher.bundle_names import LEDGER_FILE, bundle_name, handoff_folder
from publisher.diff.snapshot import Snapshot, read_snapshot, snapshot_of
from publisher.errors import PublisherError


def current_snapshot(
    content: Path, config: Path, now: datetime | None, on: date | None, edition_name: str | None
) -> Snapshot:
    from publisher.build import render_edition
    from publisher.config import load_settings

    if on is not None:
        zone = ZoneInfo(load_settings(config).schedule.timezone)
        now = datetime.combine(on, time(0, 0), zone)
    rendered = render_edition(content, config, now, edition_name)
    if on is not None and rendered.send_at.date() != on:
        raise PublisherError(
            f"{on.isoformat()} is not a send day (the next one is {rendered.send_at.date()})",
            hint="give --date a weekday that is not a holiday",
        )
    label = f"{content}/ as it stands"
    return replace(snapshot_of(rendered.manifest, rendered.files, label), label=label)


def approved_or_tested(bundle: Path, kind: str) -> tuple[Path, str] | None:
    """The folder of the last copy of `kind` ("tests" or "approvals") in the ledger."""
    try:
        ledger = json.loads((handoff_folder(bundle) / LEDGER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    entries = ledger.get(kind, [])
    if not entries:
        return None
    last = entries[-1]
    return handoff_folder(bundle) / last["copy"], str(last.get("at", ""))


def earlier_snapshot(dist: Path, send_date: date, edition_name: str | None) -> Snapshot:
    bundle = dist / bundle_name(send_date, edition_name)
    tested = approved_or_tested(bundle, "tests")
    if tested is not None:
        folder, at = tested
        return read_snapshot(folder, f"the test send of {at}")
    if (bundle / "manifest.json").is_file():
        return read_snapshot(bundle, f"{bundle} (as last built)")
    raise PublisherError(
        f"nothing to compare with: no test send and no bundle for {send_date.isoformat()}",
        dist,
        hint="send a test (publisher handoff --test) or build it first, or name two bundles",
    )
