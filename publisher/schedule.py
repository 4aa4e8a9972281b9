"""When the next edition goes out: the first weekday morning that is not a holiday.

Send times are wall-clock times in the publication's zone, so the UTC offset is the one in
force on the send date, not the one in force now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from publisher.config import ScheduleSection
from publisher.errors import ConfigError
from publisher.holiday_calendar import public_holidays

SEARCH_DAYS = 370
"""How far ahead to look before deciding the configuration leaves no send day."""


@dataclass(frozen=True)
class SendPolicy:
    """The validated [schedule] section, in the types the scheduler works with."""

    timezone: ZoneInfo
    send_time: time
    holiday_country: str
    holiday_subdivision: str
    extra_holidays: frozenset[date]


def send_policy(section: ScheduleSection) -> SendPolicy:
    """Converts the section; the config loader has already validated every value."""
    country, subdivision = section.holidays, section.holiday_subdivision
    return SendPolicy(
        timezone=ZoneInfo(section.timezone),
        send_time=time.fromisoformat(section.send_time),
        holiday_country=country,
        holiday_subdivision=subdivision,
        extra_holidays=frozenset(date.fromisoformat(day) for day in section.extra_holidays),
    )


def is_send_day(day: date, policy: SendPolicy) -> bool:
    """Monday to Friday, and neither a public holiday nor one of the newsroom's own."""
    if day.weekday() >= 5 or day in policy.extra_holidays:
        return False
    if not policy.holiday_country:
        return True
    return day not in public_holidays(policy.holiday_country, policy.holiday_subdivision, day.year)


def send_instant(day: date, policy: SendPolicy) -> datetime:
    """The send time on `day` as a real instant in the policy's zone.

    A send time the clock skips (a spring-forward gap) is read with the offset before the
    change, so it lands as late after the gap as it was into it: 02:30 in a 02:00→03:00 gap
    sends at 03:30. A send time the clock repeats (fall back) is its first occurrence.
    """
    wall = datetime.combine(day, policy.send_time, tzinfo=policy.timezone)
    return wall.astimezone(UTC).astimezone(policy.timezone)


def next_send_time(now: datetime, policy: SendPolicy) -> datetime:
    """The first send instant strictly after `now` on a send day, in the policy's zone."""
    if now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now!r}")
    today = now.astimezone(policy.timezone).date()
    # Start a day early: a gap can push yesterday's send time past midnight into today
    # (Pacific/Apia skipped 2011-12-30 entirely).
    for offset in range(-1, SEARCH_DAYS):
        day = today + timedelta(days=offset)
        if not is_send_day(day, policy):
            continue
        send_at = send_instant(day, policy)
        # Compare in UTC: datetimes sharing a tzinfo compare by wall time, ignoring fold.
        if send_at.astimezone(UTC) > now.astimezone(UTC):
            return send_at
    raise ConfigError(
        f"no send day in the {SEARCH_DAYS} days from {today.isoformat()}: "
        "every weekday is a holiday",
        hint="Remove dates from schedule.extra_holidays.",
    )


def aware_now(now: datetime | None, policy: SendPolicy) -> datetime:
    """`now` made aware: the current time when None, read in the policy's zone when naive."""
    if now is None:
        return datetime.now(policy.timezone)
    return now if now.utcoffset() is not None else now.replace(tzinfo=policy.timezone)
