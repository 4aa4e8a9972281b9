"""The light record of a built edition: the rendered email and the bundle's manifest.

Imports no rendering library, so whatever reads bundles (check, hand-off, diff, archive,
preview) loads only this: `Manifest.read(bundle)` gives the typed, versioned manifest.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from publisher.errors import PublisherError

SCHEMA_VERSION = 3
HTML_FILE, TEXT_FILE, EML_FILE, MJML_FILE, MANIFEST_FILE = (
    "email.html",
    "email.txt",
    "email.eml",
    "email.mjml",
    "manifest.json",
)
Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


@dataclass(frozen=True)
class RenderedBrief:
    """One brief as the email carries it: its HTML fragment (links tagged) and its text."""

    slug: str
    html: str
    text: str


@dataclass(frozen=True)
class RenderedEmail:
    """The rendered edition: what goes in the bundle, plus the MJML it came from."""

    subject: str
    preheader: str
    mjml: str
    html: str
    text: str
    briefs: tuple[RenderedBrief, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One problem a check found, where it comes from, and the one-line fix.

    `path` and `line` point at the brief (or settings file) to edit when known; `brief`
    is the brief's slug, its anchor in the email. A notice never fails anything.
    """

    check: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    hint: str | None = None
    brief: str | None = None

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


_OPTIONAL = frozenset({"score", "reasons", "credit"})


@dataclass(frozen=True)
class RemovedText:
    """Pasted boilerplate the build took out of a brief, and the rule that matched.

    A suspect (kept, for the editor to judge) has the same shape. `score` and `reasons`
    are the scored judgement's when it decided; `credit` is the source the brief took
    from this line. manifest.json leaves the three out when they are empty.
    """

    rule: str
    family: str
    line: int
    text: str
    score: int | None = None
    reasons: tuple[str, ...] = ()
    credit: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RemovedText:
        return cls(**{**data, "reasons": tuple(data.get("reasons", ()))})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: v for k, v in data.items() if k not in _OPTIONAL or v not in (None, (), "")}


@dataclass(frozen=True)
class BriefRecord:
    """A brief as the manifest keeps it: enough to point a finding at its file."""

    slug: str
    title: str
    file: str
    source: str
    url: str
    word_count: int
    removed: tuple[RemovedText, ...] = ()
    # The brief's body as the email carries it, for the archive and the edition diff.
    html: str = ""
    text: str = ""
    # Paragraphs that read like pasted boilerplate but were kept; left out when none.
    suspects: tuple[RemovedText, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["removed"] = [removal.to_json() for removal in self.removed]
        data["suspects"] = [suspect.to_json() for suspect in self.suspects]
        if not self.suspects:
            del data["suspects"]
        return data


@dataclass(frozen=True)
class Manifest:
    """manifest.json: what the hand-off needs, each brief's file, the checks' findings."""

    publication: str
    subject: str
    preheader: str
    sender_name: str
    sender_address: str
    reply_to: str
    send_at: str
    send_at_utc: str
    timezone: str
    briefs: tuple[BriefRecord, ...]
    files: dict[str, str]
    # The briefs' folder relative to the publication's root, for finding lines in them.
    content_dir: str = "content"
    edition: str | None = None  # None: the daily edition
    findings: tuple[Finding, ...] = field(default=())
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> str:
        """The manifest as written into the bundle: stable key order, UTF-8, indented."""
        data: dict[str, Any] = {
            "schema_version": self.schema_version,
            "publication": self.publication,
            **({"edition": self.edition} if self.edition is not None else {}),
            "subject": self.subject,
            "preheader": self.preheader,
            "from": {"name": self.sender_name, "address": self.sender_address},
            "reply_to": self.reply_to,
            "send_at": self.send_at,
            "send_at_utc": self.send_at_utc,
            "timezone": self.timezone,
            "content_dir": self.content_dir,
            "briefs": [brief.to_json() for brief in self.briefs],
            "findings": [asdict(finding) for finding in self.findings],
            "files": self.files,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            schema_version=data["schema_version"],
            publication=data["publication"],
            edition=data.get("edition"),
            subject=data["subject"],
            preheader=data["preheader"],
            sender_name=data["from"]["name"],
            sender_address=data["from"]["address"],
            reply_to=data["reply_to"],
            send_at=data["send_at"],
            send_at_utc=data["send_at_utc"],
            timezone=data["timezone"],
            content_dir=data.get("content_dir", "content"),
            briefs=tuple(
                BriefRecord(
                    **{
                        **brief,
                        "removed": tuple(RemovedText.from_json(r) for r in brief["removed"]),
                        "suspects": tuple(
                            RemovedText.from_json(r) for r in brief.get("suspects", ())
                        ),
                    }
                )
                for brief in data["briefs"]
            ),
            findings=tuple(Finding(**finding) for finding in data.get("findings", [])),
            files=dict(data["files"]),
        )

    @classmethod
    def read(cls, bundle: Path) -> Manifest:
        """The manifest of the bundle folder `bundle`; a clear error when it is not one."""
        path = bundle / MANIFEST_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PublisherError(
                "not a bundle (no manifest.json)",
                bundle,
                hint="give the folder publisher build printed, such as dist/2026-11-27",
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PublisherError(f"cannot read the manifest: {error}", path) from None
        version = data.get("schema_version") if isinstance(data, dict) else None
        if version != SCHEMA_VERSION:
            raise PublisherError(
                f"manifest schema version {version!r}, this publisher reads {SCHEMA_VERSION}",
                path,
                hint="build the bundle again with this publisher",
            )
        try:
            return cls.from_json(data)
        except (KeyError, TypeError) as error:
            raise PublisherError(
                f"manifest is incomplete: {type(error).__name__} {error}",
                path,
                hint="build the bundle again; do not edit manifest.json by hand",
            ) from None
