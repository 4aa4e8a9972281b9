"""The default preheader adds to the subject: the other briefs, never the email's first line."""

from __future__ import annotations

import pytest

from publisher.preheader import LONGEST, SHORTEST, cut_to_fit, default_preheader

PUBLICATION = "GlobalPost"
DATELINE = "Friday, November 27, 2026"
LEAD = ["Talks in Geneva stalled again on Tuesday.", "Mediators hope to meet next week."]


def preheader(titles: list[str], paragraphs: list[str] = LEAD) -> str:
    return default_preheader(titles, paragraphs, PUBLICATION, DATELINE)


def test_other_briefs_titles_follow_plus() -> None:
    titles = [
        "Ceasefire Talks Stall",
        "Wind Farm Sets Its Last Foundation",
        "Delta Floods Displace a Million",
        "Chip Export Curbs Bite",
    ]
    assert preheader(titles) == (
        "Plus: Wind Farm Sets Its Last Foundation, Delta Floods Displace a Million "
        "and Chip Export Curbs Bite."
    )


def test_long_titles_are_cut_after_a_whole_word_with_an_ellipsis() -> None:
    titles = [
        "Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First",
        "Offshore Wind Project Off New England Sets Its Last Foundation",
        "Monsoon Floods Swamp Delta Villages as Relief Boats Race to Reach Stranded Families",
        "New Export Rules on Chipmaking Tools Ripple Through Asian Factories",
    ]
    text = preheader(titles)
    assert text == (
        "Plus: Offshore Wind Project Off New England Sets Its Last Foundation, Monsoon Floods "
        "Swamp Delta Villages as…"
    )
    assert len(text) <= LONGEST


def test_a_title_ending_in_a_question_mark_gets_no_extra_full_stop() -> None:
    text = preheader(["Lead", "Who Moves First in Geneva?", "Will the Floods Recede Soon?"])
    assert text == "Plus: Who Moves First in Geneva? and Will the Floods Recede Soon?"


def test_a_short_list_is_padded_with_the_publication() -> None:
    assert preheader(["Ceasefire Talks Stall", "Delta Floods Worsen"]) == (
        "Plus: Delta Floods Worsen. Today in GlobalPost."
    )


def test_a_very_short_list_is_padded_with_the_dateline_too() -> None:
    text = preheader(["Talks Stall", "Floods"])
    assert text == "Plus: Floods. Today in GlobalPost, Friday, November 27, 2026."
    assert len(text) >= SHORTEST


def test_a_single_brief_gives_the_sentences_after_its_first_paragraph() -> None:
    paragraphs = [
        "Talks in Geneva stalled again on Tuesday.",
        "“Nobody moves first,” a mediator said. The two governments failed to agree on the "
        "sequence of a troop withdrawal, which donors had hoped would open the roads.",
    ]
    assert preheader(["Ceasefire Talks Stall"], paragraphs) == (
        "“Nobody moves first,” a mediator said. Today in GlobalPost."
    )


def test_a_single_brief_never_uses_its_first_paragraph_the_email_shows_first() -> None:
    paragraphs = ["Talks in Geneva stalled again on Tuesday. Mediators met.", "Donors met too."]
    text = preheader(["Ceasefire Talks Stall"], paragraphs)
    assert "Talks in Geneva" not in text
    assert text == "Donors met too. Today in GlobalPost, Friday, November 27, 2026."


def test_a_single_brief_of_one_paragraph_names_the_publication_and_date() -> None:
    text = preheader(["Ceasefire Talks Stall"], ["Talks in Geneva stalled again on Tuesday."])
    assert text == "Today in GlobalPost, Friday, November 27, 2026."


def test_a_single_long_sentence_is_cut_to_fit() -> None:
    sentence = " ".join(["word"] * 40) + "."
    text = preheader(["Lead"], ["First.", sentence])
    assert text.endswith("word…") and len(text) <= LONGEST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short enough", "short enough"),
        ("one two three four", "one two…"),
        ("alpha, beta and gamma", "alpha, beta…"),
    ],
)
def test_cut_to_fit_ends_after_a_whole_word(text: str, expected: str) -> None:
    assert cut_to_fit(text, 12) == expected
