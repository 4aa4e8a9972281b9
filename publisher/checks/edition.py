"""The built edition as every check sees it: the bundle's files, manifest and settings.

The same value comes from a build in memory or from a bundle on disk, so `publisher
build`, `publisher check BUNDLE`, the preview and the hand-off get the same findings.
"""

from __future__ import annotations

import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.config import Settings
from publisher.errors import PublisherError
from publisher.record import EML_FILE, HTML_FILE, MJML_FILE, TEXT_FILE, BriefRecord, Manifest

if TYPE_CHECKING:
    from lxml.etree import _Element as Element  # type: ignore[import-untyped]

# A brief's cell (its title, body and source line), as the email template marks it.
_BLOCKS = frozenset({"brief-section", "brief", "brief-source"})
# Text a reader sees: not comments (not text nodes) nor what styles, scripts and templates hold.
_TEXT = ".//text()[not(ancestor::style or ancestor::script or ancestor::template)]"
# itertext() gives the same strings (no comments) where none of these is in or around.
_UNSEEN = ("style", "script", "template")


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
    def headers(self) -> EmailMessage:
        """The .eml's headers, parsed without its body: the checks read the parts from the
        bundle's own files, which the integrity check holds to the manifest, as the .eml."""
        head = self.eml.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"  # the body is never read
        parsed = BytesHeaderParser(policy=email.policy.default).parsebytes(head)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @cached_property
    def document(self) -> Element:
        """The HTML part as an lxml tree (its `<html>`), parsed once for every check that
        reads elements. lxml, not bs4: premailer has imported it already for the build."""
        from lxml import etree  # type: ignore[import-untyped]

        # Bytes: lxml refuses a str that opens with an XML declaration. A document of no
        # elements at all (blank, a lone comment) has no root: an empty <html> then.
        # etree's own elements, not lxml.html's, whose class lookup runs Python per element.
        parser = etree.HTMLParser(encoding="utf-8")
        root = etree.fromstring(self.html.encode("utf-8"), parser)
        return root if root is not None else etree.fromstring(b"<html></html>", parser)

    @cached_property
    def visible_text(self) -> str:
        """The text of the whole HTML part, its strings a space apart (see `text_of`)."""
        return text_of(self.document, " ")

    def brief_of(self, element: Element) -> BriefRecord | None:
        """The brief an element of the email belongs to: inside a brief's block, the one
        whose title (`<h2 id=slug>`) comes before it; None for the masthead and footer."""
        inside = element.tag == "h2" or bool(_BLOCKS & classes(element))
        if not inside and not any(_BLOCKS & classes(up) for up in element.iterancestors()):
            return None
        if element.tag == "h2":
            heading = element
        else:  # the nearest title opened before it, the one it sits in included
            before = element.xpath("(ancestor::h2[@id] | preceding::h2[@id])[last()]")
            heading = before[0] if before else None
        return None if heading is None else self.brief_by_slug(str(heading.get("id")))

    def located(self, element: Element, needle: str) -> tuple[str | None, int | None, str | None]:
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
        lines = self._brief_lines(brief.file)
        return next((number for number, line in enumerate(lines, 1) if needle in line), None)

    @cached_property
    def _lines_by_file(self) -> dict[str, tuple[str, ...]]:
        return {}

    def _brief_lines(self, file: str) -> tuple[str, ...]:
        """A brief file's lines, read once per edition (none when it cannot be read)."""
        if file not in self._lines_by_file:
            try:
                text = (self.content_dir / file).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._lines_by_file[file] = tuple(text.split("\n")) if text else ()
        return self._lines_by_file[file]


@cache
def _text_nodes() -> Any:
    """The compiled XPath of `_TEXT`: compiling it on every call cost more than running it."""
    from lxml import etree

    return etree.XPath(_TEXT)


def classes(element: Element) -> set[str]:
    """An element's class names (lxml gives the attribute as one string)."""
    return set(str(element.get("class") or "").split())


def with_class(root: Element, name: str) -> Iterator[Element]:
    """The elements under `root` (itself included) of that class, in document order."""
    return iter(_with_class()(root, name=name))


@cache
def _with_class() -> Any:
    """XPath's own class test (a space-separated list holding `name`), compiled once."""
    from lxml import etree

    return etree.XPath(
        "descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '),"
        " concat(' ', $name, ' '))]"
    )


def text_of(element: Element, separator: str = "", *, strip: bool = False) -> str:
    """The element's text nodes joined by `separator`, each stripped (blank ones left
    out) when `strip`: what bs4's `get_text` gave the checks, so findings keep their text."""
    inside = next(element.iter(*_UNSEEN), None)
    around = next(element.iterancestors(*_UNSEEN), None)
    if inside is None and around is None:  # most elements: no XPath needed
        strings = list(element.itertext())
    else:
        strings = [str(string) for string in _text_nodes()(element)]
    if strip:
        strings = [string.strip() for string in strings if string.strip()]
    return separator.join(strings)
