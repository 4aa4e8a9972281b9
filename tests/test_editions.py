"""A second edition in a day: dist/<send-date>-<name>/ beside the daily bundle, never mixed up.

Builds use the fixture edition with a pinned clock, so both bundles go out 2026-11-27.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.bundle_names import bundle_name, is_edition_name, parse_bundle_name
from publisher.cli import main
from publisher.errors import PublisherError
from publisher.mime import content_digest, message_id
from publisher.record import RenderedEmail
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_NOW

SEND_DATE = date(2026, 11, 27)
DAILY, BREAKING = "2026-11-27", "2026-11-27-breaking"
BUNDLE_FILES = ["email.eml", "email.html", "email.mjml", "email.txt", "manifest.json"]
BAD_NAME_HINT = "  hint: write it like --edition breaking or --edition election-night\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def entries(folder: Path) -> list[str]:
    """Names in `folder`, hidden ones (an atomic writer's staging folders) included."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def manifest_of(bundle: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((bundle / "manifest.json").read_text("utf-8"))
    return loaded


def message_id_of(bundle: Path) -> str:
    return str(
        message_from_bytes((bundle / "email.eml").read_bytes(), policy=policy.default)["Message-ID"]
    )


# the folder name, written and read back


def test_daily_bundle_is_named_for_the_send_date() -> None:
    assert bundle_name(SEND_DATE) == DAILY


def test_named_edition_bundle_appends_its_name_to_the_send_date() -> None:
    assert bundle_name(SEND_DATE, "breaking") == BREAKING


def test_bundle_name_refuses_a_name_that_is_not_a_slug() -> None:
    with pytest.raises(PublisherError):
        bundle_name(SEND_DATE, "../breaking")


def test_edition_name_may_be_40_characters_but_not_41() -> None:
    assert (is_edition_name("a" * 40), is_edition_name("a" * 41)) == (True, False)


_SLUG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
EDITION_NAMES = st.lists(_SLUG_WORD, min_size=1, max_size=5).map("-".join)


@given(send_date=st.dates(), edition_name=st.none() | EDITION_NAMES)
def test_parse_bundle_name_reads_back_what_bundle_name_writes(
    send_date: date, edition_name: str | None
) -> None:
    assert parse_bundle_name(bundle_name(send_date, edition_name)) == (send_date, edition_name)


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("2026-11-27", (SEND_DATE, None)),
        ("2026-11-27-breaking", (SEND_DATE, "breaking")),
        ("2026-11-27-election-night", (SEND_DATE, "election-night")),
        ("2026-11-27-2", (SEND_DATE, "2")),
    ],
)
def test_parse_bundle_name_reads_date_and_edition(
    name: str, parsed: tuple[date, str | None]
) -> None:
    assert parse_bundle_name(name) == parsed


@pytest.mark.parametrize(
    "name",
    [
        "2026-11-27.handoff",
        ".2026-11-27.x.partial",
        ".2026-11-27-breaking.x.old",
        "2026-11-27-",
        "2026-11-27-Breaking",
        "2026-11-27-breaking-",
        "2026-11-27--breaking",
        "2026-11-27_breaking",
        "2026-11-27-" + "a" * 41,
        "2026-02-30",
        "20261127",
        "2026-11-27T06:00",
        "٢٠٢٦-١١-٢٧",
        "index.html",
        "",
    ],
)
def test_parse_bundle_name_rejects_what_is_not_a_bundle(name: str) -> None:
    assert parse_bundle_name(name) is None


# the Message-ID


def test_named_edition_message_id_differs_for_the_same_content() -> None:
    email = RenderedEmail(subject="S", preheader="P", mjml="", html="<p>H</p>", text="T")
    send_at = datetime.fromisoformat("2026-11-27T06:00:00-05:00")
    daily = message_id(email, send_at, "globalpost.example")
    breaking = message_id(email, send_at, "globalpost.example", "breaking")
    assert daily == f"<20261127.{content_digest(email)[:24]}@globalpost.example>"
    assert breaking.startswith("<20261127.") and breaking != daily


# both bundles built for the same date


@dataclass(frozen=True)
class SameDay:
    """The daily bundle, then the breaking one, built into one dist/ for the same date."""

    out: Path
    daily: Path
    breaking: Path
    daily_before_breaking: dict[str, bytes]


@pytest.fixture(scope="module")
def same_day(tmp_path_factory: pytest.TempPathFactory) -> SameDay:
    out = tmp_path_factory.mktemp("dist")
    daily = build_fixture(out).bundle.path
    before = snapshot(daily)
    breaking = build_fixture(out, edition_name="breaking").bundle.path
    return SameDay(out=out, daily=daily, breaking=breaking, daily_before_breaking=before)


@pytest.mark.slow
def test_daily_and_named_bundles_sit_side_by_side(same_day: SameDay) -> None:
    assert entries(same_day.out) == [DAILY, BREAKING]
    assert sorted(entries(same_day.breaking)) == BUNDLE_FILES


@pytest.mark.slow
def test_building_the_named_edition_leaves_the_daily_bundle_byte_for_byte(
    same_day: SameDay,
) -> None:
    assert snapshot(same_day.daily) == same_day.daily_before_breaking


@pytest.mark.slow
def test_named_and_daily_bundles_have_distinct_message_ids(same_day: SameDay) -> None:
    assert message_id_of(same_day.breaking) != message_id_of(same_day.daily)


@pytest.mark.slow
def test_named_manifest_records_the_edition_name(same_day: SameDay) -> None:
    assert manifest_of(same_day.breaking)["edition"] == "breaking"


@pytest.mark.slow
def test_daily_manifest_has_no_edition_key(same_day: SameDay) -> None:
    assert "edition" not in manifest_of(same_day.daily)


@pytest.mark.slow
def test_manifests_differ_only_in_the_edition_name_and_the_eml_hash(same_day: SameDay) -> None:
    daily, breaking = manifest_of(same_day.daily), manifest_of(same_day.breaking)
    del breaking["edition"]
    daily_eml, breaking_eml = daily["files"].pop("email.eml"), breaking["files"].pop("email.eml")
    assert (breaking, breaking_eml != daily_eml) == (daily, True)


@pytest.mark.slow
def test_rebuilding_the_named_edition_replaces_only_it(tmp_path: Path) -> None:
    daily = build_fixture(tmp_path).bundle.path
    breaking = build_fixture(tmp_path, edition_name="breaking").bundle.path
    (breaking / "stale.txt").write_text("from an older build", "utf-8")
    daily_before = snapshot(daily)
    again = build_fixture(tmp_path, edition_name="breaking").bundle.path
    assert (again, entries(again), snapshot(daily)) == (breaking, BUNDLE_FILES, daily_before)
    assert entries(tmp_path) == [DAILY, BREAKING]


# the command line


@pytest.fixture
def build_args(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`publisher build` over a writable copy of the fixture edition into tmp_path/dist."""
    monkeypatch.chdir(tmp_path)  # anything written relative to the cwd stays in tmp_path
    content, config = copy_fixture_edition(tmp_path)
    out = tmp_path / "dist"
    return ["build", str(content), "--config", str(config), "--out", str(out), "--now", FIXTURE_NOW]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Runs the CLI in-process: (exit status, stdout, stderr)."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_build_with_edition_prints_the_named_bundle_path(
    build_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*build_args, "--edition", "breaking"], capsys)
    assert (code, out) == (0, f"{tmp_path / 'dist' / BREAKING}\n")


BAD_NAMES = [
    "Breaking",
    "breaking news",
    "breaking_news",
    "-breaking",
    "breaking-",
    "election--night",
    "../daily",
    "brèves",
    "a" * 41,
    "",
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_edition_name_exits_2_naming_it_with_a_valid_example_and_writes_nothing(
    name: str, build_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run([*build_args, f"--edition={name}"], capsys)  # "-breaking" is no option
    assert result == (
        2,
        "",
        "error: --edition must be a lowercase slug (a-z, 0-9, single hyphens)"
        f" of at most 40 characters: {name!r}\n{BAD_NAME_HINT}",
    )
    assert entries(tmp_path / "dist") == []


def test_bad_edition_name_is_reported_before_the_config_is_read(
    build_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "publication.toml").unlink()
    _, _, err = run([*build_args, "--edition", "Breaking"], capsys)
    assert err == (
        "error: --edition must be a lowercase slug (a-z, 0-9, single hyphens)"
        f" of at most 40 characters: 'Breaking'\n{BAD_NAME_HINT}"
    )
