"""Writes the bundle an ESP needs into dist/<send-date>/: HTML, text, .eml, manifest.

A second edition of the day goes to dist/<send-date>-<name>/ (`bundle_names.py`).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from publisher.atomic import replace_directory
from publisher.bundle_names import bundle_name
from publisher.config import Settings
from publisher.content import Brief, Edition
from publisher.errors import PublisherError
from publisher.mime import build_message
from publisher.record import (
    EML_FILE,
    HTML_FILE,
    MANIFEST_FILE,
    MJML_FILE,
    TEXT_FILE,
    BriefRecord,
    Manifest,
    RenderedBrief,
    RenderedEmail,
)

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Bundle:
    """Where the bundle was written and the manifest it carries."""

    path: Path
    manifest: Manifest


def word_count(brief: Brief) -> int:
    """Words in the title and body as a reader sees them (link targets not counted)."""
    return len(_WORD.findall(brief.title + " " + _LINK_TARGET.sub("]", brief.body)))


def _brief_record(brief: Brief, rendered: RenderedBrief | None) -> BriefRecord:
    return BriefRecord(
        slug=brief.slug,
        title=brief.title,
        file=brief.path.name,
        source=brief.source,
        url=brief.url,
        word_count=word_count(brief),
        removed=brief.removals,
        suspects=brief.suspects,
        html=rendered.html if rendered is not None else "",
        text=rendered.text if rendered is not None else "",
    )


def content_folder(content_dir: Path, settings: Settings) -> str:
    """The briefs' folder as the manifest names it: relative to the publication's root."""
    return Path(os.path.relpath(content_dir.resolve(), settings.root)).as_posix()


def manifest_for(
    email: RenderedEmail,
    edition: Edition,
    settings: Settings,
    send_at: datetime,
    files: dict[str, bytes],
    edition_name: str | None = None,
) -> Manifest:
    """Everything an ESP hand-off needs to know, plus a SHA-256 of every bundled file.

    A named edition records `"edition": "<name>"`; a manifest without an `edition` key is
    the daily edition's.
    """
    rendered = {brief.slug: brief for brief in email.briefs}
    briefs = tuple(_brief_record(brief, rendered.get(brief.slug)) for brief in edition.briefs)
    return Manifest(
        publication=settings.publication.name,
        edition=edition_name,
        subject=email.subject,
        preheader=email.preheader,
        sender_name=settings.sender.name,
        sender_address=settings.sender.address,
        reply_to=settings.sender.reply_to,
        send_at=send_at.isoformat(),
        send_at_utc=send_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        timezone=settings.schedule.timezone,
        content_dir=content_folder(edition.folder, settings),
        briefs=briefs,
        files={name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    )


def email_files(
    email: RenderedEmail, settings: Settings, send_at: datetime, edition_name: str | None = None
) -> dict[str, bytes]:
    """The bundle's files but the manifest, as bytes; nothing is written."""
    return {
        HTML_FILE: email.html.encode("utf-8"),
        TEXT_FILE: email.text.encode("utf-8"),
        EML_FILE: build_message(email, settings, send_at, edition_name),
        MJML_FILE: email.mjml.encode("utf-8"),
    }


def bundle_files(files: dict[str, bytes], manifest: Manifest) -> dict[str, bytes]:
    """The files with the manifest (and the checks' findings it carries) added."""
    return {**files, MANIFEST_FILE: manifest.to_json().encode("utf-8")}


def write_bundle(out_dir: Path, files: dict[str, bytes], manifest: Manifest) -> Bundle:
    """Writes dist/<send-date>/ atomically, replacing an earlier build of that date whole.

    A named edition goes to dist/<send-date>-<name>/ and replaces only that bundle: the
    daily one beside it is never touched.
    """
    send_date = datetime.fromisoformat(manifest.send_at).date()
    path = out_dir / bundle_name(send_date, manifest.edition)
    try:
        replace_directory(path, bundle_files(files, manifest))
    except OSError as error:
        raise PublisherError(
            f"cannot write the bundle: {error.strerror or type(error).__name__}",
            path,
            hint="--out must name a folder you can write to, on a disk with free space",
        ) from None
    return Bundle(path=path, manifest=manifest)
