"""The stripper removes pasted website boilerplate and never the article's own text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.boilerplate import RuleSet, judge_text, load_rules, strip_text
from publisher.boilerplate.canonical import canonical_footer
from publisher.boilerplate.judgement import Story, score
from publisher.boilerplate.lists import is_item
from publisher.boilerplate.match import matching_rule, paragraphs
from publisher.boilerplate.normalise import normalise
from publisher.boilerplate.strip import JUDGEMENT
from publisher.config.loader import load_settings
from publisher.content import Removal, load_brief
from publisher.errors import PublisherError
from tests.golden import FIXTURE_CONFIG

# A frozen copy of shared/samples/pasted-brief.txt: a brief pasted from the website.
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "pasted-brief.txt"
RULES: RuleSet = load_rules(load_settings(FIXTURE_CONFIG))
JUDGED = RULES.judgement

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


CORPUS = Path(__file__).resolve().parent / "fixtures" / "boilerplate"
CORPUS_BRIEFS = [
    load_brief(path).body
    for path in sorted(CORPUS.glob("*.md"))
    if not path.name.endswith(".kept.md")
]
# Every paragraph pasted in the corpus, news and furniture alike: realistic material.
CORPUS_PARAGRAPHS = sorted(
    {"\n".join(p.lines) for body in CORPUS_BRIEFS for p in paragraphs(body.replace("\r\n", "\n"))}
)
# Known furniture: every example of every rule that removes a paragraph on its own.
STRICT_EXAMPLES = [e for rule in RULES if not rule.is_tail_only for e in rule.examples]
TAIL_EXAMPLES = [e for rule in RULES if rule.is_tail_only for e in rule.examples]

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
        # A list heading and items: plain headline-like lines and Markdown links.
        "Most read",
        "Related stories\nBus fares rise again\nCouncil votes on budget",
        "- [Bridge to close for repairs](https://example.org/bridge)",
        "Protesters gather outside town hall",
        # Judged: no rule knows them.
        "Pitch in what you can to keep us going. Thank you!",
        "Get ready to pay more for your morning coffee.",
        "What happens next",
    ]
)
parts = st.one_of(
    sentences, boilerplate, st.sampled_from(CORPUS_PARAGRAPHS), st.sampled_from(STRICT_EXAMPLES)
)
briefs = st.lists(parts, min_size=1, max_size=10).map(
    lambda parts: (
        "\n\n".join(
            "\n".join(" ".join(line.split()) or "x" for line in p.split("\n")) for p in parts
        )
        + "\n"
    )
)
any_brief = st.one_of(briefs, st.sampled_from(CORPUS_BRIEFS))


@given(any_brief)
def test_stripping_is_idempotent(text: str) -> None:
    once = judge_text(text, RULES)
    twice = judge_text(once.text, RULES)
    assert twice.text == once.text
    assert twice.removals == ()


def _is_explained(removal: Removal) -> bool:
    """A removal is a rule's match, an item of a list a rule heads, or a judged paragraph
    whose recorded score reached the threshold."""
    if removal.rule == JUDGEMENT:
        return (
            removal.score is not None and removal.score >= JUDGED.remove and bool(removal.reasons)
        )
    rule = next(r for r in RULES if r.name == removal.rule)
    if rule.matches(normalise(removal.text)):
        return True
    words = removal.text.split(" ")
    heads = (" ".join(words[:n]) for n in range(1, len(words)))
    return rule.opens_list and (
        is_item(removal.text) or any(rule.matches(normalise(h)) for h in heads)
    )


@given(any_brief)
def test_only_matched_text_is_removed(text: str) -> None:
    stripped = judge_text(text, RULES)
    assert all(_is_explained(removal) for removal in stripped.removals)
    kept = _news_paragraphs(stripped.text)
    for paragraph in paragraphs(text.replace("\r\n", "\n")):
        line_matches = any(matching_rule(line, RULES) for line in paragraph.lines)
        whole = "\n".join(paragraph.lines)
        could_go = line_matches or matching_rule(whole, RULES) or all(map(is_item, paragraph.lines))
        judged = score(whole, JUDGED, Story())  # against an empty story: the most it can score
        if not could_go and judged.points < JUDGED.remove:
            assert " ".join(paragraph.lines) in kept


@given(any_brief)
def test_every_line_is_either_kept_or_reported_as_removed(text: str) -> None:
    cleaned, removals = strip_text(text, RULES)
    kept_lines = [line.strip() for line in cleaned.split("\n") if line.strip()]
    removed = " ".join(r.text for r in removals)
    for line in (line.strip() for line in text.split("\n") if line.strip()):
        assert line in kept_lines or line in removed


@given(any_brief, st.sampled_from(STRICT_EXAMPLES))
def test_known_furniture_appended_to_any_brief_strips_to_the_same_brief(
    text: str, furniture: str
) -> None:
    appended = text.rstrip("\n") + "\n\n" + furniture + "\n"
    assert strip_text(appended, RULES)[0] == strip_text(text, RULES)[0]


@given(briefs)
def test_canonical_boilerplate_appended_strips_to_the_same_brief(text: str) -> None:
    publication = load_settings(FIXTURE_CONFIG)
    footer = canonical_footer(publication, date(2026, 11, 27))
    appended = (
        "\n\n".join([text.rstrip("\n"), footer.pitch, footer.offer, footer.trial, footer.copyright])
        + "\n"
    )
    assert strip_text(appended, RULES)[0] == strip_text(text, RULES)[0]


@pytest.mark.parametrize(
    ("rule", "example"), [(r.name, e) for r in RULES for e in r.examples], ids=str
)
def test_each_rule_removes_its_examples(rule: str, example: str) -> None:
    is_tail_only = rule in {r.name for r in RULES if r.is_tail_only}
    matched = matching_rule(example, RULES, strict_only=not is_tail_only)
    assert matched is not None and matched.name == rule
    if not is_tail_only:
        cleaned, removals = strip_text(f"The council met on Tuesday.\n\n{example}\n", RULES)
        assert cleaned == "The council met on Tuesday.\n"
        assert [r.rule for r in removals] == [rule]


@pytest.mark.parametrize("example", TAIL_EXAMPLES)
def test_tail_examples_go_after_known_furniture_at_the_end(example: str) -> None:
    text = f"The council met on Tuesday.\n\nCopy link\n\n{example}\n"
    assert strip_text(text, RULES)[0] == "The council met on Tuesday.\n"


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


def test_a_rule_set_remembers_its_own_verdicts_only() -> None:
    """The same text judged by a rule set with one more rule is judged again, not
    answered from the other set's memory."""
    from publisher.boilerplate.rules import rule_set

    text = "The council voted on Tuesday.\n\nPrinted by the Quayside Press.\n"
    plain_rules = rule_set([], ("GlobalPost",))
    own = {"name": "gazette", "family": "label", "pattern": "printed by the quayside press"}
    with_own = rule_set([own], ("GlobalPost",))
    first = judge_text(text, plain_rules)
    assert judge_text(text, plain_rules) is first  # remembered
    assert first.removals == ()
    assert "gazette" in [removal.rule for removal in judge_text(text, with_own).removals]
