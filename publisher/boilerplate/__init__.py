"""Boilerplate: strip what editors pasted from the website, re-add the canonical version."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from publisher.boilerplate.rules import Rule, load_rules
from publisher.boilerplate.strip import strip_text
from publisher.content import Brief, Edition, Removal, with_removals
from publisher.errors import ContentError, raise_problems
from publisher.front_matter import read_text, split_front_matter

__all__ = [
    "Rule",
    "StrippedFile",
    "load_rules",
    "strip_boilerplate",
    "strip_edition",
    "strip_file",
    "strip_text",
]


@dataclass(frozen=True)
class StrippedFile:
    """A brief file's text without pasted boilerplate, and what was removed from which line."""

    text: str
    removals: tuple[Removal, ...]


def strip_file(path: Path, rules: tuple[Rule, ...]) -> StrippedFile:
    """Strips a brief or pasted article; front matter and the title line stay as they are."""
    text = read_text(path)
    _, body, body_line = split_front_matter(text, path)
    head = text[: len(text) - len(body)]
    blank_lines = body[: len(body) - len(body.lstrip("\n"))]
    cleaned, removals = strip_text(body, rules, body_line)
    return StrippedFile(head + blank_lines + cleaned, removals)


def strip_boilerplate(brief: Brief, rules: tuple[Rule, ...]) -> Brief:
    """The brief with pasted boilerplate removed and recorded in `removals`."""
    body, removals = strip_text(brief.body, rules, brief.body_line)
    return with_removals(brief, body, removals)


def strip_edition(edition: Edition, rules: tuple[Rule, ...]) -> Edition:
    """Every brief of the edition stripped; order, subject and preheader unchanged.

    A brief that was nothing but boilerplate is an error, not a silently empty section.
    """
    briefs = tuple(strip_boilerplate(brief, rules) for brief in edition.briefs)
    emptied = [
        ContentError(
            "brief has no text left once pasted boilerplate is removed",
            brief.path,
            brief.body_line,
            hint="paste the article's text too, or remove the file",
        )
        for brief in briefs
        if not brief.body.strip()
    ]
    raise_problems(emptied)
    return dataclasses.replace(edition, briefs=briefs)
