"""The stripper removes pasted website boilerplate and never the article's own text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.boilerplate import Rule, load_rules, strip_text
from publisher.boilerplate.canonical import canonical_footer
from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.strip import matching_rule, paragraphs
from publisher.config.loader import load_settings
from publisher.errors import PublisherError
from tests.golden import FIXTURE_CONFIG

# A frozen copy of shared/samples/pasted-brief.txt: a brief pasted from the website.
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "pasted-brief.txt"
RULES: tuple[Rule, ...] = load_rules(load_settings(FIXTURE_CONFIG))

NEWS = [
    "Netflix raised its subscription price to $17.99 a month on Tuesday.",
    "The author filed a copyright lawsuit against the publisher in federal court.",
    "Donors said their subscriptions to the fund would be paid in two installments.",
    "The app offers a free two-week trial, regulators said, which critics call a trap.",
    "Readers shared the article widely, and the ministry asked platforms to remove it.",
    "The advertisement ran in three newspapers before the regulator ordered it pulled.",
]


def _news_paragraphs(text: str) -> list[str]:
    return [" ".join(p.lines) for p in paragraphs(text)]


def test_sample_loses_pitch_offer_trial_copyright_and_copy_link_only() -> None:
    text = SAMPLE.read_text("utf-8")
    cleaned, removals = strip_text(text, RULES)
    assert [r.family for r in removals] == ["pitch", "offer", "trial", "copyright", "label"]
    original = _news_paragraphs(text)
    kept = _news_paragraphs(cleaned)
    assert kept == original[: len(original) - 5]
    assert "Ukrainian President Volodymyr Zelenskyy condemned the assault" in cleaned


@pytest.mark.parametrize("paragraph", NEWS)
def test_news_about_subscriptions_prices_and_copyright_is_kept(paragraph: str) -> None:
    cleaned, removals = strip_text(f"Lead paragraph.\n\n{paragraph}\n", RULES)
    assert removals == ()
    assert paragraph in cleaned


def test_boilerplate_with_markdown_emphasis_and_curly_quotes_is_removed() -> None:
    text = (
        "News.\n\n**Subscribe today** and _GlobalPost_ will be in your inbox the next weekday"
        " morning.\n\n*Copyright © 2026 GlobalPost Media Corporation. All rights reserved.*\n"
    )
    cleaned, removals = strip_text(text, RULES)
    assert cleaned == "News.\n"
    assert [r.family for r in removals] == ["pitch", "copyright"]


def test_a_label_line_inside_a_paragraph_is_removed_alone() -> None:
    cleaned, removals = strip_text("The vote passed.\nCopy link\n", RULES)
    assert cleaned == "The vote passed.\n"
    assert [(r.rule, r.line) for r in removals] == [("share-label", 2)]


def test_removal_lines_count_from_the_first_body_line() -> None:
    _, removals = strip_text("News.\n\nCopy link\n", RULES, first_line=7)
    assert [r.line for r in removals] == [9]


def test_normalise_drops_markdown_backslash_escapes() -> None:
    assert normalise(r"\*Copyright © 2025 GlobalPost\* \#1") == "copyright © 2025 globalpost #1"


def test_normalise_folds_quotes_spaces_case_and_markdown() -> None:
    assert normalise("  **It’s**\u00a0[Free](https://x)  “Trial” ") == 'it\'s free "trial"'


sentences = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() != "")
boilerplate = st.sampled_from(
    [
        "Subscribe today and GlobalPost will be in your inbox the next weekday morning",
        "Join us today and pay only $46 for an annual subscription.",
        "And you get a free two-week trial with no obligation to continue.",
        "Copyright © 2025 GlobalPost Media Corporation. All Rights Reserved.",
        "Copy link",
        "Advertisement",
        "Read more: Floods swamp delta villages",
        # Tail-only: removed only in the trailing run of boilerplate.
        "It’s by far the best investment you can make to expand your knowledge of the world.",
        "GlobalPost readers get our newsletter first.",
        "News line.\nCopy link",
    ]
)
briefs = st.lists(st.one_of(sentences, boilerplate), min_size=1, max_size=10).map(
    lambda parts: (
        "\n\n".join(
            "\n".join(" ".join(line.split()) or "x" for line in p.split("\n")) for p in parts
        )
        + "\n"
    )
)


@given(briefs)
def test_stripping_is_idempotent(text: str) -> None:
    once, _ = strip_text(text, RULES)
    twice, removals = strip_text(once, RULES)
    assert twice == once
    assert removals == ()


@given(briefs)
def test_only_paragraphs_a_rule_matches_are_removed(text: str) -> None:
    cleaned, removals = strip_text(text, RULES)
    kept = _news_paragraphs(cleaned)
    for paragraph in paragraphs(text):
        has_match = matching_rule("\n".join(paragraph.lines), RULES) is not None or any(
            matching_rule(line, RULES) is not None for line in paragraph.lines
        )
        if not has_match:
            assert " ".join(paragraph.lines) in kept
    assert all(matching_rule(r.text, RULES) is not None for r in removals)


@given(briefs)
def test_every_line_is_either_kept_or_reported_as_removed(text: str) -> None:
    cleaned, removals = strip_text(text, RULES)
    kept_lines = [line.strip() for line in cleaned.split("\n") if line.strip()]
    removed = " ".join(r.text for r in removals)
    for line in (line.strip() for line in text.split("\n") if line.strip()):
        assert line in kept_lines or line in removed


@given(briefs)
def test_canonical_boilerplate_appended_strips_to_the_same_brief(text: str) -> None:
    publication = load_settings(FIXTURE_CONFIG)
    footer = canonical_footer(publication, date(2026, 11, 27))
    appended = (
        "\n\n".join([text.rstrip("\n"), footer.pitch, footer.offer, footer.trial, footer.copyright])
        + "\n"
    )
    assert strip_text(appended, RULES)[0] == strip_text(text, RULES)[0]


def _publication_with(tmp_path: Path, extra: str) -> Path:
    config = tmp_path / "publication.toml"
    config.write_text(FIXTURE_CONFIG.read_text("utf-8") + extra, "utf-8")
    return config


def test_publication_can_add_its_own_rules(tmp_path: Path) -> None:
    config = _publication_with(
        tmp_path,
        '\n[[boilerplate.rules]]\nname = "podcast-plug"\nfamily = "pitch"\n'
        "pattern = 'listen to the {publication} podcast.*'\n",
    )
    rules = load_rules(load_settings(config))
    cleaned, removals = strip_text("News.\n\nListen to the *Global Post* podcast now!\n", rules)
    assert cleaned == "News.\n"
    assert [(r.rule, r.family) for r in removals] == [("podcast-plug", "pitch")]


def test_own_rule_with_unknown_family_or_bad_pattern_is_a_config_error(tmp_path: Path) -> None:
    config = _publication_with(
        tmp_path,
        '\n[[boilerplate.rules]]\nname = "x"\nfamily = "promo"\npattern = "(unclosed"\n',
    )
    with pytest.raises(PublisherError) as raised:
        load_settings(config)
    start = len(FIXTURE_CONFIG.read_text("utf-8").split("\n")) + 1  # the [[...]] line
    assert str(raised.value).split("\n") == [
        f"{config}:{start + 2}: boilerplate.rules[1].family: unknown boilerplate family 'promo'",
        f"{config}:{start + 3}: boilerplate.rules[1].pattern: not a valid regular expression: "
        "missing ), unterminated subpattern at position 0",
    ]


def test_tail_only_rule_needs_a_strict_match_before_it_at_the_end() -> None:
    investment = "It’s by far the best investment you can make to expand your knowledge."
    alone = f"News.\n\n{investment}\n"
    assert strip_text(alone, RULES)[0] == alone
    trailing = f"News.\n\nCopy link\n\n{investment}\n"
    assert strip_text(trailing, RULES)[0] == "News.\n"


def test_news_between_trailing_boilerplate_paragraphs_is_kept() -> None:
    text = (
        "Lead.\n\nSubscribe today and GlobalPost will be in your inbox the next weekday morning"
        "\n\nThe fund's donors pay $46 million in two installments.\n\nCopy link\n"
    )
    cleaned, removals = strip_text(text, RULES)
    assert cleaned == "Lead.\n\nThe fund's donors pay $46 million in two installments.\n"
    assert [r.family for r in removals] == ["pitch", "label"]


def test_advertisement_mid_brief_is_removed() -> None:
    text = "First.\n\nADVERTISEMENT\n\nSecond.\n\n*Story continues below advertisement*\n\nThird.\n"
    cleaned, removals = strip_text(text, RULES)
    assert cleaned == "First.\n\nSecond.\n\nThird.\n"
    assert [r.family for r in removals] == ["advertisement", "advertisement"]


def test_error_in_the_second_own_rule_names_its_own_line(tmp_path: Path) -> None:
    rule = '\n[[boilerplate.rules]]\nname = "{name}"\nfamily = "{family}"\npattern = "x"\n'
    config = _publication_with(
        tmp_path, rule.format(name="a", family="pitch") + rule.format(name="b", family="promo")
    )
    with pytest.raises(PublisherError) as raised:
        load_settings(config)
    line = config.read_text("utf-8").split("\n").index('family = "promo"') + 1
    assert str(raised.value) == (
        f"{config}:{line}: boilerplate.rules[2].family: unknown boilerplate family 'promo'"
    )
