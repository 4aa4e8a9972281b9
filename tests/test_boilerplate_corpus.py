"""A corpus of pasted briefs: every news paragraph survives, every boilerplate one goes.

Each case in tests/fixtures/boilerplate/ is `NN-slug.md` (a brief as an editor pasted it),
`NN-slug.kept.md` (exactly the news paragraphs of its body, in order) and an entry in
cases.toml listing the families of the removed paragraphs or lines in document order.
Paragraphs are compared with runs of whitespace (U+00A0 included) collapsed to one space.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from publisher.boilerplate import Rule, load_rules, strip_text
from publisher.config.loader import load_settings
from publisher.content import load_brief

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "fixtures" / "boilerplate"
RULES: tuple[Rule, ...] = load_rules(load_settings(TESTS / "fixtures" / "publication.toml"))
FAMILIES = ("pitch", "offer", "trial", "copyright", "label", "advertisement")

CASE_FILES = sorted(p for p in CORPUS.glob("*.md") if not p.name.endswith(".kept.md"))
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text("utf-8"))[
    "case"
]
NEWS_THAT_STAYS = [
    line for line in (CORPUS / "news-that-stays.txt").read_text("utf-8").splitlines() if line
]


def _normalised_paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank (whitespace-only) lines, each with whitespace collapsed."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [re.sub(r"\s+", " ", p).strip() for p in paragraphs]


def _kept(case: Path) -> list[str]:
    return _normalised_paragraphs(case.with_suffix(".kept.md").read_text("utf-8"))


def _strip(case: Path) -> tuple[list[str], list[str]]:
    brief = load_brief(case)
    cleaned, removals = strip_text(brief.body, RULES, brief.body_line)
    return _normalised_paragraphs(cleaned), [r.family for r in removals]


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_news_paragraph_is_kept(case: Path) -> None:
    kept, _ = _strip(case)
    assert kept == _kept(case)


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_every_boilerplate_paragraph_is_removed(case: Path) -> None:
    _, families = _strip(case)
    assert families == EXPECTED[case.stem]["removed"]


def test_the_corpus_is_complete_and_consistent() -> None:
    stems = {p.stem for p in CASE_FILES}
    assert len(stems) >= 30
    assert stems == set(EXPECTED), "cases.toml and the .md files must name the same cases"
    for case in CASE_FILES:
        assert case.with_suffix(".kept.md").is_file(), f"{case.name} has no .kept.md"
        assert set(EXPECTED[case.stem]) <= {"removed", "note"}, case.stem
    counts = Counter(f for entry in EXPECTED.values() for f in entry["removed"])
    assert set(counts) <= set(FAMILIES), f"unknown families: {set(counts) - set(FAMILIES)}"
    assert {f: counts[f] for f in FAMILIES if counts[f] < 3} == {}


def test_news_that_mentions_boilerplate_words_is_in_the_corpus() -> None:
    assert len(NEWS_THAT_STAYS) >= 15
    kept = {p for case in CASE_FILES for p in _kept(case)}
    missing = [line for line in NEWS_THAT_STAYS if re.sub(r"\s+", " ", line).strip() not in kept]
    assert missing == []
