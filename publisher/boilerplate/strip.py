"""Takes pasted website boilerplate out of a brief's Markdown, recording every removal.

Only a whole paragraph, or a whole line of one, that a rule matches is ever removed;
everything else is returned as it was, so article text survives byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.rules import Rule
from publisher.content import Removal


@dataclass(frozen=True)
class Paragraph:
    """Consecutive non-blank lines and the file line number of the first one."""

    first_line: int
    lines: tuple[str, ...]


def paragraphs(text: str, first_line: int = 1) -> Iterator[Paragraph]:
    """Splits Markdown at blank lines, keeping each paragraph's starting line number."""
    current: list[str] = []
    start = first_line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            yield Paragraph(start, tuple(current))
            current = []
    if current:
        yield Paragraph(start, tuple(current))


def matching_rule(text: str, rules: Iterable[Rule]) -> Rule | None:
    """The first rule that matches the whole of `text`, once normalised."""
    normalised = normalise(text)
    if not normalised:
        return None
    return next((rule for rule in rules if rule.matches(normalised)), None)


def _removal(rule: Rule, line: int, text: str) -> Removal:
    return Removal(
        rule.name, rule.family, line, " ".join(part.strip() for part in text.split("\n"))
    )


def strip_text(
    text: str, rules: tuple[Rule, ...], first_line: int = 1
) -> tuple[str, tuple[Removal, ...]]:
    """The text without boilerplate paragraphs or lines, and what was removed from where."""
    kept: list[str] = []
    removals: list[Removal] = []
    for paragraph in paragraphs(text, first_line):
        whole = "\n".join(paragraph.lines)
        rule = matching_rule(whole, rules)
        if rule is not None:
            removals.append(_removal(rule, paragraph.first_line, whole))
            continue
        lines: list[str] = []
        for offset, line in enumerate(paragraph.lines):
            line_rule = matching_rule(line, rules) if len(paragraph.lines) > 1 else None
            if line_rule is not None:
                removals.append(_removal(line_rule, paragraph.first_line + offset, line))
            else:
                lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    cleaned = "\n\n".join(kept)
    return (cleaned + "\n" if cleaned else ""), tuple(removals)
