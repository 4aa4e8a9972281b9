"""Credit that survives: the wire agency or syndication partner a removed line names.

Wire services' licences require their credit, so when a removed copyright line names one
and the brief has no `source`, the brief's source is taken from it (credits.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from publisher.boilerplate.normalise import normalise, plain
from publisher.compiled_patterns import compile_all
from publisher.derived_cache import packaged_toml

# The run of capitalised words after a syndication phrase: "The Conversation", "KFF Health
# News", "Tribune Content Agency".
_PARTNER = re.compile(
    r"(?:[Tt]he )?[A-Z0-9][\w&'’.-]*(?: (?:[A-Z0-9&][\w&'’.-]*|of|the|and|for|on|de|du|y))*"
)


@dataclass(frozen=True)
class Credits:
    """credits.toml compiled: wire agencies and the phrases of syndication lines."""

    agencies: tuple[tuple[str, re.Pattern[str]], ...]
    phrase: re.Pattern[str]
    holder: re.Pattern[str]
    about: re.Pattern[str]


@cache
def packaged_credits() -> Credits:
    """credits.toml as shipped, compiled through the derived-data cache like the rules."""
    data = packaged_toml(__package__, "credits.toml")
    partner = data["partner"]
    patterns = [
        *(entry["pattern"] for entry in data["agency"]),
        partner["phrase"],
        partner["holder"],
        partner["about"],
    ]
    *agencies, phrase, holder, about = (c.pattern for c in compile_all("credits", patterns))
    names = (entry["name"] for entry in data["agency"])
    return Credits(tuple(zip(names, agencies, strict=True)), phrase, holder, about)


_CONNECTORS = (" of", " the", " and", " for", " on", " de", " du", " y")


def _tidy(name: str) -> str:
    name = name.strip().rstrip(".,;:").removesuffix("'s").removesuffix("’s")
    while name.endswith(_CONNECTORS):
        name = name.rsplit(" ", 1)[0]
    return name[0].upper() + name[1:] if name.startswith("the ") else name


def credit_of(text: str, credits: Credits | None = None) -> str:
    """The agency or partner `text` credits, "" when it names none.

    A named wire agency first; then a partner's line about itself ("X is a nonprofit
    newsroom"); then, on a syndication line, the copyright holder it names, else the
    partner after the phrase ("republished from The Conversation").
    """
    credits = credits or packaged_credits()
    normalised = normalise(text)
    found = [(m.start(), name) for name, p in credits.agencies if (m := p.search(normalised))]
    if found:
        return min(found)[1]
    cased = plain(text)
    if about := credits.about.search(cased):
        return _tidy(about["holder"])
    phrases = list(credits.phrase.finditer(cased))
    if not phrases:
        return ""
    if holder := credits.holder.search(cased):
        return _tidy(holder["holder"])
    partners = (_PARTNER.match(cased, phrase.end()) for phrase in phrases)
    return next((_tidy(partner[0]) for partner in partners if partner), "")
