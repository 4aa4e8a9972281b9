"""`publisher archive` on the command line, its mistakes word for word, and the readers'
rules: which folders are bundles, which bundles were handed off."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from publisher.archive import readers
from publisher.archive.entries import first_sentence
from publisher.archive.progress import ProgressBar
from publisher.cli import main
from publisher.handoff import ledger
from tests.archives import ARCHIVED, Newsroom, hand_off, newsroom
from tests.golden import FIXTURE_CONFIG

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    return newsroom(tmp_path_factory.mktemp("cli"))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_archive_prints_where_the_site_is_and_what_it_wrote(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    argv = ["archive", str(room.dist), "--out", str(site), "--config", str(room.config)]
    assert run(argv, capsys) == (
        0,
        f"{site / 'index.html'}: 3 editions, 3 pages written, 0 unchanged"
        " (1 bundle not handed off yet left out; --all takes it)\n",
        "",
    )
    assert run([*argv, "--all"], capsys)[1] == (
        f"{site / 'index.html'}: 4 editions, 2 pages written, 2 unchanged\n"
    )


def test_archive_without_an_archive_section_says_what_to_add(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["archive", str(room.dist), "--out", str(tmp_path), "--config", str(FIXTURE_CONFIG)]
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {FIXTURE_CONFIG}: no [archive] section: the archive needs to know where it"
        " is served\n"
        '  hint: add [archive] with base_url = "https://.../archive/" and subscribe_url\n',
    )


def test_archive_of_a_missing_folder_says_to_build_first(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    argv = ["archive", str(missing), "--out", str(tmp_path / "site"), "--config", str(room.config)]
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {missing}: no such folder of bundles\n"
        "  hint: build an edition first (publisher build), or give the folder bundles are in\n",
    )


def test_archive_refuses_to_write_the_site_among_the_bundles(
    room: Newsroom, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["archive", str(room.dist), "--out", str(room.dist), "--config", str(room.config)]
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {room.dist}: the site cannot be written into the folder of bundles\n"
        "  hint: give the site a folder of its own, such as --out site\n",
    )


def test_every_unreadable_manifest_is_reported_at_once(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = tmp_path / "dist"
    for folder in ("2026-11-27", "2026-12-01"):
        (dist / folder).mkdir(parents=True)
        (dist / folder / "manifest.json").write_text('{"schema_version": 2}', "utf-8")
    argv = ["archive", str(dist), "--out", str(tmp_path / "site"), "--config", str(room.config)]
    argv.append("--all")
    hint = "  hint: build the bundle again with this publisher\n"
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {dist / '2026-11-27' / 'manifest.json'}: manifest schema version 2, this"
        f" publisher reads 3\n{hint}"
        f"error: {dist / '2026-12-01' / 'manifest.json'}: manifest schema version 2, this"
        f" publisher reads 3\n{hint}",
    )


def test_a_broken_ledger_is_a_mistake_to_fix_not_an_edition_to_skip(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = tmp_path / "dist"
    (dist / "2026-11-27").mkdir(parents=True)
    (dist / "2026-11-27" / "manifest.json").write_text("{}", "utf-8")
    (dist / "2026-11-27.handoff").mkdir()
    (dist / "2026-11-27.handoff" / "ledger.json").write_text("{", "utf-8")
    argv = ["archive", str(dist), "--out", str(tmp_path / "site"), "--config", str(room.config)]
    code, _, err = run(argv, capsys)
    assert (code, err.splitlines()[1:]) == (
        2,
        ["  hint: restore it from a backup, or pass --all to archive every bundle"],
    )
    assert err.startswith(f"error: {dist / '2026-11-27.handoff' / 'ledger.json'}: cannot read")


def test_readers_follow_the_ledgers_own_rules(tmp_path: Path) -> None:
    bundle = tmp_path / "2026-11-27"
    assert ledger.handoff_folder(bundle) == bundle.with_name(
        f"{bundle.name}{readers.LEDGER_FOLDER_SUFFIX}"
    )
    assert readers.LEDGER_FILE == ledger.LEDGER_FILE
    assert readers.HANDED_OFF == ledger.HANDED_OFF


@pytest.mark.parametrize(
    ("states", "is_in"),
    [
        ({"mailchimp": "sent"}, True),
        ({"smtp": "scheduled"}, True),
        ({"smtp": "failed", "mailchimp": "sent"}, True),
        ({"smtp": "new"}, False),
        ({"smtp": "cancelled"}, False),
        ({}, False),
    ],
)
def test_a_bundle_is_handed_off_when_one_destination_has_it(
    tmp_path: Path, states: dict[str, str], is_in: bool
) -> None:
    (tmp_path / "2026-11-27").mkdir()
    (tmp_path / "2026-11-27" / "manifest.json").write_text("{}", "utf-8")
    folder = tmp_path / "2026-11-27.handoff"
    folder.mkdir()
    destinations = {name: {"state": state} for name, state in states.items()}
    (folder / "ledger.json").write_text(json.dumps({"destinations": destinations}), "utf-8")
    found, left_out = readers.find_bundles(tmp_path, readers.ReadCache(), include_all=False)
    assert (len(found), left_out) == ((1, 0) if is_in else (0, 1))


def test_a_ledger_rewritten_since_the_last_run_is_read_again(room: Newsroom) -> None:
    cache = readers.ReadCache()
    found, _ = readers.find_bundles(room.dist, cache, include_all=False)
    assert [bundle.folder for bundle in found][::-1] == list(ARCHIVED)
    hand_off(room.dist / "2026-12-02", "sent")
    try:
        found, _ = readers.find_bundles(room.dist, cache, include_all=False)
        assert len(found) == 4
    finally:
        hand_off(room.dist / "2026-12-02", "failed")


@pytest.mark.parametrize(
    ("paragraph", "sentence"),
    [
        ("Talks stalled. Both sides left.", "Talks stalled."),
        ("U.S. officials said talks stalled. Both left.", "U.S. officials said talks stalled."),
        ("“We wait,” he said. Then he left.", "“We wait,” he said."),
        ("No full stop here", "No full stop here"),
    ],
)
def test_the_lead_is_the_first_sentence(paragraph: str, sentence: str) -> None:
    assert first_sentence(paragraph) == sentence


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_when_there_are_many_pages() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream)
        for done in range(1, 101):
            bar(done, 100)
    assert terminal.getvalue().endswith(f"\rwriting pages [{'#' * 30}] 100/100\n")
    assert pipe.getvalue() == ""


def test_the_progress_bar_stays_away_for_a_few_pages() -> None:
    terminal = Terminal()
    ProgressBar(terminal)(3, 3)
    assert terminal.getvalue() == ""
