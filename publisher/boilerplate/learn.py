"""Learning from history: a paragraph that recurs, once normalised, in several past briefs
with different titles is the website's furniture; propose it as a rule.

A paragraph that reports (said, told) or quotes is never proposed: briefs that follow
one story share quotations and background, not furniture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from publisher.boilerplate.judgement import score
from publisher.boilerplate.match import paragraphs
from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.rules import Rule, judgement_of, names_of, packaged_rules_data
from publisher.boilerplate.strip import judge_text
from publisher.slug import slugify

NEWS_SIGNS = frozenset({"reports", "quotation"})
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class PastBrief:
    """A brief read back: its title, its Markdown (or plain) body and where it was read."""

    title: str
    body: str
    origin: str


@dataclass(frozen=True)
class Proposal:
    """A rule for publication.toml, with how often its paragraph was seen and where."""

    name: str
    family: str
    pattern: str
    text: str
    seen: int
    briefs: int
    at_end: int  # how many times it was among the last two paragraphs of its brief
    origins: tuple[str, ...]
    score: int
    reasons: tuple[str, ...]

    def to_toml(self) -> str:
        where = ", ".join(self.origins[:4]) + (", ..." if len(self.origins) > 4 else "")
        quoted = f"'''{self.pattern}'''" if "'''" not in self.pattern else json.dumps(self.pattern)
        return (
            f"# Seen {self.seen} times ({self.at_end} at the end of a brief), in {self.briefs} "
            f"briefs with different titles: {where}\n"
            f"# {self.text[:100]}\n"
            f"[[boilerplate.rules]]\n"
            f'name = "{self.name}"\n'
            f'family = "{self.family}"\n'
            f"pattern = {quoted}\n"
            f"tail = false\n"
        )


def _key(text: str) -> str:
    """What counts as the same paragraph: normalised, with any figure the same figure."""
    return _DIGITS.sub("0", normalise(text)).rstrip(".!:")


def _pattern(text: str, names: Iterable[str]) -> str:
    """A rule pattern for exactly this paragraph: figures may change, the name is
    `{publication}`, closing punctuation is the rule's own."""
    escaped = re.escape(normalise(text).rstrip(".!:")).replace("\\ ", " ")
    for name in sorted((normalise(n) for n in names if n.strip()), key=len, reverse=True):
        escaped = escaped.replace(re.escape(name).replace("\\ ", " "), "{publication}")
    return _DIGITS.sub(r"\\d+", escaped)


def _name(text: str, taken: set[str]) -> str:
    base = "learned-" + (slugify(" ".join(normalise(text).split()[:6])) or "paragraph")
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


def propose_rules(history: Iterable[PastBrief], rules: tuple[Rule, ...]) -> tuple[Proposal, ...]:
    """Paragraphs the rules leave in, seen in at least `min_briefs` briefs with different
    titles (rules.toml's `[learning]`), most widely seen first."""
    minimum = int(packaged_rules_data()["learning"]["min_briefs"])
    judgement = judgement_of(rules)
    seen: dict[str, list[tuple[str, str, str, bool]]] = {}
    for brief in history:
        kept = list(paragraphs(judge_text(brief.body, rules).text))
        for index, paragraph in enumerate(kept):
            text = " ".join(line.strip() for line in paragraph.lines)
            if key := _key(text):
                sighting = (normalise(brief.title), brief.origin, text, index >= len(kept) - 2)
                seen.setdefault(key, []).append(sighting)
    proposals: list[Proposal] = []
    taken = {rule.name for rule in rules}
    for sightings in seen.values():
        titles = {title for title, _, _, _ in sightings}
        text = sightings[0][2]
        scored = score(text, judgement)
        is_news = any(reason.split(" ")[0] in NEWS_SIGNS for reason in scored.reasons)
        if len(titles) < minimum or is_news:
            continue
        proposals.append(
            Proposal(
                _name(text, taken),
                judgement.family_of(text),
                _pattern(text, names_of(rules)),
                text,
                len(sightings),
                len(titles),
                sum(is_at_end for _, _, _, is_at_end in sightings),
                tuple(dict.fromkeys(origin for _, origin, _, _ in sightings)),
                scored.points,
                scored.reasons,
            )
        )
    return tuple(sorted(proposals, key=lambda p: (-p.briefs, -p.seen, p.text)))


def proposals_json(proposals: Iterable[Proposal]) -> list[dict[str, object]]:
    return [asdict(proposal) for proposal in proposals]
