"""Public holidays from the `holidays` library, remembered in the derived-data cache.

Importing `holidays` and building a country's first calendar costs a new process about
140 ms, for answers that only change with the library's version: which subdivisions a
country has, and one year's dates. Both are kept per installed version of `holidays`,
so a process that has them never imports the library.

When they are not kept yet, the country's calendar is loaded from its own module. The
library's `country_holidays` imports `holidays.countries`, whose `__init__` imports all
~250 country modules before it hands over one (~100 ms); its registry names the module
that defines each country, which depends on no other. Any surprise there falls back to
`country_holidays`, so the answers are the library's either way (a test compares them).
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
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
    found: tuple[str, ...] | None
    try:
        found = tuple(_calendar(country, None, ()).subdivisions)
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
    days = frozenset(_calendar(country, subdivision or None, year))
    _remember(_YEARS, name, sorted(day.isoformat() for day in days))
    return days


def _calendar(country: str, subdivision: str | None, years: int | tuple[()]) -> Any:
    """`holidays.country_holidays(country, subdiv=subdivision, years=years)`, loading only
    the country's own module; NotImplementedError for a country it has no calendar for."""
    calendar_class = _calendar_class(country)
    if calendar_class is not None:
        return calendar_class(years=years, subdiv=subdivision)
    import holidays  # not at import time: `publisher --help` stays lean

    return holidays.country_holidays(country, subdiv=subdivision, years=years)


@functools.cache
def _calendar_class(country: str) -> Any:
    """The class the library's registry names for `country` (a code or a class name),
    executed from its module file alone; None when the registry or the module surprises."""
    import importlib.util

    try:
        import holidays
        from holidays.registry import COUNTRIES

        module = next(module for module, names in COUNTRIES.items() if country in names)
        path = Path(holidays.__file__).with_name("countries") / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"holidays.countries.{module}", path)
        if spec is None or spec.loader is None:
            return None
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        found = getattr(loaded, country)
    except Exception:  # any surprise: the library's own way, as before
        return None
    return found if isinstance(found, type) and issubclass(found, holidays.HolidayBase) else None
