"""A corpus of pasted briefs from many sites: every news paragraph survives, and at least
97% of the furniture goes.

Each case in tests/fixtures/boilerplate/ is `NN-slug.md` (a brief as an editor pasted it),
`NN-slug.kept.md` (exactly the news paragraphs of its body, in order) and an entry in
cases.toml: the families of its furniture in document order, the site it was pasted from,
the kinds of furniture it holds and a note. Counting is in paragraphs: a paragraph of the
pasted body with no news line in it is one furniture paragraph, removed when none of its
lines is left; a furniture line stuck to news lines (no blank line between) counts as one
furniture paragraph too. Runs of whitespace (U+00A0 included) compare as one space.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from publisher.boilerplate import RuleSet, judge_text, load_rules
from publisher.config.loader import load_settings
from publisher.content import load_brief

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "fixtures" / "boilerplate"
RULES: RuleSet = load_rules(load_settings(TESTS / "fixtures" / "publication.toml"))
FAMILIES = ("pitch", "offer", "trial", "copyright", "label", "advertisement")
# Every kind of furniture issue 15 names, each in at least three cases.
KINDS = (
    "share-row",
    "share-label",
    "follow-us",
    "app-download",
    "referral",
    "sign-up",
    "login",
    "membership",
    "donation",
    "link-list",
    "cookie",
    "listen",
    "reading-time",
    "copyright",
    "wire-notice",
    "syndication",
    "advertisement",
)
NEWS_KEPT, FURNITURE_REMOVED = 1.0, 0.97

CASE_FILES = sorted(p for p in CORPUS.glob("*.md") if not p.name.endswith(".kept.md"))
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text("utf-8"))[
    "case"
]
NEWS_THAT_STAYS = [
    line for line in (CORPUS / "news-that-stays.txt").read_text("utf-8").splitlines() if line
]

Lines = tuple[str, ...]


def _paragraph_lines(text: str) -> list[Lines]:
    """Paragraphs split at blank (whitespace-only) lines, as lines with whitespace collapsed."""
    paragraphs: list[Lines] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r"\s+", " ", raw).strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(tuple(current))
            current = []
    if current:
        paragraphs.append(tuple(current))
    return paragraphs


def _is_within(lines: Lines, paragraph: Lines) -> bool:
    """Whether `lines` are lines of `paragraph`, in order (other lines may sit between)."""
    rest = iter(paragraph)
    return all(line in rest for line in lines)


@dataclass(frozen=True)
class Outcome:
    """One case stripped: its news paragraphs lost, and its furniture paragraphs left."""

    news: int
    lost: tuple[str, ...]
    furniture: int
    left: tuple[str, ...]
    families: tuple[str, ...]


@cache
def _outcome(case: Path) -> Outcome:
    brief = load_brief(case)
    stripped = judge_text(brief.body, RULES, brief.body_line)
    news = _paragraph_lines(case.with_suffix(".kept.md").read_text("utf-8"))
    output = _paragraph_lines(stripped.text)
    lost: list[str] = []
    position = 0
    for paragraph in news:
        found = next(
            (i for i in range(position, len(output)) if _is_within(paragraph, output[i])), None
        )
        if found is None:
            lost.append(" ".join(paragraph))
        else:
            position = found + 1
    news_lines = {line for paragraph in news for line in paragraph}
    furniture: list[Lines] = []
    for paragraph in _paragraph_lines(brief.body):
        extra = tuple(line for line in paragraph if line not in news_lines)
        if len(extra) == len(paragraph):
            furniture.append(paragraph)
        else:
            furniture.extend((line,) for line in extra)
    output_lines = {line for paragraph in output for line in paragraph}
    left = [" ".join(p) for p in furniture if any(line in output_lines for line in p)]
    families = tuple(r.family for r in stripped.removals)
    return Outcome(len(news), tuple(lost), len(furniture), tuple(left), families)


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_news_paragraph_is_kept(case: Path) -> None:
    assert _outcome(case).lost == ()


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_removals_are_of_the_families_the_case_lists(case: Path) -> None:
    assert set(_outcome(case).families) <= set(EXPECTED[case.stem]["removed"])


def test_at_least_97_percent_of_the_furniture_is_removed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcomes = {case.stem: _outcome(case) for case in CASE_FILES}
    news = sum(o.news for o in outcomes.values())
    news_kept = news - sum(len(o.lost) for o in outcomes.values())
    furniture = sum(o.furniture for o in outcomes.values())
    removed = furniture - sum(len(o.left) for o in outcomes.values())
    with capsys.disabled():
        print(
            f"\nboilerplate corpus, {len(outcomes)} briefs: {news_kept}/{news} news paragraphs"
            f" kept ({news_kept / news:.1%}), {removed}/{furniture} furniture paragraphs"
            f" removed ({removed / furniture:.1%})"
        )
        for stem, outcome in outcomes.items():
            for text in outcome.left:
                print(f"  left in {stem}: {text[:90]}")
    assert news_kept / news >= NEWS_KEPT
    assert removed / furniture >= FURNITURE_REMOVED


def test_the_corpus_is_complete_and_consistent() -> None:
    stems = {p.stem for p in CASE_FILES}
    assert len(stems) >= 150
    assert stems == set(EXPECTED), "cases.toml and the .md files must name the same cases"
    for case in CASE_FILES:
        assert case.with_suffix(".kept.md").is_file(), f"{case.name} has no .kept.md"
        assert set(EXPECTED[case.stem]) <= {"removed", "site", "kinds", "note"}, case.stem
    sites = {entry["site"] for entry in EXPECTED.values()} - {"unnamed site"}
    assert len(sites) >= 30
    counts = Counter(f for entry in EXPECTED.values() for f in entry["removed"])
    assert set(counts) <= set(FAMILIES), f"unknown families: {set(counts) - set(FAMILIES)}"
    assert {f: counts[f] for f in FAMILIES if counts[f] < 3} == {}
    kinds = Counter(kind for entry in EXPECTED.values() for kind in entry["kinds"])
    assert {kind: kinds[kind] for kind in KINDS if kinds[kind] < 3} == {}


def test_at_least_100_news_paragraphs_that_look_like_furniture_are_in_the_corpus() -> None:
    assert len(NEWS_THAT_STAYS) >= 100
    kept = {
        " ".join(p)
        for case in CASE_FILES
        for p in _paragraph_lines(case.with_suffix(".kept.md").read_text("utf-8"))
    }
    missing = [line for line in NEWS_THAT_STAYS if re.sub(r"\s+", " ", line).strip() not in kept]
    assert missing == []
