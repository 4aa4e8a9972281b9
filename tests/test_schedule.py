"""The scheduler: the next weekday send time that is not a holiday, across DST changes.

Every date, zone and calendar is pinned here; the machine's clock and zone play no part.
Holiday dates were checked against holidays 0.109 and zone offsets against tzdata 2025b.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.config import ScheduleSection
from publisher.errors import ConfigError
from publisher.schedule import (
    SEARCH_DAYS,
    SendPolicy,
    is_send_day,
    next_send_time,
    send_policy,
)

NEW_YORK = ZoneInfo("America/New_York")


def policy(
    timezone: str = "America/New_York",
    send_time: str = "06:00",
    country: str = "US",
    subdivision: str = "",
    extra_holidays: tuple[str, ...] = (),
) -> SendPolicy:
    section = ScheduleSection(
        timezone=timezone,
        send_time=send_time,
        holidays=country,
        holiday_subdivision=subdivision,
        extra_holidays=extra_holidays,
    )
    return send_policy(section)


def new_york(text: str) -> datetime:
    """A wall-clock time in New York, written without an offset."""
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


def test_send_policy_converts_the_section() -> None:
    assert policy(subdivision="MA", extra_holidays=("2026-12-24",)) == SendPolicy(
        timezone=NEW_YORK,
        send_time=time(6, 0),
        holiday_country="US",
        holiday_subdivision="MA",
        extra_holidays=frozenset({date(2026, 12, 24)}),
    )


def test_friday_afternoon_sends_monday_morning() -> None:
    send_at = next_send_time(new_york("2026-11-13 15:00"), policy())
    assert send_at.isoformat() == "2026-11-16T06:00:00-05:00"


def test_friday_before_a_monday_holiday_sends_tuesday() -> None:
    # Monday 2027-01-18 is Martin Luther King Jr. Day.
    send_at = next_send_time(new_york("2027-01-15 15:00"), policy())
    assert send_at.isoformat() == "2027-01-19T06:00:00-05:00"


def test_holiday_observed_on_31_december_is_skipped() -> None:
    # New Year's Day 2028 is a Saturday, observed on Friday 2027-12-31.
    send_at = next_send_time(new_york("2027-12-30 07:00"), policy())
    assert send_at.isoformat() == "2028-01-03T06:00:00-05:00"


def test_weekday_before_send_time_sends_that_morning() -> None:
    send_at = next_send_time(new_york("2026-11-17 05:59"), policy())
    assert send_at.isoformat() == "2026-11-17T06:00:00-05:00"


def test_exactly_at_send_time_sends_next_weekday() -> None:
    send_at = next_send_time(new_york("2026-11-17 06:00"), policy())
    assert send_at.isoformat() == "2026-11-18T06:00:00-05:00"


def test_send_after_autumn_change_has_standard_offset() -> None:
    # Now is still daylight time (-04:00); DST ends Sunday 2026-11-01.
    send_at = next_send_time(new_york("2026-10-30 15:00"), policy())
    assert send_at.isoformat() == "2026-11-02T06:00:00-05:00"


def test_send_after_spring_change_has_daylight_offset() -> None:
    # Now is still standard time (-05:00); DST starts Sunday 2027-03-14.
    send_at = next_send_time(new_york("2027-03-12 15:00"), policy())
    assert send_at.isoformat() == "2027-03-15T06:00:00-04:00"


def test_state_holiday_is_skipped_with_its_subdivision() -> None:
    # Patriots' Day, Monday 2027-04-19, is a holiday in Massachusetts only.
    send_at = next_send_time(new_york("2027-04-16 15:00"), policy(subdivision="MA"))
    assert send_at.isoformat() == "2027-04-20T06:00:00-04:00"


def test_state_holiday_is_a_send_day_without_its_subdivision() -> None:
    send_at = next_send_time(new_york("2027-04-16 15:00"), policy())
    assert send_at.isoformat() == "2027-04-19T06:00:00-04:00"


def test_extra_holiday_is_skipped() -> None:
    send_at = next_send_time(new_york("2026-11-13 15:00"), policy(extra_holidays=("2026-11-16",)))
    assert send_at.isoformat() == "2026-11-17T06:00:00-05:00"


def test_no_holiday_country_skips_only_weekends() -> None:
    send_at = next_send_time(new_york("2027-01-15 15:00"), policy(country=""))
    assert send_at.isoformat() == "2027-01-18T06:00:00-05:00"


def test_public_holiday_is_not_a_send_day() -> None:
    assert is_send_day(date(2027, 1, 18), policy()) is False


def test_ordinary_weekday_is_a_send_day() -> None:
    assert is_send_day(date(2027, 1, 19), policy()) is True


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "Asia/Tokyo"])
def test_now_in_another_zone_gives_the_same_send_time(zone: str) -> None:
    # 20:00 UTC on Friday 2026-11-13 is 15:00 in New York and already Saturday in Tokyo.
    now = datetime(2026, 11, 13, 20, 0, tzinfo=UTC).astimezone(ZoneInfo(zone))
    assert next_send_time(now, policy()).isoformat() == "2026-11-16T06:00:00-05:00"


def test_send_time_in_spring_forward_gap_sends_as_far_past_the_gap() -> None:
    # Israel moves its clocks from 02:00 to 03:00 on Friday 2027-03-26, so 02:30 never
    # happens that day; the edition goes at 03:30, half an hour past the gap.
    jerusalem = policy(timezone="Asia/Jerusalem", send_time="02:30", country="")
    now = datetime(2027, 3, 25, 12, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    assert next_send_time(now, jerusalem).isoformat() == "2027-03-26T03:30:00+03:00"


def test_send_time_repeated_at_fall_back_is_its_first_occurrence() -> None:
    # Egypt moves its clocks from 24:00 back to 23:00 on Thursday 2026-10-29.
    cairo = policy(timezone="Africa/Cairo", send_time="23:30", country="")
    now = datetime(2026, 10, 29, 12, 0, tzinfo=ZoneInfo("Africa/Cairo"))
    assert next_send_time(now, cairo).isoformat() == "2026-10-29T23:30:00+03:00"


def test_now_between_repeated_send_times_sends_next_day() -> None:
    # 23:45 on the first pass (+03:00) is after that day's edition went at 23:30 +03:00.
    cairo = policy(timezone="Africa/Cairo", send_time="23:30", country="")
    now = datetime(2026, 10, 29, 20, 45, tzinfo=UTC)
    assert next_send_time(now, cairo).isoformat() == "2026-10-30T23:30:00+02:00"


def test_now_on_second_pass_of_repeated_hour_is_compared_as_an_instant() -> None:
    # 23:15 on the second pass (fold=1, +02:00) reads earlier than 23:30 on the wall but is
    # 45 minutes after the edition went; same-zone datetimes compare by wall time alone.
    cairo = policy(timezone="Africa/Cairo", send_time="23:30", country="")
    now = datetime(2026, 10, 29, 23, 15, fold=1, tzinfo=ZoneInfo("Africa/Cairo"))
    assert next_send_time(now, cairo).isoformat() == "2026-10-30T23:30:00+02:00"


def test_send_time_pushed_past_midnight_by_a_skipped_day_still_counts() -> None:
    # Samoa skipped Friday 2011-12-30; that day's 06:00 edition lands on Saturday at 06:00.
    apia = policy(timezone="Pacific/Apia", country="")
    now = datetime(2011, 12, 31, 5, 0, tzinfo=ZoneInfo("Pacific/Apia"))
    assert next_send_time(now, apia).isoformat() == "2011-12-31T06:00:00+14:00"


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"^now must be timezone-aware, got datetime\.datetime"):
        next_send_time(datetime(2026, 11, 13, 15, 0), policy())


def test_no_send_day_in_search_window_is_a_config_error() -> None:
    start = date(2026, 11, 13)
    every_day = tuple((start + timedelta(days=n)).isoformat() for n in range(SEARCH_DAYS + 1))
    with pytest.raises(ConfigError) as raised:
        next_send_time(new_york("2026-11-13 15:00"), policy(extra_holidays=every_day))
    assert raised.value.message == (
        "no send day in the 370 days from 2026-11-13: every weekday is a holiday"
    )
    assert raised.value.hint == "Remove dates from schedule.extra_holidays."


# Property tests. In these zones every spring-forward gap falls on a Sunday (or, in Kolkata,
# there is none), so no send day is ever moved by a gap and the local time is always exact.
# India is left out as a holiday country: its calendar warns outside 2001-2035.
ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]
CALENDARS = [("", ""), ("US", ""), ("US", "MA"), ("GB", ""), ("AU", "NSW")]

policies = st.builds(
    lambda zone, hour, minute, calendar: policy(
        timezone=zone,
        send_time=f"{hour:02d}:{minute:02d}",
        country=calendar[0],
        subdivision=calendar[1],
    ),
    st.sampled_from(ZONES),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(CALENDARS),
)
nows = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([ZoneInfo(zone) for zone in [*ZONES, "UTC"]]),
)
# Building a year's holiday calendar on first use can exceed hypothesis's default deadline.
property_settings = settings(deadline=None)


@property_settings
@given(now=nows, send_policy_=policies)
def test_next_send_time_is_strictly_after_now(now: datetime, send_policy_: SendPolicy) -> None:
    assert next_send_time(now, send_policy_).astimezone(UTC) > now.astimezone(UTC)


@property_settings
@given(now=nows, send_policy_=policies)
def test_next_send_time_is_a_weekday_send_day(now: datetime, send_policy_: SendPolicy) -> None:
    send_day = next_send_time(now, send_policy_).date()
    assert send_day.weekday() < 5
    assert is_send_day(send_day, send_policy_)


@property_settings
@given(now=nows, send_policy_=policies)
def test_next_send_time_is_the_send_time_in_the_policy_zone(
    now: datetime, send_policy_: SendPolicy
) -> None:
    send_at = next_send_time(now, send_policy_)
    assert send_at.tzinfo is send_policy_.timezone
    assert send_at.timetz().replace(tzinfo=None) == send_policy_.send_time


@property_settings
@given(now=nows, send_policy_=policies)
def test_next_send_time_skips_no_earlier_send_day(now: datetime, send_policy_: SendPolicy) -> None:
    send_at = next_send_time(now, send_policy_)
    day = now.astimezone(send_policy_.timezone).date() - timedelta(days=1)
    while day < send_at.date():
        if is_send_day(day, send_policy_):
            earlier = datetime.combine(day, send_policy_.send_time, tzinfo=send_policy_.timezone)
            assert earlier.astimezone(UTC) <= now.astimezone(UTC)
        day += timedelta(days=1)


@property_settings
@given(now=nows, send_policy_=policies)
def test_next_send_time_depends_on_the_instant_not_the_zone_of_now(
    now: datetime, send_policy_: SendPolicy
) -> None:
    as_given = next_send_time(now, send_policy_)
    as_utc = next_send_time(now.astimezone(UTC), send_policy_)
    assert as_given.isoformat() == as_utc.isoformat()
