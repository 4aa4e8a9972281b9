"""What the preview page shows, as plain data: the templates in templates/preview/ lay it out.

The inbox row, the send time, the email as each frame gets it, the findings grouped by
severity and the boilerplate stripped from each brief, from the latest `Snapshot`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from publisher.build import RenderedEdition
from publisher.bundle import bundle_files
from publisher.checks.report import counts
from publisher.dates import dateline
from publisher.errors import PublisherError
from publisher.preview.state import BuildProblem, Snapshot
from publisher.record import SEVERITIES, Finding, Manifest, RemovedText, Severity

# How much of the subject and preheader an inbox shows before it cuts them. Clients cut by
# pixel width in their own fonts, mid-word, with an ellipsis; these are the usual figures
# for a desktop list row (Gmail in a 1280 px window: one line of subject and preheader
# together) and a phone (iOS Mail at 375 px: one line of subject, two of preheader).
DESKTOP_LINE = 110
PHONE_SUBJECT = 34
PHONE_PREHEADER = 90
DESKTOP_SEPARATOR = " — "
HEADINGS: dict[Severity, str] = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_DARK_QUERY = re.compile(r"\(\s*prefers-color-scheme\s*:\s*dark\s*\)", re.IGNORECASE)
_LIGHT_QUERY = re.compile(r"\(\s*prefers-color-scheme\s*:\s*light\s*\)", re.IGNORECASE)
# Links open in a tab of their own: in the frame they would replace the email.
_BASE = '<base target="_blank">'
# The view's scheme for the browser's own defaults too (canvas, form controls, scrollbars).
_SCHEME_ROOT = "<style>:root {{ color-scheme: {scheme} !important; }}</style>"
Scheme = Literal["light", "dark"]


@dataclass(frozen=True)
class InboxView:
    """The message as an inbox lists it: sender, subject and preheader cut to fit."""

    sender: str
    address: str
    time: str
    desktop_subject: str
    desktop_preheader: str
    phone_subject: str
    phone_preheader: str
    subject_length: int
    preheader_length: int


@dataclass(frozen=True)
class SendTime:
    """When the edition goes out, in the publication's zone and in UTC."""

    local: str
    zone: str
    utc: str
    iso: str


@dataclass(frozen=True)
class FindingView:
    """A finding with the place to fix it and, when it has one, its brief in the email."""

    severity: Severity
    check: str
    message: str
    hint: str | None
    location: str
    brief: str | None
    brief_title: str | None


@dataclass(frozen=True)
class FindingGroup:
    severity: Severity
    heading: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class StrippedBrief:
    """The pasted boilerplate the build took out of one brief, paragraph by paragraph."""

    slug: str
    title: str
    file: str
    removals: tuple[RemovedText, ...]


@dataclass(frozen=True)
class BundleFile:
    name: str
    size: str


@dataclass(frozen=True)
class EmailView:
    """Everything the page shows of the last good build."""

    digest: str
    html: str
    dark_html: str
    text: str
    inbox: InboxView
    send_time: SendTime
    counts: tuple[tuple[Severity, int], ...]
    groups: tuple[FindingGroup, ...]
    stripped: tuple[StrippedBrief, ...]
    brief_count: int
    files: tuple[BundleFile, ...]
    # What changed since the last test send for this date (the edition diff), as its
    # JSON shape; None when there is no test send or bundle to compare with.
    changes: dict[str, Any] | None = None


@dataclass(frozen=True)
class PageView:
    """The whole page: the latest build's outcome and the last good email, if any."""

    version: int
    publication: str
    edition: str | None
    is_failed: bool
    problems: tuple[BuildProblem, ...]
    built_at: str
    build_ms: int
    email: EmailView | None


def cut(text: str, limit: int) -> str:
    """`text` as an inbox shows it in `limit` characters: cut mid-word, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def _clock(moment: datetime) -> str:
    """`6:00 AM`, as a list row shows a time; English whatever the machine's locale."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def inbox_view(manifest: Manifest, send_at: datetime) -> InboxView:
    subject, preheader = manifest.subject, manifest.preheader
    room = DESKTOP_LINE - len(subject) - len(DESKTOP_SEPARATOR)
    return InboxView(
        sender=manifest.sender_name,
        address=manifest.sender_address,
        time=_clock(send_at),
        desktop_subject=cut(subject, DESKTOP_LINE),
        desktop_preheader=cut(preheader, room) if room > 1 else "",
        phone_subject=cut(subject, PHONE_SUBJECT),
        phone_preheader=cut(preheader, PHONE_PREHEADER),
        subject_length=len(subject),
        preheader_length=len(preheader),
    )


def send_time(send_at: datetime, timezone: str) -> SendTime:
    """`Friday, November 27, 2026 at 06:00 EST` and `11:00 UTC` (with the date if it differs)."""
    utc = send_at.astimezone(UTC)
    utc_text = f"{utc:%H:%M} UTC"
    if utc.date() != send_at.date():
        utc_text = f"{dateline(utc.date())} at {utc_text}"
    return SendTime(
        local=f"{dateline(send_at.date())} at {send_at:%H:%M} {send_at.tzname()}",
        zone=timezone,
        utc=utc_text,
        iso=send_at.isoformat(),
    )


def _finding_view(finding: Finding, titles: dict[str, str]) -> FindingView:
    return FindingView(
        severity=finding.severity,
        check=finding.check,
        message=finding.message,
        hint=finding.hint,
        location=finding.location(),
        brief=finding.brief if finding.brief in titles else None,
        brief_title=titles.get(finding.brief or ""),
    )


def finding_groups(
    findings: tuple[Finding, ...], titles: dict[str, str]
) -> tuple[FindingGroup, ...]:
    """Errors, then warnings, then notices; a severity with no finding has no group."""
    groups = []
    for severity in SEVERITIES:
        views = tuple(_finding_view(f, titles) for f in findings if f.severity == severity)
        if views:
            groups.append(FindingGroup(severity, HEADINGS[severity], views))
    return tuple(groups)


def stripped_briefs(manifest: Manifest) -> tuple[StrippedBrief, ...]:
    """The briefs that lost pasted boilerplate, each with its file as the CLI names it."""
    return tuple(
        StrippedBrief(
            brief.slug, brief.title, f"{manifest.content_dir}/{brief.file}", brief.removed
        )
        for brief in manifest.briefs
        if brief.removed
    )


def _after_head(html: str, insert: str) -> str:
    head = _HEAD.search(html)
    at = head.end() if head is not None else 0
    return html[:at] + insert + html[at:]


def framed(html: str) -> str:
    """The email as a frame shows it: its links open a tab of their own."""
    return _after_head(html, _BASE)


def scheme_variant(html: str, scheme: Scheme) -> str:
    """The email as a client set to `scheme` renders it, whatever the editor's own setting.

    A frame follows the browser's `prefers-color-scheme`, which a page cannot set for one
    frame, so the email's media queries are rewritten: the scheme's own rules always
    apply (`(min-width: 0px)`), the other scheme's never do (`(max-width: -1px)`).
    """
    on, off = (_DARK_QUERY, _LIGHT_QUERY) if scheme == "dark" else (_LIGHT_QUERY, _DARK_QUERY)
    html = off.sub("(max-width: -1px)", on.sub("(min-width: 0px)", html))
    return _after_head(html, _SCHEME_ROOT.format(scheme=scheme))


def _size(length: int) -> str:
    return f"{length} bytes" if length < 1024 else f"{length / 1024:.1f} KB"


def email_view(rendered: RenderedEdition) -> EmailView:
    manifest = rendered.manifest
    html = rendered.email.html
    titles = {brief.slug: brief.title for brief in manifest.briefs}
    files = bundle_files(rendered.files, manifest)
    tally = counts(rendered.findings)
    return EmailView(
        digest=hashlib.sha256(html.encode("utf-8")).hexdigest()[:16],
        html=framed(scheme_variant(html, "light")),
        dark_html=framed(scheme_variant(html, "dark")),
        text=rendered.email.text,
        inbox=inbox_view(manifest, rendered.send_at),
        send_time=send_time(rendered.send_at, manifest.timezone),
        counts=tuple((severity, tally[severity]) for severity in SEVERITIES),
        groups=finding_groups(rendered.findings, titles),
        stripped=stripped_briefs(manifest),
        brief_count=len(manifest.briefs),
        files=tuple(BundleFile(name, _size(len(content))) for name, content in files.items()),
        changes=changes_since_test(rendered),
    )


def changes_since_test(
    rendered: RenderedEdition, dist: Path = Path("dist")
) -> dict[str, Any] | None:
    """The edition diff against the last test send (else the last bundle) for its date."""
    from publisher.diff.compare import compare
    from publisher.diff.report import as_data
    from publisher.diff.snapshot import snapshot_of
    from publisher.diff.sources import earlier_snapshot

    try:
        old = earlier_snapshot(dist, rendered.send_at.date(), rendered.manifest.edition)
    except PublisherError:
        return None
    new = snapshot_of(rendered.manifest, rendered.files, "the edition as it stands")
    return as_data(compare(old, new))


def page_view(snapshot: Snapshot) -> PageView:
    rendered = snapshot.rendered
    return PageView(
        version=snapshot.version,
        publication=rendered.manifest.publication if rendered is not None else "",
        edition=rendered.manifest.edition if rendered is not None else None,
        is_failed=snapshot.is_failed,
        problems=snapshot.problems,
        built_at=f"{snapshot.finished_at:%H:%M:%S}",
        build_ms=round(snapshot.build_ms),
        email=email_view(rendered) if rendered is not None else None,
    )
