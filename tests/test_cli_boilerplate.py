"""`publisher strip` and `publisher import`: pasted text in, clean Markdown out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from publisher.cli import main
from tests.golden import FIXTURE_CONFIG

PASTED = Path(__file__).resolve().parent / "fixtures" / "pasted-brief.txt"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _strip(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["strip", str(PASTED), "--config", str(FIXTURE_CONFIG), *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_strip_keeps_every_news_paragraph_of_the_pasted_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    original = _paragraphs(PASTED.read_text("utf-8"))
    news = original[
        : original.index(
            "Subscribe today and GlobalPost will be in your inbox the next weekday morning"
        )
    ]
    assert len(news) == 14  # the headline and 13 news paragraphs
    assert _paragraphs(_strip(capsys)) == news


def test_strip_removes_pitch_offer_trial_copyright_and_copy_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cleaned = _strip(capsys)
    for gone in (
        "Subscribe today",
        "Join us today",
        "free two-week trial",
        "Copyright ©",
        "Copy link",
    ):
        assert gone not in cleaned


def test_strip_json_reports_rule_family_line_and_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = json.loads(_strip(capsys, "--json"))
    assert report["text"] == _strip(capsys)
    assert [(r["rule"], r["family"], r["line"]) for r in report["removed"]] == [
        ("inbox-pitch", "pitch", 29),
        ("pay-only-offer", "offer", 32),
        ("free-trial", "trial", 34),
        ("copyright-line", "copyright", 36),
        ("share-label", "label", 38),
    ]
    assert report["removed"][4]["text"] == "Copy link"


def test_strip_json_gives_suspects_scores_source_and_thresholds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "wire.md"
    brief.write_text(
        "# Radio Station Closes\n\nHarbour Radio will close its studio, its board said.\n\n"
        "Pitch in what you can to keep Harbour Radio going.\n\n"
        "Pitch in what you can to keep us going. Thank you!\n\n"
        "Copyright 2026 The Associated Press. All rights reserved.\n",
        "utf-8",
    )
    code = main(["strip", str(brief), "--json", "--config", str(FIXTURE_CONFIG)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["source"] == "The Associated Press"
    assert report["judgement"] == {"remove": 7, "suspect": 4}
    assert [(r["rule"], r["line"], r["credit"]) for r in report["removed"]] == [
        ("judgement", 7, ""),
        ("copyright-line", 9, "The Associated Press"),
    ]
    judged = report["removed"][0]
    assert judged["score"] >= 7 and judged["reasons"][0] == "call-to-action +2 (pitch in)"
    [suspect] = report["suspects"]
    assert (suspect["line"], suspect["score"]) == (5, 4)
    assert "story-names -3 (Radio)" in suspect["reasons"]


def test_strip_notes_the_credit_and_the_suspects_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "wire.md"
    brief.write_text(
        "Radio Station Closes\n\nHarbour Radio will close its studio, its board said.\n\n"
        "Pitch in what you can to keep Harbour Radio going.\n\n© Thomson Reuters 2026\n",
        "utf-8",
    )
    assert main(["strip", str(brief), "--config", str(FIXTURE_CONFIG)]) == 0
    assert capsys.readouterr().err == (
        "note: line 7: the source is 'Reuters', the credit of the removed copyright line;"
        " write source: Reuters in the brief's front matter\n"
        "note: line 5: kept, but it reads like pasted pitch (score 4): Pitch in what you can"
        " to keep Harbour Radio going.\n"
    )


@pytest.mark.parametrize(
    ("paths", "message"), [((), "strip needs a FILE"), (("a.md", "b.md"), "strip takes one FILE")]
)
def test_strip_without_one_file_says_how_to_call_it(
    paths: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["strip", *paths, "--config", str(FIXTURE_CONFIG)]) == 2
    assert capsys.readouterr().err == (
        f"error: {message}\n"
        "  hint: publisher strip brief.md; or publisher strip --learn [DIR...] to propose rules\n"
    )


def test_strip_keeps_front_matter_and_title_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "talks.md"
    brief.write_text("---\ntitle: Talks\n---\n\n# Talks\n\nText.\n\nCopy link\n", "utf-8")
    code = main(["strip", str(brief), "--config", str(FIXTURE_CONFIG)])
    assert code == 0
    assert capsys.readouterr().out == "---\ntitle: Talks\n---\n\n# Talks\n\nText.\n"


def test_strip_of_a_missing_file_is_a_user_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.md"
    code = main(["strip", str(missing), "--config", str(FIXTURE_CONFIG)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: {missing}: cannot read brief: No such file or directory\n"
    )


def test_import_writes_a_brief_named_for_the_headline_and_warns_what_it_stripped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(PASTED), "--into", str(tmp_path), "--config", str(FIXTURE_CONFIG)])
    captured = capsys.readouterr()
    assert code == 0
    brief = tmp_path / "russia-launches-major-strikes-on-kyiv-amid-stalled-peace-negotiations.md"
    assert captured.out == f"{brief}\n"
    assert captured.err == (
        "warning: stripped 5 boilerplate paragraphs from pasted-brief.txt: "
        "pitch, offer, trial, copyright, label\n"
    )
    text = brief.read_text("utf-8")
    assert text.startswith(
        '---\ntitle: "Russia Launches Major Strikes on Kyiv Amid Stalled Peace Negotiations"\n---\n'
    )
    assert "\u00a0" not in text and " \n" not in text
    assert "“ballistics over the negotiating table”" in text and "Copy link" not in text


def test_import_never_overwrites_an_existing_brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import", str(PASTED), "--into", str(tmp_path), "--config", str(FIXTURE_CONFIG)]
    assert main(argv) == 0
    brief = tmp_path / "russia-launches-major-strikes-on-kyiv-amid-stalled-peace-negotiations.md"
    brief.write_text("edited by hand\n", "utf-8")
    capsys.readouterr()
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"error: {brief}: {brief.name} already exists\n"
        "  hint: move or rename it, or remove it first\n"
    )
    assert brief.read_text("utf-8") == "edited by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [brief.name]
