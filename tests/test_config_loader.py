from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publisher.config import (
    BoilerplateSection,
    PublicationSection,
    ScheduleSection,
    SenderSection,
    Settings,
    UnsubscribeSection,
)
from publisher.config import loader as config_loader
from publisher.config.loader import load_settings
from publisher.config.settings import ImagesSection, ListSection, TrackingSection
from publisher.errors import ConfigError, ProblemList, PublisherError

SAMPLE = """\
[publication]
name = "GlobalPost"
language = "en-US"
website_url = "https://www.globalpost.example"
postal_address = "GlobalPost Media Corporation, 10 Post Office Square, Boston, MA 02109, USA"
aliases = ["Global Post", "GlobalPost Media"]

[sender]
name = "GlobalPost Daily"
address = "daily@globalpost.example"
reply_to = "editors@globalpost.example"

[unsubscribe]
url = "https://www.globalpost.example/unsubscribe"
mailto = "unsubscribe@globalpost.example"

[schedule]
timezone = "America/New_York"
send_time = "06:00"
holidays = "US"
holiday_subdivision = "MA"
extra_holidays = ["2026-12-24"]

[boilerplate]
pitch = "Subscribe today and GlobalPost will be in your inbox the next weekday morning."
offer = "Join us today and pay only {price} for an annual subscription, or less than $4 a month \
for our unique insights into crucial developments on the world stage."
price = "$46"
trial = "And you get a free two-week trial with no obligation to continue."
copyright_holder = "GlobalPost Media Corporation"

[list]
name = "GlobalPost Daily readers"
address = "readers@globalpost.example"
"""
# Lines in SAMPLE: [sender] 8, [schedule] 17, timezone 18, send_time 19, holidays 20,
# holiday_subdivision 21, extra_holidays 22, [boilerplate] 24, [list] 31, its name 32.
# [list] comes last so that the other line numbers stay as they were before it existed.


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "publication.toml"
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str) -> str:
    assert SAMPLE.count(old) == 1, old
    return SAMPLE.replace(old, new)


def load_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    return caught.value


def test_sample_loads_into_its_sections(tmp_path: Path) -> None:
    publication = load_settings(write(tmp_path, SAMPLE))
    assert publication == Settings(
        publication=PublicationSection(
            name="GlobalPost",
            language="en-US",
            website_url="https://www.globalpost.example",
            postal_address=(
                "GlobalPost Media Corporation, 10 Post Office Square, Boston, MA 02109, USA"
            ),
            aliases=("Global Post", "GlobalPost Media"),
        ),
        sender=SenderSection(
            name="GlobalPost Daily",
            address="daily@globalpost.example",
            reply_to="editors@globalpost.example",
        ),
        list=ListSection(name="GlobalPost Daily readers", address="readers@globalpost.example"),
        unsubscribe=UnsubscribeSection(
            url="https://www.globalpost.example/unsubscribe",
            mailto="unsubscribe@globalpost.example",
        ),
        schedule=ScheduleSection(
            timezone="America/New_York",
            send_time="06:00",
            holidays="US",
            holiday_subdivision="MA",
            extra_holidays=("2026-12-24",),
        ),
        boilerplate=BoilerplateSection(
            pitch="Subscribe today and GlobalPost will be in your inbox the next weekday morning.",
            offer=(
                "Join us today and pay only {price} for an annual subscription, or less than $4 a"
                " month for our unique insights into crucial developments on the world stage."
            ),
            price="$46",
            trial="And you get a free two-week trial with no obligation to continue.",
            copyright_holder="GlobalPost Media Corporation",
        ),
        root=tmp_path.resolve(),
    )


def test_optional_images_and_tracking_are_none_when_left_out(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, SAMPLE))
    assert (settings.images, settings.tracking) == (None, None)


def test_images_and_tracking_are_read_when_given(tmp_path: Path) -> None:
    text = (
        SAMPLE
        + '\n[images]\nbase_url = "https://www.globalpost.example/images/"\n'
        + '\n[tracking]\nutm_source = "globalpost-daily"\nutm_medium = "email"\n'
        + 'utm_campaign = "daily-{date}"\n'
    )
    settings = load_settings(write(tmp_path, text))
    assert settings.images == ImagesSection(base_url="https://www.globalpost.example/images/")
    assert settings.tracking == TrackingSection(
        utm_source="globalpost-daily", utm_medium="email", utm_campaign="daily-{date}"
    )


def test_missing_list_table_says_what_it_is_for(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE[: SAMPLE.index("[list]")])
    error = load_error(path)
    assert str(error) == f"{path}: list: missing required table"
    assert error.hint == (
        "add a [list] table: Who the edition is addressed to: the list itself, in the To header."
    )


def test_list_name_must_be_written(tmp_path: Path) -> None:
    path = write(tmp_path, changed('name = "GlobalPost Daily readers"', 'name = "  "'))
    error = load_error(path)
    assert str(error) == f"{path}:32: list.name: is only spaces"
    assert error.hint == "write the name readers see, such as GlobalPost Daily readers"


def test_images_base_url_must_be_https(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE + '\n[images]\nbase_url = "http://img.example/"\n')
    error = load_error(path)
    assert str(error) == f"{path}:36: images.base_url: not an https address: 'http://img.example/'"
    assert error.hint == "start it with https://"


def test_tracking_needs_all_three_tags(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE + '\n[tracking]\nutm_source = "globalpost-daily"\n')
    with pytest.raises(ProblemList) as caught:
        load_settings(path)
    assert str(caught.value) == "\n".join(
        [
            f"{path}:35: tracking.utm_medium: missing required key",
            f"{path}:35: tracking.utm_campaign: missing required key",
        ]
    )


def test_tracking_campaign_knows_only_the_date_placeholder(tmp_path: Path) -> None:
    text = SAMPLE + (
        '\n[tracking]\nutm_source = "gp"\nutm_medium = "email"\nutm_campaign = "daily-{day}"\n'
    )
    path = write(tmp_path, text)
    error = load_error(path)
    assert str(error) == f"{path}:38: tracking.utm_campaign: unknown placeholder {{day}}"
    assert error.hint == "only {date} is replaced, by the send date (YYYY-MM-DD)"


def test_root_is_the_folder_holding_the_config(tmp_path: Path, monkeypatch: Any) -> None:
    write(tmp_path, SAMPLE)
    monkeypatch.chdir(tmp_path)
    assert load_settings(Path("publication.toml")).root == tmp_path.resolve()


def test_omitted_table_with_defaults_takes_them(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[schedule]"), SAMPLE.index("[boilerplate]")
    publication = load_settings(write(tmp_path, SAMPLE[:start] + SAMPLE[end:]))
    assert publication.schedule == ScheduleSection()


def test_omitted_key_with_default_takes_it(tmp_path: Path) -> None:
    text = changed('mailto = "unsubscribe@globalpost.example"\n', "")
    assert load_settings(write(tmp_path, text)).unsubscribe.mailto == ""


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, changed('send_time = "06:00"', 'send_tme = "06:00"'))
    error = load_error(path)
    assert str(error) == f"{path}:19: schedule.send_tme: unknown key"
    assert error.hint == "did you mean 'send_time'?"


def test_unknown_key_without_close_match_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, changed('send_time = "06:00"\n', 'send_time = "06:00"\ncolour = 1\n'))
    error = load_error(path)
    assert str(error) == f"{path}:20: schedule.colour: unknown key"
    assert error.hint == (
        "[schedule] takes: timezone, send_time, holidays, holiday_subdivision, extra_holidays"
    )


def test_unknown_table_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, changed("[schedule]", "[schedul]"))
    error = load_error(path)
    assert str(error) == f"{path}:17: schedul: unknown table"
    assert error.hint == "did you mean 'schedule'?"


def test_renamed_key_says_where_it_went(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(config_loader, "RENAMED", {"schedule.hour": "schedule.send_time"})
    path = write(tmp_path, changed('send_time = "06:00"', 'hour = "06:00"'))
    error = load_error(path)
    assert str(error) == f"{path}:19: schedule.hour: renamed to schedule.send_time"
    assert error.hint == "write it as send_time under [schedule]"


def test_missing_required_key_points_at_its_table(tmp_path: Path) -> None:
    path = write(tmp_path, changed('price = "$46"\n', ""))
    error = load_error(path)
    assert str(error) == f"{path}:24: boilerplate.price: missing required key"
    assert (
        error.hint == "add it to [boilerplate]: Price shown in the offer, with its currency sign."
    )


def test_missing_required_table_has_no_line(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[sender]"), SAMPLE.index("[unsubscribe]")
    path = write(tmp_path, SAMPLE[:start] + SAMPLE[end:])
    error = load_error(path)
    assert str(error) == f"{path}: sender: missing required table"
    assert error.hint == "add a [sender] table: Who the edition comes from."


def test_wrong_type_names_both_types(tmp_path: Path) -> None:
    path = write(tmp_path, changed('send_time = "06:00"', "send_time = 6"))
    error = load_error(path)
    assert str(error) == f"{path}:19: schedule.send_time: expected a string, got an integer"
    assert error.hint is None


def test_string_where_an_array_is_expected(tmp_path: Path) -> None:
    path = write(
        tmp_path, changed('aliases = ["Global Post", "GlobalPost Media"]', 'aliases = "GP"')
    )
    error = load_error(path)
    assert (
        str(error) == f"{path}:6: publication.aliases: expected an array of strings, got a string"
    )


def test_scalar_where_a_table_is_expected(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[schedule]"), SAMPLE.index("[boilerplate]")
    path = write(tmp_path, 'schedule = "daily"\n' + SAMPLE[:start] + SAMPLE[end:])
    error = load_error(path)
    assert str(error) == f"{path}:1: schedule: expected a table, got a string"


def test_unquoted_date_is_told_to_be_quoted(tmp_path: Path) -> None:
    path = write(
        tmp_path, changed('extra_holidays = ["2026-12-24"]', "extra_holidays = [2026-12-24]")
    )
    error = load_error(path)
    assert str(error) == (
        f"{path}:22: schedule.extra_holidays: expected an array of strings, but item 1 is a date"
    )
    assert error.hint == 'quote it: "2026-12-24"'


def test_unknown_time_zone(tmp_path: Path) -> None:
    path = write(tmp_path, changed('"America/New_York"', '"America/Bostn"'))
    error = load_error(path)
    assert str(error) == f"{path}:18: schedule.timezone: unknown time zone 'America/Bostn'"
    assert error.hint == "use an IANA name such as America/New_York"


def test_time_zone_that_is_not_a_zone_key(tmp_path: Path) -> None:
    path = write(tmp_path, changed('"America/New_York"', '"../etc"'))
    assert str(load_error(path)) == f"{path}:18: schedule.timezone: unknown time zone '../etc'"


def test_send_time_must_be_24_hour(tmp_path: Path) -> None:
    path = write(tmp_path, changed('send_time = "06:00"', 'send_time = "6:00 am"'))
    error = load_error(path)
    assert str(error) == f"{path}:19: schedule.send_time: not a 24-hour HH:MM time: '6:00 am'"
    assert error.hint == "write 06:00 or 18:30"


def test_email_with_a_display_name_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        changed('"daily@globalpost.example"', '"GlobalPost Daily <daily@globalpost.example>"'),
    )
    error = load_error(path)
    assert str(error) == (
        f"{path}:10: sender.address: not an email address: "
        "'GlobalPost Daily <daily@globalpost.example>'"
    )
    assert error.hint == "write one plain address such as news@example.com, without a name or <>"


def test_website_url_needs_a_scheme(tmp_path: Path) -> None:
    path = write(tmp_path, changed('"https://www.globalpost.example"', '"www.globalpost.example"'))
    error = load_error(path)
    assert str(error) == (
        f"{path}:4: publication.website_url: not a web address: 'www.globalpost.example'"
    )
    assert error.hint == "write it like https://a.example"


def test_unsubscribe_url_must_be_https(tmp_path: Path) -> None:
    path = write(
        tmp_path, changed("https://www.globalpost.example/un", "http://www.globalpost.example/un")
    )
    error = load_error(path)
    assert str(error) == (
        f"{path}:14: unsubscribe.url: not an https address: "
        "'http://www.globalpost.example/unsubscribe'"
    )
    assert error.hint == "start it with https://"


def test_language_must_look_like_a_bcp47_tag(tmp_path: Path) -> None:
    path = write(tmp_path, changed('language = "en-US"', 'language = "en_US"'))
    error = load_error(path)
    assert str(error) == f"{path}:3: publication.language: not a language tag: 'en_US'"
    assert error.hint == "use a BCP 47 tag such as en, en-US or pt-BR"


def test_unknown_holiday_country(tmp_path: Path) -> None:
    text = changed('holidays = "US"', 'holidays = "XQ"').replace('"MA"', '""')
    path = write(tmp_path, text)
    error = load_error(path)
    assert (
        str(error) == f"{path}:20: schedule.holidays: no public-holiday calendar for country 'XQ'"
    )
    assert error.hint == "use an ISO 3166 code such as US, GB or DE, or an empty string for none"


def test_lower_case_holiday_country_suggests_upper_case(tmp_path: Path) -> None:
    path = write(tmp_path, changed('holidays = "US"', 'holidays = "us"'))
    error = load_error(path)
    assert (
        str(error) == f"{path}:20: schedule.holidays: no public-holiday calendar for country 'us'"
    )
    assert error.hint == "did you mean 'US'?"


def test_unknown_holiday_subdivision_lists_the_countrys(tmp_path: Path) -> None:
    path = write(tmp_path, changed('holidays = "US"', 'holidays = "GB"'))
    error = load_error(path)
    assert (
        str(error) == f"{path}:21: schedule.holiday_subdivision: GB has no holiday subdivision 'MA'"
    )
    assert error.hint == "GB has: ENG, NIR, SCT, WLS"


def test_holiday_subdivision_without_a_country(tmp_path: Path) -> None:
    path = write(tmp_path, changed('holidays = "US"', 'holidays = ""'))
    error = load_error(path)
    assert str(error) == (
        f"{path}:21: schedule.holiday_subdivision: 'MA' is set but schedule.holidays is empty"
    )
    assert error.hint == "set schedule.holidays to its country, or leave the subdivision empty"


def test_extra_holidays_must_be_iso_dates(tmp_path: Path) -> None:
    path = write(tmp_path, changed('["2026-12-24"]', '["2026-12-24", "2026-12-32", "24.12.2026"]'))
    error = load_error(path)
    assert str(error) == (
        f"{path}:22: schedule.extra_holidays: not a YYYY-MM-DD date: '2026-12-32', '24.12.2026'"
    )
    assert error.hint == "write 2026-12-24"


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, changed('timezone = "America/New_York"', "timezone = America/New_York"))
    error = load_error(path)
    assert str(error) == f"{path}:18: invalid TOML: Invalid value (column 12)"
    assert error.hint == 'text needs quotes, as in name = "GlobalPost"'


def test_toml_syntax_error_at_the_end_has_no_line(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE + 'trial = "unterminated')
    error = load_error(path)
    assert str(error) == f"{path}: invalid TOML: Unterminated string (at end of document)"
    assert error.hint is None


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "publication.toml"
    error = load_error(path)
    assert str(error) == f"{path}: publication config not found"
    assert error.hint == "run `publisher init .` to start a publication here, or pass --config FILE"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "publication.toml"
    path.write_bytes(b"\xff")
    assert str(load_error(path)) == (
        f"{path}: not UTF-8 text: "
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    )


def test_all_problems_are_reported_together_in_line_order(tmp_path: Path) -> None:
    text = (
        changed('language = "en-US"', "language = 1")
        .replace('reply_to = "editors@globalpost.example"\n', "")
        .replace('"America/New_York"', '"America/Bostn"')
        .replace('"06:00"', '"25:00"')
    )
    path = write(tmp_path, text)
    with pytest.raises(ProblemList) as caught:
        load_settings(path)
    assert str(caught.value) == "\n".join(
        [
            f"{path}:3: publication.language: expected a string, got an integer",
            f"{path}:8: sender.reply_to: missing required key",
            f"{path}:17: schedule.timezone: unknown time zone 'America/Bostn'",
            f"{path}:18: schedule.send_time: not a 24-hour HH:MM time: '25:00'",
        ]
    )
    assert all(isinstance(problem, ConfigError) for problem in caught.value.problems)
    assert isinstance(caught.value, PublisherError)


def test_key_inside_a_multiline_string_is_not_taken_for_a_setting(tmp_path: Path) -> None:
    text = changed(
        'pitch = "Subscribe today and GlobalPost will be in your inbox the next weekday morning."',
        'pitch = """\n[schedule]\ntimezone = "a"\n"""',
    ).replace('"America/New_York"', '"America/Bostn"')
    path = write(tmp_path, text)
    assert str(load_error(path)) == (
        f"{path}:18: schedule.timezone: unknown time zone 'America/Bostn'"
    )


def test_key_in_an_inline_table_points_at_the_table(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[schedule]"), SAMPLE.index("[boilerplate]")
    text = 'schedule = { timezone = "America/Bostn" }\n' + SAMPLE[:start] + SAMPLE[end:]
    path = write(tmp_path, text)
    assert str(load_error(path)) == (
        f"{path}:1: schedule.timezone: unknown time zone 'America/Bostn'"
    )


def test_key_declared_more_than_once_in_the_text_gets_no_line(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE + "[[extra]]\nn = 1\n[[extra]]\nn = 2\n")
    error = load_error(path)
    assert str(error) == f"{path}: extra: unknown key"
    assert error.line is None


def test_a_check_level_is_error_warning_or_off(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE + '\n[checks]\nlinks = "off"\nsize = "loud"\n')
    error = load_error(path)
    line = (SAMPLE + "\n[checks]\nlinks").count("\n") + 2
    assert str(error) == f"{path}:{line}: checks.size: not one of error, warning, off: 'loud'"
    assert error.hint == "write one of: error, warning, off"


def test_sendgrid_lists_are_one_to_fifty(tmp_path: Path) -> None:
    """A Single Send goes to 1 to 50 lists: more, or none, is a mistake to catch before the
    hand-off, not a 400 from SendGrid at send time."""
    table = "\n[handoff.sendgrid]\nsender_id = 7\nlist_ids = [{}]\n"
    many = ", ".join(f'"l{n}"' for n in range(51))
    for ids, count in (("", 0), (many, 51)):
        path = write(tmp_path, SAMPLE + table.format(ids))
        error = load_error(path)
        assert str(error) == (
            f"{path}:37: handoff.sendgrid.list_ids: {count} given, but a Single Send goes to "
            "1 to 50 lists (SendGrid's limit)"
        )
        assert error.hint == "give from 1 to 50, in one array"
    fifty = ", ".join(f'"l{n}"' for n in range(50))
    settings = load_settings(write(tmp_path, SAMPLE + table.format(fifty)))
    assert settings.handoff.sendgrid is not None
    assert len(settings.handoff.sendgrid.list_ids) == 50
