"""Takes pasted website boilerplate out of a brief's Markdown, recording every removal.

Only a whole paragraph, or a whole line of one, that a rule matches is ever removed;
everything else is returned as it was, so article text survives byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.rules import Rule
from publisher.content import Removal

_LIST_ITEM = re.compile(r"\s*([-*+]|\d+[.)])\s")


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


def _removal(rule: Rule, line: int, text: str) -> Removal:
    return Removal(
        rule.name, rule.family, line, " ".join(part.strip() for part in text.split("\n"))
    )


@dataclass(frozen=True)
class _Verdict:
    """What happens to one paragraph: its removals and the lines that stay."""

    removals: tuple[Removal, ...]
    kept: tuple[str, ...]
    rule: Rule | None  # the rule that matched the whole paragraph, if any


def _judge(paragraph: Paragraph, rules: tuple[Rule, ...]) -> _Verdict:
    """Strict rules on the whole paragraph, then line by line; tail-only rules last."""
    whole = "\n".join(paragraph.lines)
    rule = matching_rule(whole, rules, strict_only=True)
    if rule is not None:
        return _Verdict((_removal(rule, paragraph.first_line, whole),), (), rule)
    removals: list[Removal] = []
    kept: list[str] = []
    for offset, line in enumerate(paragraph.lines):
        # A list item is content even when it names boilerplate ("- Sponsored content").
        is_label_line = len(paragraph.lines) > 1 and not _LIST_ITEM.match(line)
        line_rule = matching_rule(line, rules, strict_only=True) if is_label_line else None
        if line_rule is not None:
            removals.append(_removal(line_rule, paragraph.first_line + offset, line))
        else:
            kept.append(line)
    if not removals:
        tail_rule = matching_rule(whole, rules)
        if tail_rule is not None:
            return _Verdict((_removal(tail_rule, paragraph.first_line, whole),), (), tail_rule)
        return _Verdict((), paragraph.lines, None)
    rest = "\n".join(kept)
    if kept and (rest_rule := matching_rule(rest, rules, strict_only=True)):
        # Lines that only read as boilerplate once a label between them is gone.
        removals.append(_removal(rest_rule, paragraph.first_line, rest))
        kept = []
    return _Verdict(tuple(sorted(removals, key=lambda r: r.line)), tuple(kept), None)


# Two news paragraphs in a row end the trailing run of boilerplate.
NEWS_RUN_THAT_ENDS_TAIL = 2


def _tail_start(verdicts: list[_Verdict]) -> int:
    """Where the trailing run of boilerplate starts: at its first strictly matched paragraph.

    Walking back from the end, the run goes on past single news paragraphs (kept) and
    stops at two in a row. Tail-only rules remove paragraphs after the run's start only.
    """
    start = len(verdicts)
    news_in_a_row = 0
    for index in range(len(verdicts) - 1, -1, -1):
        verdict = verdicts[index]
        if verdict.kept:
            news_in_a_row += 1
            if news_in_a_row >= NEWS_RUN_THAT_ENDS_TAIL:
                break
            continue
        news_in_a_row = 0
        if verdict.rule is None or not verdict.rule.is_tail_only:
            start = index
    return start


def strip_text(
    text: str, rules: tuple[Rule, ...], first_line: int = 1
) -> tuple[str, tuple[Removal, ...]]:
    """The text without boilerplate paragraphs or lines, and what was removed from where."""
    found = list(paragraphs(text.replace("\r\n", "\n"), first_line))
    verdicts = [_judge(paragraph, rules) for paragraph in found]
    tail_start = _tail_start(verdicts)
    kept: list[str] = []
    removals: list[Removal] = []
    for index, (paragraph, verdict) in enumerate(zip(found, verdicts, strict=True)):
        is_kept_tail_match = (
            verdict.rule is not None and verdict.rule.is_tail_only and index < tail_start
        )
        if is_kept_tail_match:
            kept.append("\n".join(paragraph.lines))
            continue
        removals.extend(verdict.removals)
        if verdict.kept:
            kept.append("\n".join(verdict.kept))
    cleaned = "\n\n".join(kept)
    return (cleaned + "\n" if cleaned else ""), tuple(removals)
