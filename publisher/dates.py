"""Dates as editions print them (the email's dateline, the archive's months), in English
whatever the machine's locale, so builds are byte-identical anywhere. Imports nothing, so
the archive and the preview use it without loading the renderer."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def dateline(day: date) -> str:
    """`Friday, November 27, 2026`, as under the email's masthead."""
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def month_name(year: int, month: int) -> str:
    """`November 2026`."""
    return f"{MONTHS[month - 1]} {year}"
