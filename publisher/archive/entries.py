"""What the archive knows of one edition without its full text: an index entry.

The readers turn each bundle's manifest into an `EditionEntry` (subject, dates, the lead
brief's first sentence, each brief's title and first paragraph); the index, the month
pages, the search index and the sitemap are written from these alone, and the state file
keeps them, so an unchanged bundle's manifest is hashed but never parsed again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from publisher.preheader import cut_to_fit
from publisher.record import Manifest

LEAD_LENGTH = 220
"""The index shows the lead brief's first sentence, cut after a word beyond this."""
PARAGRAPH_SIZE = 400
"""The search index keeps each brief's first paragraph up to this many characters."""
# A sentence ends at . ! ? or … (and closing quotes) before a word not in lowercase, as in
# the default preheader (`preheader._sentences`), so "U.S. officials" stays whole.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


class BriefEntry(NamedTuple):
    """A brief as the search index holds it: its anchor, title and first paragraph.

    A named tuple rather than a dataclass: JSON writes it as an array, and thousands are
    read back from JSON where needed, where a frozen dataclass costs three times as much.
    """

    slug: str
    title: str
    first_paragraph: str


@dataclass(frozen=True)
class EditionEntry:
    """One edition in the archive's index; `folder` is its bundle's name and its page's."""

    folder: str
    send_date: date
    edition_name: str | None
    send_at_utc: datetime
    subject: str
    lead: str
    briefs_json: str
    """Its briefs as `[[slug, title, first paragraph], …]`, JSON text as the search index
    holds it: kept as text, so a run over thousands of editions never encodes them again."""
    manifest_sha256: str

    @property
    def briefs(self) -> tuple[BriefEntry, ...]:
        return tuple(BriefEntry._make(brief) for brief in json.loads(self.briefs_json))

    def to_json(self) -> list[Any]:
        """A compact row for the state file: a few thousand of these are read every run."""
        return [
            self.folder,
            self.send_date.isoformat(),
            self.edition_name,
            self.send_at_utc.isoformat(),
            self.subject,
            self.lead,
            self.briefs_json,
            self.manifest_sha256,
        ]

    @classmethod
    def from_json(cls, row: list[Any]) -> EditionEntry:
        folder, send_date, edition_name, send_at_utc, subject, lead, briefs_json, sha256 = row
        return cls(
            folder=folder,
            send_date=date.fromisoformat(send_date),
            edition_name=edition_name,
            send_at_utc=datetime.fromisoformat(send_at_utc),
            subject=subject,
            lead=lead,
            briefs_json=briefs_json,
            manifest_sha256=sha256,
        )


def edition_entry(
    folder: str, send_date: date, edition_name: str | None, manifest: Manifest, sha256: str
) -> EditionEntry:
    """The index entry of a bundle, from its manifest and the SHA-256 of manifest.json."""
    briefs = tuple(
        BriefEntry(brief.slug, brief.title, cut_to_fit(first_paragraph(brief.text), PARAGRAPH_SIZE))
        for brief in manifest.briefs
    )
    lead_text = first_paragraph(manifest.briefs[0].text) if manifest.briefs else ""
    return EditionEntry(
        folder=folder,
        send_date=send_date,
        edition_name=edition_name,
        send_at_utc=datetime.fromisoformat(manifest.send_at_utc.replace("Z", "+00:00")),
        subject=manifest.subject,
        lead=cut_to_fit(first_sentence(lead_text), LEAD_LENGTH),
        briefs_json=json.dumps(briefs, ensure_ascii=False, separators=(",", ":")),
        manifest_sha256=sha256,
    )


def first_paragraph(text: str) -> str:
    """The first paragraph of a brief's plain text (paragraphs are blank-line separated)."""
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            return " ".join(paragraph.split())
    return ""


def first_sentence(paragraph: str) -> str:
    """The paragraph's first sentence: up to . ! ? or … before a word not in lowercase."""
    words = paragraph.split()
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if _ENDS_SENTENCE.search(word) and not following[:1].islower():
            return " ".join(words[: index + 1])
    return " ".join(words)
