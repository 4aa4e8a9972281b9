"""Writes the bundle an ESP needs into dist/<send-date>/: HTML, text, .eml, manifest.

A second edition of the day goes to dist/<send-date>-<name>/ (`bundle_names.py`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publisher.atomic import replace_directory
from publisher.bundle_names import bundle_name
from publisher.config import Settings
from publisher.content import Brief, Edition
from publisher.errors import PublisherError
from publisher.mime import build_message
from publisher.render import RenderedEmail

SCHEMA_VERSION = 1
HTML_FILE, TEXT_FILE, EML_FILE, MANIFEST_FILE = (
    "email.html",
    "email.txt",
    "email.eml",
    "manifest.json",
)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Bundle:
    """Where the bundle was written and the manifest it carries."""

    path: Path
    manifest: dict[str, Any]


def word_count(brief: Brief) -> int:
    """Words in the title and body as a reader sees them (link targets not counted)."""
    return len(_WORD.findall(brief.title + " " + _LINK_TARGET.sub("]", brief.body)))


def _brief_entry(brief: Brief) -> dict[str, Any]:
    return {
        "slug": brief.slug,
        "title": brief.title,
        "file": brief.path.name,
        "source": brief.source,
        "url": brief.url,
        "word_count": word_count(brief),
        "removed": [asdict(removal) for removal in brief.removals],
    }


def manifest_for(
    email: RenderedEmail,
    edition: Edition,
    settings: Settings,
    send_at: datetime,
    files: dict[str, bytes],
    edition_name: str | None = None,
) -> dict[str, Any]:
    """Everything an ESP hand-off needs to know, plus a SHA-256 of every bundled file.

    A named edition records `"edition": "<name>"`; a manifest without an `edition` key is
    the daily edition's (left out so daily manifests stay as they were before editions).
    """
    named = {"edition": edition_name} if edition_name is not None else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "publication": settings.publication.name,
        **named,
        "subject": email.subject,
        "preheader": email.preheader,
        "from": {"name": settings.sender.name, "address": settings.sender.address},
        "reply_to": settings.sender.reply_to,
        "send_at": send_at.isoformat(),
        "send_at_utc": send_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timezone": settings.schedule.timezone,
        "briefs": [_brief_entry(brief) for brief in edition.briefs],
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    }


def bundle_files(
    email: RenderedEmail,
    edition: Edition,
    settings: Settings,
    send_at: datetime,
    edition_name: str | None = None,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The bundle's files as bytes, manifest included; nothing is written yet."""
    files = {
        HTML_FILE: email.html.encode("utf-8"),
        TEXT_FILE: email.text.encode("utf-8"),
        EML_FILE: build_message(email, settings, send_at, edition_name),
    }
    manifest = manifest_for(email, edition, settings, send_at, files, edition_name)
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    return {**files, MANIFEST_FILE: text.encode("utf-8")}, manifest


def write_bundle(
    out_dir: Path,
    email: RenderedEmail,
    edition: Edition,
    settings: Settings,
    send_at: datetime,
    edition_name: str | None = None,
) -> Bundle:
    """Writes dist/<send-date>/ atomically, replacing an earlier build of that date whole.

    With `edition_name` it writes dist/<send-date>-<name>/ instead, and replaces only that
    bundle: the daily one beside it is never touched.
    """
    path = out_dir / bundle_name(send_at.date(), edition_name)
    files, manifest = bundle_files(email, edition, settings, send_at, edition_name)
    try:
        replace_directory(path, files)
    except OSError as error:
        raise PublisherError(
            f"cannot write the bundle: {error.strerror or type(error).__name__}",
            path,
            hint="--out must name a folder you can write to, on a disk with free space",
        ) from None
    return Bundle(path=path, manifest=manifest)
