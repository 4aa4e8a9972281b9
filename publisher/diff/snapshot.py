"""An edition as the diff compares it: from a bundle on disk or rendered in memory.

Only what readers and the hand-off see is kept (subject, preheader, sender, send time,
the briefs' text, links and images, the sizes, the findings); what follows from those
(the dateline, the Date header, the Message-ID, campaign tags that carry the date) is
left out, so one change is reported once.
"""

from __future__ import annotations

import html as entities
import re
from dataclasses import dataclass
from pathlib import Path

from publisher.record import EML_FILE, HTML_FILE, TEXT_FILE, Finding, Manifest
from publisher.tracking import untagged

_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_IMAGE = re.compile(r'<img\s[^>]*?src="([^"]*)"[^>]*?>', re.S)
_ALT = re.compile(r'alt="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://[^\s)<>\]]+")
_SPELLED_OUT = re.compile(r" ?\((?:https?://|mailto:)[^\s)]+\)")


@dataclass(frozen=True)
class BriefSnapshot:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    links: tuple[tuple[str, str], ...]  # (visible text, address without campaign tags)
    images: tuple[tuple[str, str], ...]  # (alt text, address)


@dataclass(frozen=True)
class Snapshot:
    label: str  # where it came from: a bundle folder, "the test send of ...", "content/"
    subject: str
    preheader: str
    sender: str
    send_at: str
    briefs: tuple[BriefSnapshot, ...]
    html_bytes: int
    text_bytes: int
    findings: tuple[Finding, ...]


def _text(html: str) -> str:
    return " ".join(entities.unescape(_TAG.sub(" ", html)).split())


def brief_snapshot(slug: str, title: str, html: str, text: str) -> BriefSnapshot:
    # The text part spells links out as "text (url)": the words are compared without
    # them, the links on their own (by their visible text).
    plain = _URL.sub("", _SPELLED_OUT.sub("", text))
    paragraphs = tuple(" ".join(block.split()) for block in plain.split("\n\n") if block.strip())
    links = tuple(
        (_text(label), untagged(entities.unescape(href))) for href, label in _LINK.findall(html)
    )
    images = tuple(
        (entities.unescape(_alt(tag.group(0))), entities.unescape(tag.group(1)))
        for tag in _IMAGE.finditer(html)
    )
    return BriefSnapshot(slug, title, paragraphs, links, images)


def _alt(tag: str) -> str:
    found = _ALT.search(tag)
    return found.group(1) if found else ""


def snapshot_of(manifest: Manifest, files: dict[str, bytes], label: str) -> Snapshot:
    briefs = tuple(
        brief_snapshot(brief.slug, brief.title, brief.html, brief.text) for brief in manifest.briefs
    )
    return Snapshot(
        label=label,
        subject=manifest.subject,
        preheader=manifest.preheader,
        sender=f"{manifest.sender_name} <{manifest.sender_address}>",
        send_at=manifest.send_at,
        briefs=briefs,
        html_bytes=len(files.get(HTML_FILE, b"")),
        text_bytes=len(files.get(TEXT_FILE, b"")),
        findings=manifest.findings,
    )


def read_snapshot(bundle: Path, label: str | None = None) -> Snapshot:
    manifest = Manifest.read(bundle)
    files = {name: (bundle / name).read_bytes() for name in (HTML_FILE, TEXT_FILE, EML_FILE)}
    return snapshot_of(manifest, files, label or str(bundle))
