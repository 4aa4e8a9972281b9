"""Boilerplate rules as data: the packaged rules.toml, with the publication's names."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from publisher.boilerplate.normalise import normalise
from publisher.config import Publication


@dataclass(frozen=True)
class Rule:
    """A named pattern that a whole normalised paragraph or line must match."""

    name: str
    family: str
    pattern: re.Pattern[str]

    def matches(self, normalised: str) -> bool:
        return self.pattern.fullmatch(normalised) is not None


def load_rules(publication: Publication) -> tuple[Rule, ...]:
    """The packaged rules, with `{publication}` standing for the name and its aliases."""
    names = (publication.publication.name, *publication.publication.aliases)
    alternatives = "|".join(re.escape(normalise(name)) for name in names if name.strip())
    source = resources.files("publisher.boilerplate").joinpath("rules.toml").read_text("utf-8")
    rules = []
    for entry in tomllib.loads(source)["rule"]:
        pattern = entry["pattern"].replace("{publication}", f"(?:{alternatives})")
        # Closing punctuation never changes what a paragraph is.
        compiled = re.compile(f"(?:{pattern})[.!]?")
        rules.append(Rule(entry["name"], entry["family"], compiled))
    return tuple(rules)
