"""`publisher dispatch`: hands off every bundle whose send time has come, for the
destinations that cannot schedule (SMTP, Postmark, SES), from cron or a systemd timer.

A lock file keeps two overlapping runs from both sending, and each bundle's own lock keeps
a dispatch and a hand-off by hand apart (`handoff.lock`); the ledger keeps a later run
from sending again. Bundles more than the late window past their time are reported, not
sent: a stale edition is worse than a missing one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from publisher.bundle_names import parse_bundle_name
from publisher.config import Settings
from publisher.errors import HandoffRefused, PublisherError
from publisher.handoff.ledger import Ledger
from publisher.handoff.lock import exclusive
from publisher.handoff.run import SMTP, HandoffRequest, hand_off, provider_named
from publisher.record import Manifest

LOCK_FILE = ".dispatch.lock"


@dataclass
class DispatchReport:
    sent: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    done_before: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    locked: bool = False

    @property
    def has_failed(self) -> bool:
        return bool(self.late or self.failed)

    def summary(self) -> str:
        if self.locked:
            return "dispatch: another dispatch is running; nothing done"
        parts = [
            f"{len(self.sent)} sent",
            f"{len(self.waiting)} not due",
            f"{len(self.done_before)} handed off before",
            f"{len(self.late)} too late",
            f"{len(self.failed)} failed",
        ]
        return "dispatch: " + ", ".join(parts)


def dispatch_lock(dist: Path) -> AbstractContextManager[bool]:
    """True while this process holds the lock; False when another run holds it."""
    return exclusive(dist / LOCK_FILE)


def destination_for(settings: Settings, via: str | None) -> str:
    name = via or settings.handoff.dispatch
    if not name:
        raise HandoffRefused(
            "dispatch does not know where to send",
            hint="set handoff.dispatch (smtp, postmark or ses) or pass --via NAME",
        )
    if name != SMTP and provider_named(name).SCHEDULES:
        raise HandoffRefused(
            f"{name} schedules editions itself: hand them off with publisher handoff --esp {name}",
            hint="dispatch is for smtp, postmark and ses",
        )
    return name


def dispatch(
    dist: Path,
    settings: Settings,
    now: datetime,
    via: str | None = None,
    environ: Mapping[str, str] = os.environ,
    client: httpx.Client | None = None,
) -> DispatchReport:
    destination = destination_for(settings, via)
    report = DispatchReport()
    late_window = timedelta(minutes=settings.handoff.late_window_minutes)
    with dispatch_lock(dist) as held:
        if not held:
            report.locked = True
            return report
        for bundle in _bundles(dist):
            try:
                manifest = Manifest.read(bundle)
            except PublisherError as error:
                report.failed.append(f"{bundle.name}: {error.message}")
                continue
            send_at = datetime.fromisoformat(manifest.send_at)
            state = Ledger.load(bundle, manifest.files).state(destination)
            if state in ("scheduled", "sent", "cancelled"):
                report.done_before.append(bundle.name)
            elif send_at > now:
                report.waiting.append(bundle.name)
            elif now - send_at > late_window:
                report.late.append(f"{bundle.name} (due {send_at.isoformat(timespec='minutes')})")
            else:
                request = HandoffRequest(bundle, destination)
                try:
                    hand_off(request, settings, now, environ, client)
                except PublisherError as error:
                    report.failed.append(f"{bundle.name}: {error.message}")
                else:
                    report.sent.append(bundle.name)
    return report


def _bundles(dist: Path) -> list[Path]:
    if not dist.is_dir():
        return []
    return sorted(path for path in dist.iterdir() if path.is_dir() and parse_bundle_name(path.name))
