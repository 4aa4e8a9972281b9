"""Validators for settings: each takes a value and says what is wrong and what to do.

A setting names its validator as a function (`setting(..., check=timezone)`), so mypy
sees every one; they run once, when a file is loaded, and return a `Problem` or None.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Problem(NamedTuple):
    """What is wrong with a value (without its key), and what to do about it."""

    message: str
    hint: str | None = None


def _matching(pattern: str, what: str, hint: str) -> Callable[[str], Problem | None]:
    """A check that the whole value matches `pattern`."""
    compiled = re.compile(pattern)
    return lambda value: None if compiled.fullmatch(value) else Problem(f"{what}: {value!r}", hint)


_HOST = r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]+)?([/?#]\S*)?"
_EMAIL = r"[^@\s<>()\[\]\"',;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"
_EMAIL_HINT = "write one plain address such as news@example.com, without a name or <>"


def timezone(value: str) -> Problem | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return Problem(f"unknown time zone {value!r}", "use an IANA name such as America/New_York")
    return None


def holiday_subdivisions(country: str) -> tuple[str, ...] | None:
    """The subdivisions of a country's holiday calendar; None when there is no calendar."""
    from publisher.holiday_calendar import subdivisions

    return subdivisions(country)


def holiday_country(value: str) -> Problem | None:
    if value == "" or holiday_subdivisions(value) is not None:
        return None
    hint = "use an ISO 3166 code such as US, GB or DE, or an empty string for none"
    if holiday_subdivisions(value.upper()) is not None:
        hint = f"did you mean {value.upper()!r}?"
    return Problem(f"no public-holiday calendar for country {value!r}", hint)


def iso_dates(values: tuple[str, ...]) -> Problem | None:
    bad = [value for value in values if not _is_iso_date(value)]
    if bad:
        return Problem(f"not a YYYY-MM-DD date: {', '.join(map(repr, bad))}", "write 2026-12-24")
    return None


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None


FAMILIES = ("pitch", "offer", "trial", "copyright", "label", "advertisement")


def boilerplate_family(value: str) -> Problem | None:
    if value in FAMILIES:
        return None
    return Problem(f"unknown boilerplate family {value!r}", f"use one of: {', '.join(FAMILIES)}")


def rule_pattern(value: str) -> Problem | None:
    try:
        re.compile(value.replace("{publication}", "x").replace("{price}", "x"))
    except re.error as error:
        return Problem(f"not a valid regular expression: {error}", "check its brackets and escapes")
    return None


def filled_in(hint: str) -> Callable[[str], Problem | None]:
    """A check that text is written, not empty or only spaces; `hint` says what to do."""

    def check(value: str) -> Problem | None:
        if value.strip():
            return None
        return Problem("is only spaces" if value else "is empty", hint)

    return check


def display_name(value: str) -> Problem | None:
    """A name for an address header: written, on one line."""
    hint = "write the name readers see, such as GlobalPost Daily readers"
    if not value.strip():
        return Problem("is empty" if not value else "is only spaces", hint)
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return Problem(f"has a line break or control character: {value!r}", hint)
    return None


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def campaign_name(value: str) -> Problem | None:
    """utm_campaign: written, and `{date}` the only placeholder in it."""
    if not value.strip():
        return Problem("is empty", "write a campaign name such as daily-{date}")
    unknown = sorted(set(_PLACEHOLDER.findall(value)) - {"{date}"})
    if unknown:
        hint = "only {date} is replaced, by the send date (YYYY-MM-DD)"
        return Problem(f"unknown placeholder {', '.join(unknown)}", hint)
    return None


web_url = _matching(rf"https?://{_HOST}", "not a web address", "write it like https://a.example")
# RFC 8058 one-click unsubscribe, which Gmail and Yahoo require, must use HTTPS.
https_url = _matching(rf"https://{_HOST}", "not an https address", "start it with https://")
email_address = _matching(_EMAIL, "not an email address", _EMAIL_HINT)
optional_email_address = _matching(f"({_EMAIL})?", "not an email address", _EMAIL_HINT)
clock_time = _matching(
    "([01][0-9]|2[0-3]):[0-5][0-9]", "not a 24-hour HH:MM time", "write 06:00 or 18:30"
)
language_tag = _matching(
    "[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?",
    "not a language tag",
    "use a BCP 47 tag such as en, en-US or pt-BR",
)


def counted(least: int, most: int, why: str) -> Callable[[tuple[Any, ...]], Problem | None]:
    """A check that an array holds from `least` to `most` items; `why` says who limits it."""

    def check(values: tuple[Any, ...]) -> Problem | None:
        if least <= len(values) <= most:
            return None
        return Problem(
            f"{len(values)} given, but {why}", f"give from {least} to {most}, in one array"
        )

    return check


def one_of(*allowed: str) -> Callable[[str], Problem | None]:
    """A check that the value is one of a closed set of words."""

    def check(value: str) -> Problem | None:
        if value in allowed:
            return None
        return Problem(
            f"not one of {', '.join(allowed)}: {value!r}", f"write one of: {', '.join(allowed)}"
        )

    return check
