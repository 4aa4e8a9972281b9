"""The words an inbox shows and the words a reader trusts: subject, preheader, copyright,
no pasted boilerplate left in a brief, no example values left from `publisher init`."""

from __future__ import annotations

import dataclasses
import html as entities
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from publisher.checks.edition import CheckedEdition, text_of, with_class
from publisher.config.fields import type_hints
from publisher.record import Finding

NAME = "copy"
SUBJECT_LENGTH = 60  # what most inboxes show before cutting
PREHEADER_LENGTHS = (40, 130)
EXCLAMATIONS = 3
_COPYRIGHT_YEAR = re.compile(r"(?i)(?:©|\(c\)|copyright)\s*(?:©\s*)?(\d{4})")
_EXAMPLE = re.compile(r"(?i)\bexample\.(?:org|com|net)\b|\bExampleland\b|\b1 Example Street\b")
SETTINGS_FILE = "publication.toml"
_TAG = re.compile(r"<[^>]+>")


def _normal(text: str) -> str:
    return " ".join(text.replace("…", " ").split()).casefold().rstrip(".")


def run(edition: CheckedEdition) -> Iterator[Finding]:
    yield from _subject(edition.manifest.subject)
    yield from _preheader(edition)
    yield from _copyright(edition)
    yield from _leftover_boilerplate(edition)
    yield from _example_values(edition)


def _subject(subject: str) -> Iterator[Finding]:
    where = "content/edition.toml"
    if not subject.strip():
        yield Finding(NAME, "error", "the subject is empty", where, None, "set subject")
        return
    letters = [character for character in subject if character.isalpha()]
    if len(letters) >= 4 and all(character.isupper() for character in letters):
        yield Finding(
            NAME,
            "warning",
            f"the subject is all capitals: {subject!r}",
            where,
            None,
            "write it in sentence case: capitals read as shouting and as spam",
        )
    if subject.count("!") > EXCLAMATIONS:
        yield Finding(
            NAME,
            "warning",
            f"the subject has {subject.count('!')} exclamation marks",
            where,
            None,
            f"keep at most {EXCLAMATIONS}: spam filters score them",
        )
    if len(subject) > SUBJECT_LENGTH:
        yield Finding(
            NAME,
            "warning",
            f"the subject is {len(subject)} characters; inboxes cut it at about {SUBJECT_LENGTH}",
            where,
            None,
            "shorten it, with the news first",
        )


def _first_line(edition: CheckedEdition) -> str:
    """The first paragraph of the email's first brief: what an inbox previews anyway."""
    body = next(with_class(edition.document, "brief"), None)
    paragraph = next(body.iterdescendants("p"), None) if body is not None else None
    return text_of(paragraph, " ", strip=True) if paragraph is not None else ""


def _preheader(edition: CheckedEdition) -> Iterator[Finding]:
    preheader = edition.manifest.preheader
    where = "content/edition.toml"
    low, high = PREHEADER_LENGTHS
    if not low <= len(preheader) <= high:
        yield Finding(
            NAME,
            "warning",
            f"the preheader is {len(preheader)} characters; inboxes show {low} to {high} well",
            where,
            None,
            "write a preheader that adds to the subject: what else is in the edition",
        )
    shown = _normal(preheader)
    if shown == _normal(edition.manifest.subject):
        yield Finding(
            NAME,
            "warning",
            "the preheader repeats the subject",
            where,
            None,
            "say something the subject does not, such as the other briefs' topics",
        )
    elif shown and _normal(_first_line(edition)).startswith(shown):
        yield Finding(
            NAME,
            "warning",
            "the preheader repeats the email's first line, which inboxes then show twice",
            where,
            None,
            "say something the first brief's opening does not, such as what else is inside",
        )


def _copyright(edition: CheckedEdition) -> Iterator[Finding]:
    year = datetime.fromisoformat(edition.manifest.send_at).year
    for found in sorted({int(y) for y in _COPYRIGHT_YEAR.findall(edition.visible_text)}):
        if found != year:
            yield Finding(
                NAME,
                "error",
                f"the copyright line says {found}, but the edition goes out in {year}",
                hint="use footer.copyright in the footer template: it carries the send year",
            )


def _leftover_boilerplate(edition: CheckedEdition) -> Iterator[Finding]:
    """Pasted furniture that reached a brief's block in the email by any route."""
    from publisher.boilerplate import load_rules, strip_text

    rules = load_rules(edition.settings)
    for block in with_class(edition.document, "brief"):
        brief = edition.brief_of(block)
        if brief is None or _as_stripped(text_of(block, " "), brief.html):
            continue
        paragraphs = [text_of(p, " ", strip=True) for p in block.iterdescendants("p", "li")]
        _, removals = strip_text("\n\n".join(paragraphs), rules)
        for removal in removals:
            yield Finding(
                NAME,
                "warning",
                f"pasted boilerplate left in the brief ({removal.family}): {removal.text[:80]}",
                edition.brief_path(brief),
                edition.line_in_brief(brief, removal.text[:40]),
                "delete it from the brief, or check the template that adds it",
                brief.slug,
            )


def _as_stripped(shown: str, fragment: str) -> bool:
    """Whether a brief's block shows just the text the build stripped and rendered: then
    the strip stage has judged it already, and only what a template added needs a look."""
    rendered = entities.unescape(_TAG.sub(" ", fragment))
    return " ".join(shown.split()) == " ".join(rendered.split())


def _example_values(edition: CheckedEdition) -> Iterator[Finding]:
    """Values `publisher init` wrote as examples: fine for a first build, not for a send."""
    from publisher.config.loader import toml_key_lines

    try:
        text = (edition.settings.root / SETTINGS_FILE).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    lines = toml_key_lines(text)
    for key, value in _string_settings(edition.settings, ""):
        if _EXAMPLE.search(value):
            found = lines.get(key, [])
            yield Finding(
                NAME,
                "warning",
                f"{key} is still an example value: {value!r}",
                SETTINGS_FILE,
                found[0] if len(found) == 1 else None,
                "replace it with the publication's own before the first send",
            )


def _string_settings(section: Any, prefix: str) -> Iterator[tuple[str, str]]:
    section_type: type = type(section)
    hints = type_hints(section_type)
    for field in dataclasses.fields(section):
        if field.metadata.get("internal"):
            continue
        value = getattr(section, field.name)
        if dataclasses.is_dataclass(value):
            yield from _string_settings(value, f"{prefix}{field.name}.")
        elif isinstance(value, str):
            yield f"{prefix}{field.name}", value
        elif hints[field.name] == tuple[str, ...]:
            yield from ((f"{prefix}{field.name}", item) for item in value)
