"""The edition diff: each kind of change on built bundles, reported alone; the sign-off gate;
and `publisher status`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.config import load_settings
from publisher.diff.compare import EditionDiff, compare
from publisher.diff.report import as_data, format_html, format_terminal
from publisher.diff.snapshot import read_snapshot
from publisher.errors import HandoffRefused
from publisher.handoff.approval import approve
from publisher.handoff.run import HandoffRequest, hand_off
from publisher.handoff.smtp import SmtpServer
from publisher.handoff.source import HandoffBundle, Permission
from tests.builds import build_fixture, copy_fixture_edition
from tests.smtp_server import smtp_server

pytestmark = pytest.mark.slow
WIND = "harbor-wind-farm.md"


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def diff_after(tmp_path: Path, change: Callable[[Path, Path], None]) -> EditionDiff:
    """The diff of the sample edition against itself after `change(content, config)`."""
    content, config = copy_fixture_edition(tmp_path)
    before = build_fixture(tmp_path / "before", content, config).bundle.path
    change(content, config)
    after = build_fixture(tmp_path / "after", content, config).bundle.path
    return compare(read_snapshot(before, "before"), read_snapshot(after, "after"))


def only(diff: EditionDiff) -> dict[str, object]:
    """The parts of the diff that report something."""
    data = as_data(diff)
    reported: dict[str, object] = {}
    if data["fields"]:
        reported["fields"] = data["fields"]
    for key, value in data["briefs"].items():
        if value:
            reported[key] = value
    if data["findings"]["appeared"] or data["findings"]["gone"]:
        reported["findings"] = data["findings"]
    return reported


def test_identical_content_built_twice_has_no_changes(tmp_path: Path) -> None:
    diff = diff_after(tmp_path, lambda content, config: None)
    assert not diff.has_changes
    assert format_terminal(diff) == "No changes between before and after.\n"


def test_a_word_changed_in_a_paragraph_is_that_word_alone(tmp_path: Path) -> None:
    diff = diff_after(
        tmp_path,
        lambda content, _: edited(content / WIND, "last of 62 steel", "last of 64 steel"),
    )
    assert set(only(diff)) == {"changed"}
    [brief] = diff.briefs
    changed = [p for p in brief.paragraphs if p.kind != "same"]
    assert len(changed) == 1 and changed[0].kind == "changed"
    assert [(kind, text) for kind, text in changed[0].words if kind != "same"] == [
        ("removed", "62"),
        ("added", "64"),
    ]
    assert "[-62-] {+64+}" in format_terminal(diff)
    assert sum(p.kind == "same" for p in brief.paragraphs) == len(brief.paragraphs) - 1
    assert "(5 unchanged paragraphs)" in format_terminal(diff)


def test_a_brief_added_is_reported_as_added(tmp_path: Path) -> None:
    def add(content: Path, _: Path) -> None:
        (content / "port-strike.md").write_text(
            "# Dockworkers Walk Out at Three Ports\n\nCranes stood idle on Thursday.\n", "utf-8"
        )

    diff = diff_after(tmp_path, add)
    assert only(diff) == {"added": ["Dockworkers Walk Out at Three Ports"]}


def test_two_briefs_swapped_are_reported_as_moved(tmp_path: Path) -> None:
    def swap(content: Path, _: Path) -> None:
        edited(
            content / "edition.toml",
            '"ceasefire-talks", "harbor-wind-farm"',
            '"harbor-wind-farm", "ceasefire-talks"',
        )

    diff = diff_after(tmp_path, swap)
    assert set(only(diff)) == {"moved"}
    assert [(title.split()[0], old, new) for title, old, new in diff.moved] == [
        ("Offshore", 2, 1),
        ("Ceasefire", 1, 2),
    ]


def test_a_link_changed_is_reported_by_its_visible_text(tmp_path: Path) -> None:
    diff = diff_after(
        tmp_path,
        lambda content, _: edited(
            content / WIND, "harbor-wind-construction-schedule", "harbor-wind-schedule-2027"
        ),
    )
    [brief] = diff.briefs
    assert brief.links == (
        (
            "changed",
            "developer's public filing",
            "https://www.example.org/filings/harbor-wind-construction-schedule"
            " -> https://www.example.org/filings/harbor-wind-schedule-2027",
        ),
    )
    assert all(p.kind == "same" for p in brief.paragraphs)  # the words did not change


def test_a_new_subject_is_the_only_change(tmp_path: Path) -> None:
    diff = diff_after(
        tmp_path,
        lambda content, _: edited(
            content / "edition.toml", "talks stall over who moves first", "talks stall again"
        ),
    )
    assert only(diff) == {
        "fields": [
            {
                "name": "subject",
                "old": "Geneva ceasefire talks stall over who moves first",
                "new": "Geneva ceasefire talks stall again",
            }
        ]
    }


def test_a_send_date_moved_by_a_holiday_is_one_change(tmp_path: Path) -> None:
    diff = diff_after(
        tmp_path,
        lambda _, config: edited(
            config,
            'extra_holidays = ["2026-12-24"]',
            'extra_holidays = ["2026-12-24", "2026-11-27"]',
        ),
    )
    # The dateline, Date header, Message-ID and campaign date move with it, unreported.
    assert only(diff) == {
        "fields": [
            {
                "name": "send time",
                "old": "2026-11-27T06:00:00-05:00",
                "new": "2026-11-30T06:00:00-05:00",
            }
        ]
    }


def test_the_html_report_is_a_page_with_the_changes_marked(tmp_path: Path) -> None:
    diff = diff_after(
        tmp_path,
        lambda content, _: edited(content / WIND, "last of 62 steel", "last of 64 steel"),
    )
    page = format_html(diff)
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>62</del> <ins>64</ins>" in page


def test_cli_diff_against_the_last_test_send_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content, config = copy_fixture_edition(tmp_path)
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    with smtp_server(tmp_path) as server:
        request = HandoffRequest(
            bundle,
            "smtp",
            is_test=True,
            to=("desk@globalpost.example",),
            smtp=SmtpServer("127.0.0.1", server.port, "none"),
        )
        hand_off(
            request, load_settings(config), datetime.fromisoformat("2026-11-26T17:00-05:00"), {}
        )
    argv = ["diff", "--content", "content", "--config", str(config), "--now", "2026-11-26T17:30"]
    assert main([*argv, "--exit-code"]) == 0
    assert capsys.readouterr().out.startswith("No changes between the test send of 2026-11-26")
    edited(content / WIND, "last of 62 steel", "last of 64 steel")
    assert main([*argv, "--exit-code", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["changed"] is True
    assert report["new"] == "content/ as it stands"
    assert [b["slug"] for b in report["briefs"]["changed"]] == ["harbor-wind-farm"]
    assert main([*argv, "--html", str(tmp_path / "diff.html")]) == 0
    assert "<ins>64</ins>" in (tmp_path / "diff.html").read_text("utf-8")


# Sign-off


def gated(tmp_path: Path) -> tuple[Path, Path, Path]:
    content, config = copy_fixture_edition(tmp_path)
    config.write_text(config.read_text("utf-8") + "\n[handoff]\nrequire_approval = true\n", "utf-8")
    return content, config, build_fixture(tmp_path / "dist", content, config).bundle.path


def dry_run(bundle: Path, config: Path, **allow: bool) -> None:
    request = HandoffRequest(
        bundle,
        "smtp",
        allow=Permission(**allow),
        dry_run=True,
        to=("ann@example.org",),
        smtp=SmtpServer("127.0.0.1", 1, "none"),
    )
    hand_off(request, load_settings(config), datetime.fromisoformat("2026-11-27T06:20-05:00"), {})


def test_an_approved_unchanged_bundle_passes_the_gate(tmp_path: Path) -> None:
    _, config, bundle = gated(tmp_path)
    with pytest.raises(HandoffRefused) as refused:
        dry_run(bundle, config)
    assert refused.value.message == (
        "it has not been approved, and [handoff] require_approval is set"
    )
    settings = load_settings(config)
    approve(
        HandoffBundle.read(bundle, settings),
        "ann",
        datetime.fromisoformat("2026-11-26T17:05-05:00"),
    )
    dry_run(bundle, config)


def test_a_bundle_changed_after_approval_is_refused_naming_the_change(tmp_path: Path) -> None:
    content, config, bundle = gated(tmp_path)
    settings = load_settings(config)
    approve(
        HandoffBundle.read(bundle, settings),
        "ann",
        datetime.fromisoformat("2026-11-26T17:05-05:00"),
    )
    edited(content / WIND, "last of 62 steel", "last of 64 steel")
    build_fixture(tmp_path / "dist", content, config)
    with pytest.raises(HandoffRefused) as refused:
        dry_run(bundle, config)
    assert refused.value.message == "it changed since it was approved: 1 brief changed"
    dry_run(bundle, config, unapproved=True)


def test_unapproved_is_recorded_in_the_ledger(tmp_path: Path) -> None:
    _, config, bundle = gated(tmp_path)
    with smtp_server(tmp_path) as server:
        request = HandoffRequest(
            bundle,
            "smtp",
            allow=Permission(unapproved=True),
            to=("ann@example.org",),
            smtp=SmtpServer("127.0.0.1", server.port, "none"),
        )
        hand_off(
            request, load_settings(config), datetime.fromisoformat("2026-11-27T06:20-05:00"), {}
        )
    ledger = json.loads((tmp_path / "dist" / "2026-11-27.handoff" / "ledger.json").read_text())
    assert ledger["destinations"]["smtp"]["history"][0]["state"] == "unapproved"


def test_status_shows_each_bundle_in_its_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = copy_fixture_edition(tmp_path)
    dist = tmp_path / "dist"
    build_fixture(dist, content, config, "2026-11-23T10:00:00-05:00")  # built only
    tested = build_fixture(dist, content, config).bundle.path  # 2026-11-27
    settings = load_settings(config)
    with smtp_server(tmp_path) as server:
        smtp = SmtpServer("127.0.0.1", server.port, "none")
        at = datetime.fromisoformat("2026-11-26T17:00-05:00")
        hand_off(
            HandoffRequest(tested, "smtp", is_test=True, to=("d@x.org",), smtp=smtp),
            settings,
            at,
            {},
        )
        approve(HandoffBundle.read(tested, settings), "ann", at)
        sent_at = datetime.fromisoformat("2026-11-27T06:05-05:00")
        hand_off(HandoffRequest(tested, "smtp", to=("r@x.org",), smtp=smtp), settings, sent_at, {})
    assert main(["status", str(dist)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026-11-27  sends 2026-11-27 06:00 · checks: 0 errors, 0 warnings")
    assert "test sent 1x (last 2026-11-26 17:00)" in lines[0]
    assert "approved by ann 2026-11-26 17:00" in lines[0]
    assert " · smtp sent " in lines[0]
    assert lines[1] == "2026-11-24  sends 2026-11-24 06:00 · checks: 0 errors, 0 warnings"
