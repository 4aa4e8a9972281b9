"""The bundle a hand-off sends, read as built, and the refusals that keep it from going
out wrong: too early or too late, failing its checks, edited since the build, sent already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from publisher.checks import CheckedEdition, has_errors
from publisher.checks import integrity as integrity_check
from publisher.config import Settings
from publisher.errors import HandoffRefused
from publisher.record import EML_FILE, HTML_FILE, MANIFEST_FILE, MJML_FILE, TEXT_FILE


@dataclass(frozen=True)
class HandoffBundle:
    """A bundle on disk, as the hand-off sends it."""

    path: Path
    edition: CheckedEdition

    @classmethod
    def read(cls, path: Path, settings: Settings) -> HandoffBundle:
        return cls(path, CheckedEdition.read(path, settings))

    @property
    def send_at(self) -> datetime:
        return datetime.fromisoformat(self.edition.manifest.send_at)

    @property
    def marker(self) -> str:
        """A name that tells this bundle's campaign from any other, for finding it again."""
        digest = self.edition.manifest.files.get(EML_FILE, "")[:10]
        return f"{self.edition.manifest.publication} {self.path.name} {digest}"

    def files(self) -> dict[str, bytes]:
        names = (HTML_FILE, TEXT_FILE, EML_FILE, MJML_FILE, MANIFEST_FILE)
        return {name: (self.path / name).read_bytes() for name in names}


@dataclass(frozen=True)
class Permission:
    """What the person asked to allow: each flag lifts one refusal, and only that one."""

    send_now: bool = False
    ignore_checks: bool = False
    resend: bool = False
    unapproved: bool = False


def refuse_edited(bundle: HandoffBundle) -> None:
    """Files that differ from the manifest were never checked: no flag sends them."""
    changed = list(integrity_check.run(bundle.edition))
    if changed:
        raise HandoffRefused(
            f"{changed[0].path} no longer matches the manifest's hash",
            bundle.path,
            hint="build the edition again; a bundle is sent exactly as it was built and checked",
        )


def refuse_failing_checks(bundle: HandoffBundle, allow: Permission) -> None:
    findings = bundle.edition.manifest.findings
    if has_errors(findings) and not allow.ignore_checks:
        errors = [f for f in findings if f.severity == "error"]
        raise HandoffRefused(
            f"its checks found {len(errors)} error{'s' if len(errors) > 1 else ''}"
            f" (first: {errors[0].message})",
            bundle.path,
            hint=f"run publisher check {bundle.path} and fix them, or pass --ignore-checks",
        )


def refuse_wrong_time(
    bundle: HandoffBundle,
    now: datetime,
    *,
    schedules: bool,
    late_window: timedelta,
    allow: Permission,
) -> None:
    """A scheduling provider needs a send time ahead; one that sends at once, the time now."""
    if allow.send_now:
        return
    send_at = bundle.send_at
    when = send_at.isoformat(timespec="minutes")
    if schedules and send_at <= now:
        raise HandoffRefused(
            f"its send time {when} has passed",
            bundle.path,
            hint="build it again for the next send time, or pass --send-now to send it at once",
        )
    if not schedules and send_at > now:
        raise HandoffRefused(
            f"its send time {when} has not come, and this destination sends at once",
            bundle.path,
            hint="let publisher dispatch send it on time (cron or a systemd timer), "
            "or pass --send-now",
        )
    if not schedules and now - send_at > late_window:
        raise HandoffRefused(
            f"its send time {when} is more than {late_window} ago",
            bundle.path,
            hint="pass --send-now if it should still go out this late",
        )


def refuse_repeat(destination: str, state: str, bundle: HandoffBundle, allow: Permission) -> None:
    if state in ("scheduled", "sent") and not allow.resend:
        raise HandoffRefused(
            f"already handed off to {destination} ({state})",
            bundle.path,
            hint="a bundle goes out once; pass --resend only if it must really be sent again",
        )
