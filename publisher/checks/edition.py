"""The built edition as every check sees it: the bundle's files, manifest and settings.

The same value comes from a build in memory or from a bundle on disk, so `publisher
build`, `publisher check BUNDLE`, the preview and the hand-off get the same findings.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.config import Settings
from publisher.errors import PublisherError
from publisher.record import EML_FILE, HTML_FILE, MJML_FILE, TEXT_FILE, BriefRecord, Manifest

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True)
class CheckedEdition:
    """What the checks read; parsed forms are computed once, on first use."""

    html: str
    text: str
    eml: bytes
    mjml: str
    manifest: Manifest
    settings: Settings

    @classmethod
    def read(cls, bundle: Path, settings: Settings) -> CheckedEdition:
        """A bundle on disk, as built; never written to."""
        manifest = Manifest.read(bundle)
        contents: dict[str, bytes] = {}
        for name in (HTML_FILE, TEXT_FILE, EML_FILE, MJML_FILE):
            try:
                contents[name] = (bundle / name).read_bytes()
            except OSError as error:
                raise PublisherError(
                    f"cannot read {name}: {error.strerror or type(error).__name__}",
                    bundle,
                    hint="build the edition again: a bundle holds all of its files",
                ) from None
        return cls(
            html=contents[HTML_FILE].decode("utf-8", "replace"),
            text=contents[TEXT_FILE].decode("utf-8", "replace"),
            eml=contents[EML_FILE],
            mjml=contents[MJML_FILE].decode("utf-8", "replace"),
            manifest=manifest,
            settings=settings,
        )

    @cached_property
    def message(self) -> EmailMessage:
        """The .eml as a message: headers and the HTML and text parts as sent."""
        parsed = email.message_from_bytes(self.eml, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The HTML part, parsed once for every check that reads elements."""
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.html, "html.parser")

    def brief_of(self, element: Tag) -> BriefRecord | None:
        """The brief an element of the email belongs to: inside a brief's block, the one
        whose title (`<h2 id=slug>`) comes before it; None for the masthead and footer."""
        blocks = {"brief", "brief-title", "brief-source"}
        inside = element.name == "h2" or bool(blocks & set(element.get("class") or ()))
        if not inside and element.find_parent(class_=list(blocks)) is None:
            return None
        heading = element if element.name == "h2" else element.find_previous("h2", id=True)
        return None if heading is None else self.brief_by_slug(str(heading.get("id")))

    def located(self, element: Tag, needle: str) -> tuple[str | None, int | None, str | None]:
        """(path, line, slug) of the brief an element comes from, the line holding `needle`."""
        brief = self.brief_of(element)
        if brief is None:
            return None, None, None
        return self.brief_path(brief), self.line_in_brief(brief, needle), brief.slug

    @property
    def content_dir(self) -> Path:
        return self.settings.root / self.manifest.content_dir

    def brief_path(self, brief: BriefRecord) -> str:
        """The brief's file as findings name it: relative to where the editor works."""
        return f"{self.manifest.content_dir}/{brief.file}"

    def brief_by_slug(self, slug: str | None) -> BriefRecord | None:
        return next((brief for brief in self.manifest.briefs if brief.slug == slug), None)

    def line_in_brief(self, brief: BriefRecord, needle: str) -> int | None:
        """The first line of the brief's file that contains `needle`, when it can be read."""
        try:
            lines = (self.content_dir / brief.file).read_text("utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return None
        return next((number for number, line in enumerate(lines, 1) if needle in line), None)
