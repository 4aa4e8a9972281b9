"""Boilerplate rules as data: the packaged rules.toml, plus the publication's own rules."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from publisher.boilerplate.normalise import normalise
from publisher.config import Settings

# An amount with its currency, as pasted: $46, US$46, £39, €4.99, 4,99 €, 46 dollars.
PRICE = (
    r"(?:(?:us|ca|a)?[$£€¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$£€¥]|dollars|pounds|euros?|usd|gbp|eur))"
)


@dataclass(frozen=True)
class Rule:
    """A named pattern that a whole normalised paragraph or line must match.

    A `tail` rule is too loose to trust alone: it only removes paragraphs in the trailing
    run of boilerplate, after a paragraph a strict rule removed.
    """

    name: str
    family: str
    pattern: re.Pattern[str]
    is_tail_only: bool = False
    news_marker: re.Pattern[str] | None = None

    def matches(self, normalised: str) -> bool:
        """Whole-text match, unless the text reports (says, told) where this family sells."""
        if self.pattern.fullmatch(normalised) is None:
            return False
        return self.news_marker is None or self.news_marker.search(normalised) is None


def compile_rule(
    entry: Mapping[str, Any], names: Iterable[str], news: Mapping[str, Any] | None = None
) -> Rule:
    """One rule from its table, with `{publication}` and `{price}` filled in."""
    alternatives = "|".join(re.escape(normalise(name)) for name in names if name.strip())
    pattern = (
        str(entry["pattern"])
        .replace("{publication}", f"(?:{alternatives or '(?!)'})")
        .replace("{price}", PRICE)
    )
    # Closing punctuation never changes what a paragraph is.
    compiled = re.compile(f"(?:{pattern})[.!:]?")
    vetoed = news is not None and entry["family"] in news["families"]
    return Rule(
        entry["name"],
        entry["family"],
        compiled,
        bool(entry.get("tail", False)),
        re.compile(news["pattern"]) if news is not None and vetoed else None,
    )


def packaged_rules_data() -> dict[str, Any]:
    """rules.toml as shipped with publisher: `rule` tables and the `news` marker."""
    source = resources.files("publisher.boilerplate").joinpath("rules.toml").read_text("utf-8")
    return tomllib.loads(source)


def load_rules(settings: Settings) -> tuple[Rule, ...]:
    """The packaged rules, then those in publication.toml's `[[boilerplate.rules]]`."""
    names = (settings.publication.name, *settings.publication.aliases)
    own = [
        {"name": r.name, "family": r.family, "pattern": r.pattern, "tail": r.tail}
        for r in settings.boilerplate.rules
    ]
    data = packaged_rules_data()
    return tuple(compile_rule(entry, names, data["news"]) for entry in [*data["rule"], *own])
