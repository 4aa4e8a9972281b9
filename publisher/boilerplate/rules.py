"""Boilerplate rules as data: the packaged rules.toml, plus the publication's own rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from publisher.boilerplate.judgement import Judgement, compile_judgement, judgement_patterns
from publisher.boilerplate.normalise import normalise
from publisher.compiled_patterns import UNBOUNDED, Compiled, compile_all
from publisher.config import Settings
from publisher.derived_cache import packaged_toml

# An amount with its currency, as pasted: $46, US$46, £39, €4.99, 4,99 €, 46 dollars.
PRICE = (
    r"(?:(?:us|ca|a)?[$£€¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$£€¥]|dollars|pounds|euros?|usd|gbp|eur))"
)


@dataclass(frozen=True)
class Rule:
    """A named pattern that a whole normalised paragraph or line must match.

    A `tail` rule is too loose to trust alone: it only removes paragraphs in the trailing
    run of boilerplate, after a paragraph a strict rule removed. A rule that `opens_list`
    heads a list of links ("Most read"): the items after it go with it.
    """

    name: str
    family: str
    pattern: re.Pattern[str]
    is_tail_only: bool = False
    news_marker: re.Pattern[str] | None = None
    opens_list: bool = False
    examples: tuple[str, ...] = ()
    # The lengths of text the pattern can match whole: others need not be tried.
    shortest: int = 0
    longest: int = UNBOUNDED

    def matches(self, normalised: str) -> bool:
        """Whole-text match, unless the text reports (says, told) where this family sells."""
        if not self.shortest <= len(normalised) <= self.longest:
            return False
        if self.pattern.fullmatch(normalised) is None:
            return False
        return self.news_marker is None or self.news_marker.search(normalised) is None


class RuleSet(tuple[Rule, ...]):
    """The rules in order, with what the judgement needs: its thresholds and signs, and
    the publication's names (furniture names the publication; news rarely does)."""

    names: tuple[str, ...]
    judgement: Judgement
    judged: dict[tuple[str, int], Any]
    """Texts already judged with these rules (see `strip.judge_text`)."""

    def __new__(
        cls, rules: Iterable[Rule], names: tuple[str, ...], judgement: Judgement
    ) -> RuleSet:
        ruleset = super().__new__(cls, tuple(rules))
        ruleset.names = names
        ruleset.judgement = judgement
        ruleset.judged = {}
        return ruleset


def placeholders(names: Iterable[str]) -> dict[str, str]:
    """What `{publication}` and `{price}` stand for in patterns."""
    alternatives = "|".join(re.escape(normalise(name)) for name in names if name.strip())
    return {"{publication}": f"(?:{alternatives or '(?!)'})", "{price}": PRICE}


def fill(pattern: str, filled: Mapping[str, str]) -> str:
    for placeholder, value in filled.items():
        pattern = pattern.replace(placeholder, value)
    return pattern


def rule_pattern(entry: Mapping[str, Any], filled: Mapping[str, str]) -> str:
    """A rule's pattern with its placeholders filled in; closing punctuation never changes
    what a paragraph is."""
    return f"(?:{fill(str(entry['pattern']), filled)})[.!:]?"


def compile_rule(
    entry: Mapping[str, Any],
    names: Iterable[str],
    news: Mapping[str, Any] | None = None,
    compiled: Callable[[str], Compiled] = lambda pattern: Compiled(re.compile(pattern)),
) -> Rule:
    """One rule from its table, with `{publication}` and `{price}` filled in."""
    vetoed = news is not None and entry["family"] in news["families"]
    pattern = compiled(rule_pattern(entry, placeholders(names)))
    return Rule(
        entry["name"],
        entry["family"],
        pattern.pattern,
        bool(entry.get("tail", False)),
        compiled(news["pattern"]).pattern if news is not None and vetoed else None,
        bool(entry.get("list", False)),
        tuple(entry.get("examples", ())),
        pattern.shortest,
        pattern.longest,
    )


@cache
def packaged_rules_data() -> dict[str, Any]:
    """rules.toml as shipped: `rule` tables, the `news` marker, `judgement` and `learning`.

    Parsed once per version of the file (see `derived_cache.packaged_toml`).
    """
    return packaged_toml(__package__, "rules.toml")


def rule_set(own: Iterable[Mapping[str, Any]], names: tuple[str, ...]) -> RuleSet:
    """The packaged rules, then `own`, compiled for a publication called `names`.

    Every pattern of the set is compiled in one batch, through the derived-data cache.
    """
    data = packaged_rules_data()
    entries = [*data["rule"], *own]
    filled = placeholders(names)
    patterns = [
        *(rule_pattern(entry, filled) for entry in entries),
        data["news"]["pattern"],
        *judgement_patterns(data["judgement"], filled),
    ]
    compiled = dict(zip(patterns, compile_all("boilerplate", patterns), strict=True))
    rules = (compile_rule(entry, names, data["news"], compiled.__getitem__) for entry in entries)
    judgement = compile_judgement(data["judgement"], filled, lambda p: compiled[p].pattern)
    return RuleSet(rules, names, judgement)


def load_rules(settings: Settings) -> RuleSet:
    """The packaged rules, then those in publication.toml's `[[boilerplate.rules]]`."""
    names = (settings.publication.name, *settings.publication.aliases)
    own = tuple((r.name, r.family, r.pattern, r.tail) for r in settings.boilerplate.rules)
    return _own_rule_set(own, names)


@lru_cache(maxsize=8)
def _own_rule_set(own: tuple[tuple[str, str, str, bool], ...], names: tuple[str, ...]) -> RuleSet:
    """Once per process for a publication's rules: the build and the copy check share it."""
    keys = ("name", "family", "pattern", "tail")
    return rule_set([dict(zip(keys, rule, strict=True)) for rule in own], names)


@cache
def packaged_judgement() -> Judgement:
    """The judgement for rules that come without one (a plain tuple): no publication names."""
    return compile_judgement(packaged_rules_data()["judgement"], placeholders(()))


def judgement_of(rules: tuple[Rule, ...]) -> Judgement:
    return rules.judgement if isinstance(rules, RuleSet) else packaged_judgement()


def names_of(rules: tuple[Rule, ...]) -> tuple[str, ...]:
    return rules.names if isinstance(rules, RuleSet) else ()
