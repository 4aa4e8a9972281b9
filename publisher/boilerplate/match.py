"""What the rules take out of each paragraph of a brief, and the list items after a
list's heading: the first steps of stripping (`strip.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from publisher.boilerplate.lists import is_item, is_marked_item
from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.rules import Rule
from publisher.content import Removal

LIST_ITEM = re.compile(r"\s*([-*+]|\d+[.)])\s")


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


def matching_rule(text: str, rules: Iterable[Rule], *, strict_only: bool = False) -> Rule | None:
    """The first rule that matches the whole of `text`, once normalised."""
    normalised = normalise(text)
    if not normalised:
        return None
    return next(
        (
            rule
            for rule in rules
            if not (strict_only and rule.is_tail_only) and rule.matches(normalised)
        ),
        None,
    )


def flat(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n"))


def rule_removal(rule: Rule, line: int, text: str) -> Removal:
    return Removal(rule.name, rule.family, line, flat(text))


@dataclass(frozen=True)
class Match:
    """One paragraph after the rules: what they removed and which lines are left."""

    paragraph: Paragraph
    removals: tuple[Removal, ...]
    kept: tuple[int, ...]  # offsets of the lines left
    tail_rule: Rule | None = None  # a tail-only rule that matches what is left
    opens_list: Rule | None = None  # what was removed ends with a list's heading
    lines: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.paragraph.lines[i] for i in self.kept))

    @property
    def is_removed(self) -> bool:
        return not self.kept

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def line(self) -> int:
        return self.paragraph.first_line + self.kept[0]


def match_paragraph(paragraph: Paragraph, rules: tuple[Rule, ...]) -> Match:
    """Strict rules on the whole paragraph, then line by line; tail-only rules on the rest."""
    whole = "\n".join(paragraph.lines)
    rule = matching_rule(whole, rules, strict_only=True)
    if rule is not None:
        heading = rule if rule.opens_list else None
        return Match(
            paragraph, (rule_removal(rule, paragraph.first_line, whole),), (), None, heading
        )
    lines = paragraph.lines
    removals: list[Removal] = []
    kept: list[int] = []
    opens: Rule | None = None
    offset = 0
    while offset < len(lines):
        line = lines[offset]
        # A list item is content even when it names boilerplate ("- Sponsored content").
        is_label_line = len(lines) > 1 and not LIST_ITEM.match(line)
        line_rule = matching_rule(line, rules, strict_only=True) if is_label_line else None
        if line_rule is None:
            kept.append(offset)
            opens = None
            offset += 1
            continue
        end = offset + 1
        while line_rule.opens_list and end < len(lines) and is_item(lines[end]):
            end += 1
        removals.append(
            rule_removal(line_rule, paragraph.first_line + offset, "\n".join(lines[offset:end]))
        )
        opens = line_rule if line_rule.opens_list else None
        offset = end
    rest = "\n".join(lines[i] for i in kept)
    if removals and kept and (rest_rule := matching_rule(rest, rules, strict_only=True)):
        # Lines that only read as boilerplate once a label between them is gone.
        removals.append(rule_removal(rest_rule, paragraph.first_line + kept[0], rest))
        kept, opens = [], rest_rule if rest_rule.opens_list else None
    tail_rule = matching_rule(rest, rules) if kept else None
    ordered = tuple(sorted(removals, key=lambda r: r.line))
    return Match(paragraph, ordered, tuple(kept), tail_rule, opens)


def list_items(matches: list[Match]) -> dict[int, Rule]:
    """Paragraphs that are items of a link list, each with the rule of the list's heading."""
    items: dict[int, Rule] = {}
    heading: Rule | None = None
    for index, match in enumerate(matches):
        if (
            not match.is_removed
            and heading
            and not match.removals
            and all(map(is_item, match.lines))
        ):
            items[index] = heading
        else:
            heading = match.opens_list
    return items


def is_uncertain_item(index: int, items: dict[int, Rule], matches: list[Match]) -> bool:
    """The last item of a list, a plain line, before news: an item or a subheading?"""
    after = index + 1
    lines = matches[index].lines
    return (
        after not in items
        and after < len(matches)
        and not matches[after].is_removed
        and len(lines) == 1
        and not is_marked_item(lines[0])
    )
