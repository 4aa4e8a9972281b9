"""Takes pasted website boilerplate out of a brief's Markdown, recording every removal.

Only a whole paragraph, or a whole line of one, is ever removed: one a rule matches, an
item of a link list that a rule heads, or one the scored judgement finds to be furniture.
Everything else is returned as it was, so article text survives byte for byte.

1. match: strict rules on each paragraph, then on each of its lines;
2. lists: the items that follow a "Most read" heading go with it;
3. the trailing run: from the end back to two news paragraphs in a row;
4. judge: paragraphs of the trailing run, and short lines anywhere, are scored against
   the story's names and figures: removed, kept as suspects, or kept;
5. tail rules: loose patterns remove only after the trailing run's first removal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from publisher.boilerplate.credit import credit_of
from publisher.boilerplate.judgement import Judgement, Score, Story, Verdict, score
from publisher.boilerplate.match import (
    LIST_ITEM,
    Match,
    flat,
    is_uncertain_item,
    list_items,
    match_paragraph,
    paragraphs,
    rule_removal,
)
from publisher.boilerplate.normalise import plain
from publisher.boilerplate.rules import Rule, RuleSet, judgement_of, names_of
from publisher.content import Removal

JUDGEMENT = "judgement"
REMEMBERED_VERDICTS = 256  # briefs; a day's edition has a few dozen


@dataclass(frozen=True)
class Stripped:
    """The text without boilerplate, what was removed, what was kept as a suspect, and
    the credit (agency or partner) that a removed copyright line named, if any."""

    text: str
    removals: tuple[Removal, ...]
    suspects: tuple[Removal, ...] = ()
    credit: str = ""
    credit_from: int | None = None  # the index of the removal that names it

    def credited(self, source: str) -> tuple[str, tuple[Removal, ...]]:
        """The source and removals once credit is given: without a source of its own, a
        brief takes the credit, and the removed line that names it records that."""
        if source or self.credit_from is None:
            return source, self.removals
        removals = list(self.removals)
        removals[self.credit_from] = replace(removals[self.credit_from], credit=self.credit)
        return self.credit, tuple(removals)


def _run_start(is_news: list[bool]) -> int:
    """Where the trailing run starts: walking back from the end past furniture and single
    news paragraphs, it stops at two news paragraphs in a row; the lead is never in it."""
    start = len(is_news)
    streak = 0
    for index in range(len(is_news) - 1, -1, -1):
        streak = streak + 1 if is_news[index] else 0
        if streak >= 2:
            break
        start = index
    while start < len(is_news) and is_news[start]:
        start += 1
    return start


def _is_short_line(match: Match, judgement: Judgement) -> bool:
    return (
        len(match.lines) == 1
        and not LIST_ITEM.match(match.lines[0])
        and len(plain(match.lines[0]).split()) <= judgement.short_words
    )


def judge_text(text: str, rules: tuple[Rule, ...], first_line: int = 1) -> Stripped:
    """The text without boilerplate paragraphs or lines, what was removed from where, and
    the suspects: paragraphs that read like boilerplate but were kept for the editor.

    A rule set remembers its recent verdicts: the preview rebuilds every brief on each
    save, but the editor changed one of them. The verdict depends only on the text, its
    first line and the rules, and `Stripped` is immutable, so it is shared as it is.
    """
    if not isinstance(rules, RuleSet):
        return _judge_text(text, rules, first_line)
    key = (text, first_line)
    stripped = rules.judged.get(key)
    if stripped is None:
        stripped = _judge_text(text, rules, first_line)
        if len(rules.judged) >= REMEMBERED_VERDICTS:
            rules.judged.clear()  # whole, so a second thread (the preview's) never trips
        rules.judged[key] = stripped
    assert isinstance(stripped, Stripped)
    return stripped


def _judge_text(text: str, rules: tuple[Rule, ...], first_line: int) -> Stripped:
    judgement = judgement_of(rules)
    matches = [
        match_paragraph(p, rules) for p in paragraphs(text.replace("\r\n", "\n"), first_line)
    ]
    items = list_items(matches)
    uncertain = {i for i in items if is_uncertain_item(i, items, matches)}
    removed_items = {i: rule for i, rule in items.items() if i not in uncertain}
    is_news = [
        not (m.is_removed or i in items or m.tail_rule)
        and score(m.text, judgement).points < judgement.suspect
        for i, m in enumerate(matches)
    ]
    run_start = _run_start(is_news)
    candidates = [
        i
        for i, m in enumerate(matches)
        if not m.is_removed
        and i not in removed_items
        and (i >= run_start or i in uncertain or _is_short_line(m, judgement))
    ]
    # The story: every news-like paragraph but the one being scored. News-like ones always
    # stay, so a second pass scores against the same story (stripping is idempotent).
    own_names = names_of(rules)
    news = {i: Story.of([matches[i].text], own_names) for i, is_it in enumerate(is_news) if is_it}
    scores = {
        i: score(matches[i].text, judgement, Story.union(s for j, s in news.items() if j != i))
        for i in candidates
    }
    verdicts: dict[int, Verdict] = {i: s.verdict(judgement) for i, s in scores.items()}
    verdicts.update({i: "suspect" for i in uncertain if verdicts[i] != "remove"})
    starts = [
        i
        for i in range(run_start, len(matches))
        if matches[i].is_removed or i in removed_items or verdicts.get(i) == "remove"
    ]
    tail_start = min(starts, default=len(matches))
    kept: list[str] = []
    removals: list[Removal] = []
    suspects: list[Removal] = []
    for index, match in enumerate(matches):
        removals.extend(match.removals)
        if match.is_removed:
            continue
        verdict = verdicts.get(index, "keep")
        if index in removed_items:
            removals.append(rule_removal(removed_items[index], match.line, match.text))
        elif match.tail_rule is not None and index > tail_start and verdict != "remove":
            removals.append(rule_removal(match.tail_rule, match.line, match.text))
        elif verdict == "remove":
            removals.append(_judged(match, scores[index], judgement))
        else:
            if verdict == "suspect":
                suspects.append(_suspect(match, scores[index], judgement, items.get(index)))
            kept.append(match.text)
    cleaned = "\n\n".join(kept)
    ordered = tuple(sorted(removals, key=lambda r: r.line))
    credit, credit_from = _credit(ordered)
    text = cleaned + "\n" if cleaned else ""
    return Stripped(text, ordered, tuple(suspects), credit, credit_from)


def _judged(match: Match, found: Score, judgement: Judgement) -> Removal:
    family = judgement.family_of(match.text)
    return Removal(JUDGEMENT, family, match.line, flat(match.text), found.points, found.reasons)


def _suspect(match: Match, found: Score, judgement: Judgement, heading: Rule | None) -> Removal:
    if heading is not None:
        reasons = (f"last line after the {heading.name} heading: an item or a subheading?",)
        return Removal(
            heading.name, heading.family, match.line, flat(match.text), found.points,
            reasons + found.reasons,
        )  # fmt: skip
    return _judged(match, found, judgement)


def _credit(removals: Iterable[Removal]) -> tuple[str, int | None]:
    """The first wire agency or partner that a removed copyright line names, and where."""
    for index, removal in enumerate(removals):
        if removal.family == "copyright" and (name := credit_of(removal.text)):
            return name, index
    return "", None


def strip_text(
    text: str, rules: tuple[Rule, ...], first_line: int = 1
) -> tuple[str, tuple[Removal, ...]]:
    """The text without boilerplate paragraphs or lines, and what was removed from where."""
    stripped = judge_text(text, rules, first_line)
    return stripped.text, stripped.removals
