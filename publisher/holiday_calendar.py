"""Public holidays from the `holidays` library, remembered in the derived-data cache.

Importing `holidays` and building a country's first calendar costs a new process about
140 ms, for answers that only change with the library's version: which subdivisions a
country has, and one year's dates. Both are kept per installed version of `holidays`,
so a process that has them never imports the library.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from publisher.derived_cache import digest, installed_version, read_entry, write_entry

KIND = "holidays"
_SUBDIVISIONS, _YEARS = "subdivisions", "years"


@functools.cache
def _key() -> str:
    return digest(KIND, installed_version("holidays", "holidays"))


@functools.cache
def _stored() -> dict[str, dict[str, Any]]:
    """What earlier runs found, read once per process."""
    found = read_entry(KIND, _key())
    stored: dict[str, dict[str, Any]] = {_SUBDIVISIONS: {}, _YEARS: {}}
    if isinstance(found, dict):
        for part in stored:
            if isinstance(found.get(part), dict):
                stored[part] = found[part]
    return stored


def _remember(part: str, name: str, value: Any) -> None:
    stored = _stored()
    stored[part][name] = value
    write_entry(KIND, _key(), stored)


@functools.cache
def subdivisions(country: str) -> tuple[str, ...] | None:
    """The subdivisions of a country's holiday calendar; None when there is no calendar."""
    known = _stored()[_SUBDIVISIONS]
    if country in known:
        return None if known[country] is None else tuple(known[country])
    import holidays  # not at import time: `publisher --help` stays lean

    # One country, not `list_supported_countries()`, which imports all of them (~70 ms).
    found: tuple[str, ...] | None
    try:
        found = tuple(holidays.country_holidays(country, years=()).subdivisions)
    except NotImplementedError:
        found = None
    _remember(_SUBDIVISIONS, country, None if found is None else list(found))
    return found


@functools.cache
def public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    """One year's public holidays in a country (and subdivision, when not empty).

    A year's calendar holds exactly that year's dates: a New Year's Day observed on
    31 December is in the earlier year's calendar, so keying on the year misses nothing.
    """
    name = f"{country}/{subdivision}/{year}"
    known = _stored()[_YEARS]
    if isinstance(known.get(name), list):
        return frozenset(date.fromisoformat(day) for day in known[name])
    import holidays

    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    days = frozenset(calendar)
    _remember(_YEARS, name, sorted(day.isoformat() for day in days))
    return days
