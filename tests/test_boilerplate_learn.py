"""Learning from history: `publisher strip --learn` proposes recurring furniture as rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.boilerplate import load_rules, strip_text
from publisher.boilerplate.history import read_history
from publisher.boilerplate.learn import PastBrief, propose_rules
from publisher.cli import main
from publisher.config.loader import load_settings
from publisher.record import BriefRecord, Manifest
from tests.golden import FIXTURE_CONFIG

RULES = load_rules(load_settings(FIXTURE_CONFIG))
FOOTER = "The Harbour Courier: independent, local, yours since 1852."
QUOTE = "“We will not back down until every job is safe,” the union leader said."
STORIES = {
    "Ferry Fares Frozen": "Ferry fares will stay at $4 for another year, the harbour board said.",
    "Library Gets New Roof": "The library will close for six weeks in July while roofers work.",
    "Bridge Reopens Early": "The swing bridge reopened on Friday, two weeks ahead of schedule.",
    "Council Sets Budget": "Councillors approved a budget of $41 million on Tuesday night.",
}


def _briefs(shared: str, titles: list[str] | None = None) -> list[PastBrief]:
    return [
        PastBrief(title, f"{STORIES[title]}\n\n{shared}\n", f"content/{number}.md")
        for number, title in enumerate(titles or list(STORIES))
    ]


def _write_briefs(folder: Path, shared: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for brief in _briefs(shared):
        (folder / f"{brief.title.lower().replace(' ', '-')}.md").write_text(
            f"# {brief.title}\n\n{brief.body}", "utf-8"
        )
    return folder


def test_a_footer_shared_by_briefs_is_proposed_with_how_often_it_was_seen() -> None:
    [proposal] = propose_rules(_briefs(FOOTER), RULES)
    assert (proposal.seen, proposal.briefs, proposal.at_end) == (4, 4, 4)
    assert proposal.pattern == r"the harbour courier: independent, local, yours since \d+"
    assert proposal.text == FOOTER


def test_briefs_that_share_only_a_quotation_propose_nothing() -> None:
    assert propose_rules(_briefs(QUOTE), RULES) == ()
    assert propose_rules(_briefs("“We will not back down until every job is safe.”"), RULES) == ()


def test_the_same_title_three_times_is_one_brief() -> None:
    assert propose_rules(_briefs(FOOTER, ["Ferry Fares Frozen"] * 3), RULES) == ()


def test_furniture_the_rules_know_is_not_proposed_again() -> None:
    assert propose_rules(_briefs("Sign up to our free newsletters"), RULES) == ()


def test_the_publication_name_becomes_a_placeholder() -> None:
    [proposal] = propose_rules(_briefs("GlobalPost: the world, every weekday."), RULES)
    assert proposal.pattern == "{publication}: the world, every weekday"


def _bundle(dist: Path, name: str, briefs: list[PastBrief], version: int | None = None) -> Path:
    records = tuple(
        BriefRecord(f"b{i}", b.title, f"b{i}.md", "", "", 10, text=b.body)
        for i, b in enumerate(briefs)
    )
    manifest = Manifest(
        "GlobalPost", "s", "p", "n", "a@example.org", "r@example.org", "t", "u", "UTC", records, {}
    )
    bundle = dist / name
    bundle.mkdir(parents=True)
    data = json.loads(manifest.to_json())
    if version is not None:
        data["schema_version"] = version
    (bundle / "manifest.json").write_text(json.dumps(data), "utf-8")
    return bundle


def test_past_bundles_are_read_from_their_manifests(tmp_path: Path) -> None:
    briefs = _briefs(FOOTER)
    _bundle(tmp_path / "dist", "2026-11-26", briefs[:2])
    _bundle(tmp_path / "dist", "2026-11-27", briefs[2:])
    _bundle(tmp_path / "dist", "2025-01-02", briefs, version=1)
    history = read_history([tmp_path / "dist"])
    assert [b.origin for b in history.briefs] == [
        f"{tmp_path}/dist/2026-11-26: b0.md",
        f"{tmp_path}/dist/2026-11-26: b1.md",
        f"{tmp_path}/dist/2026-11-27: b0.md",
        f"{tmp_path}/dist/2026-11-27: b1.md",
    ]
    [(unread, reason)] = history.unread
    assert (unread.name, reason) == (
        "2025-01-02",
        "manifest schema version 1, this publisher reads 3",
    )
    [proposal] = propose_rules(history.briefs, RULES)
    assert proposal.briefs == 4


def _learn(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["strip", "--learn", *args, "--config", str(FIXTURE_CONFIG)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_learn_prints_rules_that_publication_toml_accepts_and_that_strip_the_footer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write_briefs(tmp_path / "content", FOOTER)
    code, out, err = _learn(capsys, str(folder))
    assert code == 0
    assert err == "proposed 1 rule from 4 briefs (1 folder, 0 bundles)\n"
    assert (
        '[[boilerplate.rules]]\nname = "learned-the-harbour-courier-independent-local-yours"' in out
    )
    config = tmp_path / "publication.toml"
    config.write_text(FIXTURE_CONFIG.read_text("utf-8") + "\n" + out, "utf-8")
    rules = load_rules(load_settings(config))
    text = f"The pier will reopen in May.\n\n{FOOTER.replace('1852', '1853')}\n"
    assert strip_text(text, rules)[0] == "The pier will reopen in May.\n"


def test_learn_from_briefs_that_share_a_quotation_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write_briefs(tmp_path / "content", QUOTE)
    assert _learn(capsys, str(folder)) == (
        0,
        "",
        "proposed no rules from 4 briefs (1 folder, 0 bundles)\n",
    )


def test_learn_reads_content_and_dist_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_briefs(tmp_path / "content", FOOTER)
    _bundle(tmp_path / "dist", "2026-11-27", _briefs(FOOTER))
    monkeypatch.chdir(tmp_path)
    code, out, err = _learn(capsys, "--json")
    assert (code, err) == (0, "proposed 1 rule from 8 briefs (1 folder, 1 bundle)\n")
    report = json.loads(out)
    assert report["read"] == {
        "briefs": 8,
        "folders": ["content"],
        "bundles": ["dist/2026-11-27"],
        "unread": [],
    }
    [proposal] = report["proposals"]
    assert (proposal["seen"], proposal["briefs"], proposal["family"]) == (8, 4, "label")


def test_learn_from_a_folder_that_does_not_exist_is_a_user_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope"
    assert _learn(capsys, str(missing)) == (
        2,
        "",
        f"error: {missing}: not found\n  hint: give a folder of briefs or of bundles\n",
    )


def test_learn_with_nothing_to_read_says_what_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _learn(capsys) == (
        2,
        "",
        "error: nothing to learn from: no content or dist folder here\n"
        "  hint: give folders of briefs or bundles: publisher strip --learn DIR...\n",
    )
