"""The scored judgement: where fixed patterns run out, how much a paragraph reads like
site furniture (second person, a call to action, no reporting, none of the story's names
or figures), with the reasons. The signs and both thresholds are data, in rules.toml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from publisher.boilerplate.normalise import normalise, plain

STORY_NAMES, STORY_FIGURES, PROMOTED_NAME = "story-names", "story-figures", "promoted-name"
COMPUTED = frozenset({STORY_NAMES, STORY_FIGURES, PROMOTED_NAME})
CALL_TO_ACTION = "call-to-action"
Verdict = Literal["remove", "suspect", "keep"]

# A capitalised word (Kyiv, McDonald's, Jean-Luc) or an acronym (NATO, EU).
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:['’-]?[A-Z]?[a-z]+)*|[A-Z]{2,})\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")
_FIGURE = re.compile(r"\d+(?:[.,:]\d+)*")
# Capitalised words that name nothing: sentence openers, titles, days and months.
_NOT_NAME_WORDS = (
    "The This That These Those There Then They Their Them We Our You Your It Its He She His "
    "Her And But Or For With From After Before When While If As At By In On Of To Not No "
    "Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February "
    "March April May June July August September October November December"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


@dataclass(frozen=True)
class Sign:
    """One sign of furniture (positive points) or of news (negative points)."""

    name: str
    points: int
    pattern: re.Pattern[str] | None = None
    is_cased: bool = False  # match the text with its case kept
    is_absent: bool = False  # the points count when the pattern is NOT found
    max_words: int | None = None
    min_words: int | None = None

    def is_found(self, cased: str, normalised: str, words: int) -> bool:
        if self.pattern is not None:
            found = self.pattern.search(cased if self.is_cased else normalised) is not None
            return found != self.is_absent
        if self.max_words is not None:
            return words <= self.max_words
        if self.min_words is not None:
            return words > self.min_words
        return False

    def detail(self, cased: str, normalised: str) -> str:
        """The words that matched, for the reasons; "" for a count or an absence."""
        if self.pattern is None or self.is_absent:
            return ""
        match = self.pattern.search(cased if self.is_cased else normalised)
        return match[0].strip(" .!?") if match else ""


@dataclass(frozen=True)
class Judgement:
    """Thresholds, signs and the family each judged paragraph is reported under."""

    remove: int
    suspect: int
    short_words: int
    veto: frozenset[str]
    signs: tuple[Sign, ...]
    families: tuple[tuple[str, re.Pattern[str]], ...]

    def family_of(self, text: str) -> str:
        normalised = normalise(text)
        return next((f for f, p in self.families if p.search(normalised)), "label")


@dataclass(frozen=True)
class Story:
    """The names and figures of the brief's news paragraphs."""

    names: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()

    @classmethod
    def of(cls, paragraphs: Iterable[str], own_names: Iterable[str] = ()) -> Story:
        """Names not at a sentence's start, all figures; the publication's name is no name."""
        excluded = {word for name in own_names for word in plain(name).split()}
        names: set[str] = set()
        figures: set[str] = set()
        for paragraph in paragraphs:
            text = plain(paragraph)
            names.update(_names(text, initial=False))
            figures.update(_FIGURE.findall(text))
        return cls(frozenset(names - _NOT_NAMES - excluded), frozenset(figures))

    @classmethod
    def union(cls, stories: Iterable[Story]) -> Story:
        names: set[str] = set()
        figures: set[str] = set()
        for story in stories:
            names |= story.names
            figures |= story.figures
        return cls(frozenset(names), frozenset(figures))


@dataclass(frozen=True)
class Score:
    """A paragraph's points and the signs that gave them, such as "second-person +2"."""

    points: int
    reasons: tuple[str, ...]
    is_vetoed: bool

    def verdict(self, judgement: Judgement) -> Verdict:
        if self.points >= judgement.remove and not self.is_vetoed:
            return "remove"
        return "suspect" if self.points >= judgement.suspect else "keep"


def _names(text: str, *, initial: bool) -> list[str]:
    """Capitalised words and acronyms, in order; sentence openers only when `initial`."""
    return [
        match[0]
        for match in _NAME.finditer(text)
        if initial or not _SENTENCE_START.search(text[: match.start()])
    ]


def _story_signs(cased: str, story: Story, found: list[tuple[str, int, str]]) -> dict[str, str]:
    """What the computed signs found: names and figures shared with the story, and a name
    the story never mentions in a call to action (the site's own newsletter or app)."""
    shared = [name for name in dict.fromkeys(_names(cased, initial=True)) if name in story.names]
    figures = [f for f in dict.fromkeys(_FIGURE.findall(cased)) if f in story.figures]
    has_call = any(name == CALL_TO_ACTION for name, _, _ in found)
    promoted = [
        name
        for name in dict.fromkeys(_names(cased, initial=False))
        if name not in story.names and name not in _NOT_NAMES
    ]
    return {
        STORY_NAMES: ", ".join(shared[:3]),
        STORY_FIGURES: ", ".join(figures[:3]),
        PROMOTED_NAME: ", ".join(promoted[:3]) if has_call else "",
    }


def score(text: str, judgement: Judgement, story: Story | None = None) -> Score:
    """How much `text` reads like furniture; without a story, its own signs only."""
    cased = plain(text)
    normalised = cased.lower()
    words = len(normalised.split())
    found: list[tuple[str, int, str]] = []
    for sign in judgement.signs:
        if sign.name not in COMPUTED and sign.is_found(cased, normalised, words):
            found.append((sign.name, sign.points, sign.detail(cased, normalised)))
    if story is not None:
        computed = _story_signs(cased, story, found)
        found.extend(
            (sign.name, sign.points, computed[sign.name])
            for sign in judgement.signs
            if computed.get(sign.name)
        )
    reasons = tuple(
        f"{name} {points:+d}" + (f" ({detail})" if detail else "") for name, points, detail in found
    )
    return Score(
        sum(points for _, points, _ in found),
        reasons,
        any(name in judgement.veto for name, _, _ in found),
    )


def _filled(pattern: str, filled: Mapping[str, str]) -> str:
    for placeholder, value in filled.items():
        pattern = pattern.replace(placeholder, value)
    return pattern


def judgement_patterns(data: Mapping[str, Any], filled: Mapping[str, str]) -> list[str]:
    """The patterns `compile_judgement` compiles (signs, then families), for one batch."""
    signs = [_filled(entry["pattern"], filled) for entry in data["sign"] if "pattern" in entry]
    return [*signs, *(_filled(entry["pattern"], filled) for entry in data["family"])]


def compile_judgement(
    data: Mapping[str, Any],
    filled: Mapping[str, str],
    compiled: Callable[[str], re.Pattern[str]] = re.compile,
) -> Judgement:
    """rules.toml's `[judgement]` with `{publication}` and `{price}` filled in."""
    signs = tuple(
        Sign(
            entry["name"],
            int(entry["points"]),
            compiled(_filled(entry["pattern"], filled)) if "pattern" in entry else None,
            bool(entry.get("cased", False)),
            bool(entry.get("absent", False)),
            entry.get("max_words"),
            entry.get("min_words"),
        )
        for entry in data["sign"]
    )
    return Judgement(
        remove=int(data["remove"]),
        suspect=int(data["suspect"]),
        short_words=int(data["short_words"]),
        veto=frozenset(data["veto"]),
        signs=signs,
        families=tuple(
            (e["family"], compiled(_filled(e["pattern"], filled))) for e in data["family"]
        ),
    )
