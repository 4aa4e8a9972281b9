"""Boilerplate: strip what editors pasted from the website, re-add the canonical version."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from publisher.boilerplate.rules import Rule, RuleSet, judgement_of, load_rules
from publisher.boilerplate.strip import Stripped, judge_text, strip_text
from publisher.content import Brief, Edition, Removal, with_removals
from publisher.errors import ContentError, raise_problems
from publisher.front_matter import read_front_matter, read_text, split_front_matter

__all__ = [
    "Rule",
    "RuleSet",
    "Stripped",
    "StrippedFile",
    "judge_text",
    "load_rules",
    "strip_boilerplate",
    "strip_edition",
    "strip_file",
    "strip_text",
]


@dataclass(frozen=True)
class StrippedFile:
    """A brief file's text without pasted boilerplate, what was removed from which line,
    the suspects kept for the editor, and the source taken from a wire credit ("" if none)."""

    text: str
    removals: tuple[Removal, ...]
    suspects: tuple[Removal, ...] = ()
    source: str = ""

    def to_json(self, rules: tuple[Rule, ...]) -> str:
        """`publisher strip --json`: the text, each removal and suspect with its rule, line,
        score and reasons, the source taken from a credit, and the judgement's thresholds."""
        judgement = judgement_of(rules)
        data = {
            "text": self.text,
            "removed": [dataclasses.asdict(removal) for removal in self.removals],
            "suspects": [dataclasses.asdict(suspect) for suspect in self.suspects],
            "source": self.source,
            "judgement": {"remove": judgement.remove, "suspect": judgement.suspect},
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def notes(self) -> list[str]:
        """What the editor should know beyond the text: the credit taken, the suspects."""
        notes = [
            f"note: line {r.line}: the source is {r.credit!r}, the credit of the removed "
            f"{r.family} line; write source: {r.credit} in the brief's front matter"
            for r in self.removals
            if r.credit
        ]
        notes.extend(
            f"note: line {s.line}: kept, but it reads like pasted {s.family} "
            f"(score {s.score}): {s.text[:60]}"
            for s in self.suspects
        )
        return notes


def strip_file(path: Path, rules: tuple[Rule, ...]) -> StrippedFile:
    """Strips a brief or pasted article; front matter and the title line stay as they are.

    A source taken from a wire credit is reported in `source`, not written into the text.
    """
    text = read_text(path)
    data, body, body_line = split_front_matter(text, path)
    head = text[: len(text) - len(body)]
    blank_lines = body[: len(body) - len(body.lstrip("\n"))]
    stripped = judge_text(body, rules, body_line)
    own_source = read_front_matter(data, text, path).source.strip() if data else ""
    source, removals = stripped.credited(own_source)
    return StrippedFile(
        head + blank_lines + stripped.text,
        removals,
        stripped.suspects,
        source if source != own_source else "",
    )


def strip_boilerplate(brief: Brief, rules: tuple[Rule, ...]) -> Brief:
    """The brief with pasted boilerplate removed and recorded in `removals`, its suspects
    in `suspects`, and its source taken from a removed wire credit when it had none."""
    stripped = judge_text(brief.body, rules, brief.body_line)
    source, removals = stripped.credited(brief.source)
    cleaned = with_removals(brief, stripped.text, removals)
    return dataclasses.replace(cleaned, source=source, suspects=brief.suspects + stripped.suspects)


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
