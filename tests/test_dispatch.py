"""`publisher dispatch` sends each due bundle once: not early, not too late, not twice, and
not from two overlapping runs."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.config import Settings, load_settings
from publisher.errors import HandoffRefused
from publisher.handoff.dispatch import dispatch, dispatch_lock
from publisher.handoff.lock import handing_off
from publisher.handoff.run import HandoffRequest, cancel, hand_off
from tests.builds import build_fixture, copy_fixture_edition
from tests.smtp_server import SmtpServer, smtp_server

pytestmark = pytest.mark.slow
# Friday 06:30 New York: the 2026-11-27 bundle is due, 2026-11-24's is days late and
# 2026-11-30's is not due yet.
NOW = datetime.fromisoformat("2026-11-27T06:30:00-05:00")
BUILT_AT = {
    "2026-11-24": "2026-11-23T10:00:00-05:00",
    "2026-11-27": "2026-11-25T10:00:00-05:00",
    "2026-11-30": "2026-11-27T10:00:00-05:00",
}


def newsroom(tmp_path: Path, server: SmtpServer) -> tuple[Path, Settings]:
    """Three bundles in dist/ and a config that dispatches over SMTP to two readers."""
    content, config = copy_fixture_edition(tmp_path)
    (tmp_path / "readers.csv").write_text("email,name\nann@example.org,Ann\nbo@example.org,\n")
    config.write_text(
        config.read_text("utf-8") + '\n[handoff]\ndispatch = "smtp"\n\n[handoff.smtp]\n'
        f'host = "127.0.0.1"\nport = {server.port}\ntls = "none"\nrecipients = "readers.csv"\n',
        "utf-8",
    )
    dist = tmp_path / "dist"
    for now in BUILT_AT.values():
        build_fixture(dist, content, config, now)
    return dist, load_settings(config)


def test_dispatch_sends_the_due_bundle_once_and_reports_the_others(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        dist, settings = newsroom(tmp_path, server)
        first = dispatch(dist, settings, NOW, environ={})
        second = dispatch(dist, settings, NOW, environ={})
    assert (first.sent, first.waiting, first.late) == (
        ["2026-11-27"],
        ["2026-11-30"],
        ["2026-11-24 (due 2026-11-24T06:00-05:00)"],
    )
    assert first.has_failed  # a missed edition must reach someone through cron's mail
    assert (second.sent, second.done_before) == ([], ["2026-11-27"])
    assert sorted(d.recipients for d in server.deliveries) == [
        ("ann@example.org",),
        ("bo@example.org",),
    ]


def test_two_overlapping_dispatch_runs_send_once(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        dist, settings = newsroom(tmp_path, server)
        server.delay = 0.3  # each message takes a while: the runs overlap
        reports = []
        runs = [
            threading.Thread(
                target=lambda: reports.append(dispatch(dist, settings, NOW, environ={}))
            )
            for _ in range(2)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
    assert sorted(report.locked for report in reports) == [False, True]
    assert len(server.deliveries) == 2


def test_a_held_lock_keeps_dispatch_from_sending(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        dist, settings = newsroom(tmp_path, server)
        with dispatch_lock(dist) as held:
            assert held
            report = dispatch(dist, settings, NOW, environ={})
    assert report.summary() == "dispatch: another dispatch is running; nothing done"
    assert server.deliveries == []


def test_a_bundle_being_handed_off_elsewhere_is_sent_by_neither_dispatch_nor_hand(
    tmp_path: Path,
) -> None:
    """Held as a hand-off in another terminal holds it: the ledger alone would let both read
    "nothing done yet" and both send. Once it is free, one run sends and a second refuses."""
    with smtp_server(tmp_path) as server:
        dist, settings = newsroom(tmp_path, server)
        bundle = dist / "2026-11-27"
        with handing_off(bundle):
            with pytest.raises(HandoffRefused) as refused:
                hand_off(HandoffRequest(bundle, "smtp"), settings, NOW, {})
            with pytest.raises(HandoffRefused):
                cancel(bundle, "smtp", settings, NOW, environ={})
            busy = dispatch(dist, settings, NOW, environ={})
        assert server.deliveries == []
        free = dispatch(dist, settings, NOW, environ={})
        with pytest.raises(HandoffRefused) as again:
            hand_off(HandoffRequest(bundle, "smtp"), settings, NOW, {})
    assert refused.value.message.startswith("another hand-off of this bundle is running")
    assert busy.failed == [f"2026-11-27: {refused.value.message}"]
    assert free.sent == ["2026-11-27"]
    assert again.value.message.startswith("already")
    assert len(server.deliveries) == 2  # Ann and Bo, once each


def test_a_cancelled_bundle_is_not_dispatched(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as server:
        dist, settings = newsroom(tmp_path, server)
        outcome = cancel(dist / "2026-11-27", "smtp", settings, NOW, environ={})
        report = dispatch(dist, settings, NOW, environ={})
    assert outcome.summary == "smtp: publisher dispatch will not send this bundle"
    assert report.done_before == ["2026-11-27"]
    assert server.deliveries == []


def test_cli_dispatch_exits_4_with_a_one_line_summary_when_one_is_too_late(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server(tmp_path) as server:
        dist, _ = newsroom(tmp_path, server)
        config = str(tmp_path / "publication.toml")
        code = main(["dispatch", str(dist), "--config", config, "--now", "2026-11-27T06:30"])
    out, err = capsys.readouterr()
    assert code == 4
    assert out == "2026-11-27\ntoo late: 2026-11-24 (due 2026-11-24T06:00-05:00)\n"
    assert err == "dispatch: 1 sent, 1 not due, 0 handed off before, 1 too late, 0 failed\n"
