"""The scored judgement, link lists, suspects and credit: what the rules cannot say alone."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from publisher.boilerplate import RuleSet, judge_text, load_rules, strip_boilerplate, strip_edition
from publisher.boilerplate.credit import credit_of
from publisher.checks import boilerplate as boilerplate_check
from publisher.checks.edition import CheckedEdition
from publisher.config.loader import load_settings
from publisher.content import Brief, Edition
from publisher.record import Manifest
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG

RULES: RuleSet = load_rules(load_settings(FIXTURE_CONFIG))
LEAD = "The harbour board approved a new ferry terminal on Monday after two years of delays."
AP_LINE = (
    "Copyright 2026 The Associated Press. All rights reserved. This material may not be"
    " published, broadcast, rewritten or redistributed without permission."
)


def _brief(body: str, source: str = "") -> Brief:
    return Brief("ferry", Path("content/ferry.md"), "Ferry", body, 3, source=source)


def test_thresholds_are_the_ones_in_rules_toml() -> None:
    text = resources.files("publisher.boilerplate").joinpath("rules.toml").read_text("utf-8")
    data = tomllib.loads(text)["judgement"]
    assert (RULES.judgement.remove, RULES.judgement.suspect) == (data["remove"], data["suspect"])
    assert RULES.judgement.suspect < RULES.judgement.remove


def test_furniture_no_rule_knows_is_removed_with_its_score_and_reasons() -> None:
    text = f"{LEAD}\n\nPitch in what you can to keep us going. Thank you!\n"
    stripped = judge_text(text, RULES)
    assert stripped.text == f"{LEAD}\n"
    [removal] = stripped.removals
    assert (removal.rule, removal.family, removal.line) == ("judgement", "pitch", 3)
    assert removal.score is not None and removal.score >= RULES.judgement.remove
    assert removal.reasons[:3] == (
        "call-to-action +2 (pitch in)",
        "second-person +2 (you)",
        "site-voice +2 (us)",
    )


def test_a_judged_paragraph_that_names_the_story_is_kept_as_a_suspect() -> None:
    lead = "Harbour Radio will close its studio in the old customs house, its board said."
    text = f"{lead}\n\nPitch in what you can to keep Harbour Radio going.\n"
    stripped = judge_text(text, RULES)
    assert stripped.text == text
    assert stripped.removals == ()
    [suspect] = stripped.suspects
    assert suspect.line == 3
    assert "story-names -3 (Radio)" in suspect.reasons


def test_a_service_line_in_the_imperative_is_never_removed() -> None:
    text = (
        "The river will crest at 24 feet on Friday, the weather service said.\n\n"
        "Sign up for the county's emergency text alerts by texting CEDAR to 55511.\n"
    )
    stripped = judge_text(text, RULES)
    assert stripped.text == text
    assert [s.text[:7] for s in stripped.suspects] == ["Sign up"]


def test_a_short_subheading_is_kept_without_a_doubt() -> None:
    text = f"{LEAD}\n\nWhat happens next\n\nConstruction starts in May.\n"
    stripped = judge_text(text, RULES)
    assert (stripped.text, stripped.removals, stripped.suspects) == (text, (), ())


def test_a_link_list_goes_with_its_items() -> None:
    text = (
        f"{LEAD}\n\nMost read\n1. Bus fares rise again\n2. Council votes on budget\n\n"
        "Related stories\n\n- [Bridge to close](https://example.org/bridge)\n\n"
        "- [Pier reopens](https://example.org/pier)\n"
    )
    stripped = judge_text(text, RULES)
    assert stripped.text == f"{LEAD}\n"
    assert [(r.rule, r.line) for r in stripped.removals] == [
        ("link-list", 3),
        ("link-list", 7),
        ("link-list", 9),
        ("link-list", 11),
    ]


def test_the_last_plain_line_after_a_list_before_news_is_a_suspect() -> None:
    text = (
        f"{LEAD}\n\nRelated stories\n\nProtesters gather outside town hall\n\n"
        "What the plan means for schools\n\nTwo schools will be built, the council said.\n"
    )
    stripped = judge_text(text, RULES)
    assert [r.text for r in stripped.removals] == [
        "Related stories",
        "Protesters gather outside town hall",
    ]
    [suspect] = stripped.suspects
    assert suspect.text == "What the plan means for schools"
    assert suspect.reasons[0] == "last line after the link-list heading: an item or a subheading?"


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        (AP_LINE, "The Associated Press"),
        ("© Thomson Reuters 2026", "Reuters"),
        ("© Agence France-Presse", "AFP"),
        (
            "This article is republished from The Conversation under a Creative Commons"
            " license. Read the original article.",
            "The Conversation",
        ),
        (
            "©2026 The Lakeshore Tribune. Visit at lakeshoretribune.example. Distributed by"
            " Tribune Content Agency, LLC.",
            "The Lakeshore Tribune",
        ),
        (
            "This story was produced in partnership with Lakeshore Public Radio.",
            "Lakeshore Public Radio",
        ),
        ("Copyright © 2025 GlobalPost Media Corporation. All Rights Reserved.", ""),
        ("© 2026 The Meridian. All rights reserved", ""),
    ],
)
def test_credit_names_the_wire_agency_or_partner_only(line: str, credit: str) -> None:
    assert credit_of(line) == credit


def test_a_brief_without_source_takes_the_wire_credit_and_records_it() -> None:
    brief = strip_boilerplate(_brief(f"{LEAD}\n\n{AP_LINE}\n"), RULES)
    assert brief.source == "The Associated Press"
    [removal] = brief.removals
    assert (removal.family, removal.credit) == ("copyright", "The Associated Press")


def test_a_brief_with_a_source_keeps_it() -> None:
    brief = strip_boilerplate(_brief(f"{LEAD}\n\n{AP_LINE}\n", source="The Meridian"), RULES)
    assert brief.source == "The Meridian"
    assert [r.credit for r in brief.removals] == [""]


def test_strip_edition_carries_suspects_and_credit() -> None:
    body = f"{LEAD}\n\nPitch in what you can to keep Harbour Radio going.\n\n{AP_LINE}\n"
    edition = Edition(
        (_brief(f"Harbour Radio is closing.\n\n{body}"),), None, None, Path("content")
    )
    [brief] = strip_edition(edition, RULES).briefs
    assert brief.source == "The Associated Press"
    assert [s.line for s in brief.suspects] == [7]


@pytest.mark.slow
def test_the_build_prints_the_credit_and_reports_credit_and_suspects(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    (content / "zz-wire.md").write_text(
        "# Ferry Terminal Approved\n\nHarbour Radio will close its studio, its board said.\n\n"
        f"Pitch in what you can to keep Harbour Radio going.\n\n{AP_LINE}\n",
        "utf-8",
    )
    built = build_fixture(tmp_path / "dist", content, config)
    record = next(b for b in built.bundle.manifest.briefs if b.slug == "zz-wire")
    assert record.source == "The Associated Press"
    assert "Source: The Associated Press" in (built.bundle.path / "email.txt").read_text("utf-8")
    messages = [f.message for f in built.findings if f.brief == "zz-wire"]
    assert messages[0].startswith(
        "kept a paragraph that reads like pasted pitch (score 4: call-to-action +2, "
        "second-person +2, short +1, no-reporting-verb +1, promoted-name +1, story-names -3): "
        "Pitch in what you can"
    )
    assert messages[2].startswith(
        "the brief's source is now 'The Associated Press', the credit of the removed copyright"
    )
    assert {f.severity for f in built.findings if f.brief == "zz-wire"} == {"notice"}
    again = Manifest.read(built.bundle.path)
    assert again.briefs == built.bundle.manifest.briefs


@pytest.mark.slow
def test_the_boilerplate_check_reads_suspects_and_credit_from_a_bundle(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    (content / "zz-wire.md").write_text(
        f"# Ferry Terminal Approved\n\n{LEAD}\n\nPitch in what you can to keep us going.\n\n"
        f"{AP_LINE}\n",
        "utf-8",
    )
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    edition = CheckedEdition.read(bundle, load_settings(config))
    found = [
        (f.line, f.message[:39]) for f in boilerplate_check.run(edition) if f.brief == "zz-wire"
    ]
    assert found == [
        (5, "stripped pasted pitch (judgement, score"),
        (7, "stripped pasted copyright (redistributi"),
        (7, "the brief's source is now 'The Associat"),
    ]
