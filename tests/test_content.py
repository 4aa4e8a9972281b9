"""The loader: briefs' titles, bodies and order, and every mistake an editor can make in them.

Each brief is written into tmp_path by the test that reads it; the fixture edition is
copied, never edited in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.config.settings import ImagesSection
from publisher.content import Brief, load_brief, load_edition
from publisher.errors import ContentError, ProblemList, PublisherError
from tests.golden import FIXTURE_EDITION

BODY_HINT = "write the brief's text below its title, or remove the file"
EMPTY_HINT = "write a title and the brief's text, or remove the file"
YAML_HINT = "write front matter as `key: value` lines between two --- lines"
ALT_HINT = (
    "describe the image in the brackets: "
    "![a crowd outside the station](https://www.example.org/photo.jpg)"
)
RELATIVE_HINT = (
    "write its full https:// address, or set base_url under [images] in publication.toml "
    "to resolve relative ones"
)
IMAGES = "https://img.example/"


def write_brief(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(error: PublisherError) -> list[PublisherError]:
    return error.problems if isinstance(error, ProblemList) else [error]


def brief_problems(path: Path) -> list[PublisherError]:
    """Every problem load_brief reports for `path`, one or several."""
    with pytest.raises(PublisherError) as caught:
        load_brief(path)
    return problems_of(caught.value)


def brief_problem(path: Path) -> PublisherError:
    """The one problem load_brief reports for `path`; it must be a ContentError."""
    problems = brief_problems(path)
    assert len(problems) == 1, [str(problem) for problem in problems]
    assert isinstance(problems[0], ContentError)
    return problems[0]


def edition_problem(content: Path) -> PublisherError:
    """The one problem load_edition reports for the folder."""
    with pytest.raises(PublisherError) as caught:
        load_edition(content)
    problems = problems_of(caught.value)
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


def misplaced_body_lines(brief: Brief) -> list[tuple[int, str]]:
    """Body lines that are not at `body_line + offset` in the brief's file."""
    file_lines = brief.path.read_text(encoding="utf-8").split("\n")
    misplaced = []
    for offset, line in enumerate(brief.body.split("\n")):
        number = brief.body_line + offset
        if line.strip() and (number > len(file_lines) or file_lines[number - 1] != line):
            misplaced.append((number, line))
    return misplaced


def slugs(content: Path) -> list[str]:
    return [brief.slug for brief in load_edition(content).briefs]


# Titles and bodies


def test_title_comes_from_front_matter(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "wind.md",
        "---\ntitle: Offshore Wind Project Sets Its Last Foundation\nsource: GlobalPost\n---\n"
        "\n# Crews finish early\n\nCrews drove the last foundation on Tuesday.\n",
    )
    assert load_brief(path).title == "Offshore Wind Project Sets Its Last Foundation"


def test_title_comes_from_the_first_heading_without_front_matter_title(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "floods.md", "# Monsoon Floods Swamp Delta Villages\n\nWeeks of rain.\n"
    )
    assert load_brief(path).title == "Monsoon Floods Swamp Delta Villages"


def test_heading_taken_as_title_leaves_the_body(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "floods.md", "# Monsoon Floods Swamp Delta Villages\n\nWeeks of rain.\n"
    )
    assert load_brief(path).body.strip() == "Weeks of rain."


def test_title_comes_from_a_heading_below_a_first_line(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "floods.md", "BOSTON (GlobalPost)\n\n# Delta Floods Worsen\n\nWeeks of rain.\n"
    )
    brief = load_brief(path)
    assert brief.title == "Delta Floods Worsen"
    assert brief.body.split() == ["BOSTON", "(GlobalPost)", "Weeks", "of", "rain."]


def test_title_comes_from_the_first_line_without_heading_or_front_matter(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "talks.md", "Ceasefire Talks in Geneva Stall\n\nTalks stalled again.\n"
    )
    assert load_brief(path).title == "Ceasefire Talks in Geneva Stall"


def test_first_line_taken_as_title_leaves_the_body(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "talks.md", "Ceasefire Talks in Geneva Stall\n\nTalks stalled again.\n"
    )
    assert load_brief(path).body.strip() == "Talks stalled again."


def test_pasted_title_loses_its_trailing_no_break_space(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "talks.md", "Ceasefire Talks in Geneva Stall\u00a0\n\nTalks stalled again.\n"
    )
    assert load_brief(path).title == "Ceasefire Talks in Geneva Stall"


def test_heading_repeating_the_front_matter_title_is_not_repeated_in_the_body(
    tmp_path: Path,
) -> None:
    path = write_brief(
        tmp_path,
        "chips.md",
        "---\ntitle: New Export Rules Ripple Through Factories\n---\n"
        "\n# New Export Rules Ripple Through Factories\n\nThe rules took effect this week.\n",
    )
    assert load_brief(path).body.strip() == "The rules took effect this week."


def test_heading_differing_from_the_front_matter_title_stays_in_the_body(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "chips.md",
        "---\ntitle: New Export Rules Ripple Through Factories\n---\n"
        "\n# What the rules cover\n\nLithography and etching tools.\n",
    )
    assert (
        load_brief(path).body.strip() == "# What the rules cover\n\nLithography and etching tools."
    )


def test_front_matter_source_url_and_order_are_kept(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "wind.md",
        "---\ntitle: Wind\nsource: GlobalPost\nurl: https://www.example.org/wind\norder: 2\n---\n"
        "\nCrews drove the last foundation.\n",
    )
    brief = load_brief(path)
    assert (brief.slug, brief.source, brief.url, brief.order) == (
        "wind",
        "GlobalPost",
        "https://www.example.org/wind",
        2,
    )


def test_body_starts_on_the_line_after_the_front_matter(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "wind.md", "---\ntitle: Wind\n---\n\nCrews drove.\n")
    assert load_brief(path).body_line == 4


def test_body_starts_on_the_line_after_a_pasted_title(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "Talks Stall\n\nTalks stalled again.\n")
    assert load_brief(path).body_line == 2


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("---\ntitle: Wind\n---\n\nCrews drove.\n\nTowers next.\n", id="front-matter"),
        pytest.param("Talks Stall\u00a0\n\n\nTalks stalled.\n\nDonors met.\n", id="first-line"),
        pytest.param("# Floods\n\nWeeks of rain.\n\nBoats bring water.\n", id="heading"),
        pytest.param(
            "\n\n# Floods\n\nWeeks of rain.\n\nBoats bring water.\n", id="heading-after-blank-lines"
        ),
        pytest.param(
            "Delta Floods\n\n# Boats Race to Villages\n\nWeeks of rain.\n\nBoats bring water.\n",
            id="heading-below-a-first-line",
        ),
        pytest.param(
            "---\ntitle: Floods\n---\n\n# Floods\n\nWeeks of rain.\n\nBoats bring water.\n",
            id="heading-repeating-front-matter-title",
        ),
    ],
)
def test_every_body_line_is_at_body_line_plus_its_offset_in_the_file(
    tmp_path: Path, text: str
) -> None:
    brief = load_brief(write_brief(tmp_path, "brief.md", text))
    assert misplaced_body_lines(brief) == []


def test_utf8_byte_order_mark_is_not_part_of_the_title(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "\ufeffTalks Stall\n\nTalks stalled again.\n")
    assert load_brief(path).title == "Talks Stall"


# Order, subject and preheader


def test_fixture_edition_follows_edition_toml_order() -> None:
    assert slugs(FIXTURE_EDITION) == [
        "ceasefire-talks",
        "harbor-wind-farm",
        "monsoon-floods",
        "chip-exports",
    ]


def test_briefs_named_in_edition_toml_come_first_in_its_order(tmp_path: Path) -> None:
    for name in ("a.md", "b.md", "c.md"):
        write_brief(tmp_path, name, f"# {name}\n\nText.\n")
    (tmp_path / "edition.toml").write_text('order = ["c", "a"]\n', encoding="utf-8")
    assert slugs(tmp_path) == ["c", "a", "b"]


def test_edition_toml_order_wins_over_front_matter_order(tmp_path: Path) -> None:
    write_brief(tmp_path, "a.md", "---\ntitle: A\norder: 9\n---\n\nText.\n")
    write_brief(tmp_path, "b.md", "---\ntitle: B\norder: 1\n---\n\nText.\n")
    (tmp_path / "edition.toml").write_text('order = ["a"]\n', encoding="utf-8")
    assert slugs(tmp_path) == ["a", "b"]


def test_edition_toml_order_accepts_file_names_with_md(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        write_brief(tmp_path, name, f"# {name}\n\nText.\n")
    (tmp_path / "edition.toml").write_text('order = ["b.md"]\n', encoding="utf-8")
    assert slugs(tmp_path) == ["b", "a"]


def test_front_matter_order_comes_before_briefs_without_one(tmp_path: Path) -> None:
    write_brief(tmp_path, "a.md", "# A\n\nText.\n")
    write_brief(tmp_path, "b.md", "---\ntitle: B\norder: 2\n---\n\nText.\n")
    write_brief(tmp_path, "c.md", "---\ntitle: C\norder: 1\n---\n\nText.\n")
    assert slugs(tmp_path) == ["c", "b", "a"]


def test_briefs_without_any_order_follow_their_file_names(tmp_path: Path) -> None:
    for name in ("monsoon.md", "chips.md", "talks.md"):
        write_brief(tmp_path, name, f"# {name}\n\nText.\n")
    assert slugs(tmp_path) == ["chips", "monsoon", "talks"]


def test_subject_comes_from_edition_toml() -> None:
    subject = load_edition(FIXTURE_EDITION).subject
    assert subject == "Geneva ceasefire talks stall over who moves first"


def test_preheader_comes_from_edition_toml() -> None:
    assert load_edition(FIXTURE_EDITION).preheader == (
        "Plus: a New England offshore wind milestone, delta floods displace a million, "
        "and chip export curbs bite."
    )


def test_without_edition_toml_subject_and_preheader_are_unset(tmp_path: Path) -> None:
    write_brief(tmp_path, "a.md", "# A\n\nText.\n")
    edition = load_edition(tmp_path)
    assert (edition.subject, edition.preheader) == (None, None)


def test_unknown_names_in_edition_toml_order_are_listed(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        write_brief(tmp_path, name, f"# {name}\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text('order = ["b", "missing", "gone.md"]\n', encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{toml}: order names briefs that are not in {tmp_path}: missing, gone.md"
    assert error.hint == "known briefs: a, b"


# Mistakes in the content folder and in briefs


def test_missing_content_folder(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    error = edition_problem(folder)
    assert str(error) == f"{folder}: content folder not found"
    assert error.hint == "create it and put one Markdown file per brief in it"


def test_content_folder_without_markdown_files(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_text('subject = "Talks stall"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Talks stall.\n", encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{tmp_path}: no briefs found (no *.md files)"
    assert error.hint == "add one Markdown file per brief"


def test_empty_brief(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "")
    error = brief_problem(path)
    assert str(error) == f"{path}: brief is empty"
    assert error.hint == EMPTY_HINT


def test_brief_of_blank_lines_is_empty(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "\n  \n\u00a0\n")
    assert str(brief_problem(path)) == f"{path}: brief is empty"


def test_brief_with_only_a_heading(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "# Talks Stall\n\n")
    error = brief_problem(path)
    assert str(error) == f"{path}: brief has a title but no text"
    assert error.hint == BODY_HINT


def test_brief_with_only_a_front_matter_title(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\ntitle: Talks Stall\n---\n")
    assert str(brief_problem(path)) == f"{path}: brief has a title but no text"


def test_brief_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    text = "Talks Stall\n\nMediators met.\n\n\u201cNobody moves first,\u201d one said.\n"
    path = write_brief(tmp_path, "talks.md", text.encode("cp1252"))
    error = brief_problem(path)
    assert str(error) == f"{path}:5: not valid UTF-8 (byte 0x93)"
    assert error.hint == "save the file as UTF-8"


def test_brief_with_a_bom_that_is_not_utf8_names_the_bad_byte_and_line(tmp_path: Path) -> None:
    text = "Talks Stall\n\nMediators met.\n\n\u201cNobody moves first,\u201d one said.\n"
    path = write_brief(tmp_path, "talks.md", b"\xef\xbb\xbf" + text.encode("cp1252"))
    assert str(brief_problem(path)) == f"{path}:5: not valid UTF-8 (byte 0x93)"


def test_front_matter_not_closed(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\ntitle: Talks Stall\n\nMediators met.\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:1: front matter is not closed"
    assert error.hint == "end it with a line of three dashes: ---"


def test_invalid_yaml_names_its_line_in_the_file(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "talks.md",
        "---\ntitle: Talks Stall\nsource: Reuters: Geneva\n---\n\nMediators met.\n",
    )
    error = brief_problem(path)
    assert (
        str(error)
        == f"{path}:3: front matter is not valid YAML: mapping values are not allowed here"
    )
    assert error.hint == YAML_HINT


def test_unclosed_yaml_bracket_names_its_line_in_the_file(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "talks.md",
        "---\ntitle: Talks Stall\nsource: [GlobalPost\n---\n\nMediators met.\n",
    )
    assert str(brief_problem(path)) == (
        f"{path}:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"
    )


def test_front_matter_that_is_a_list_is_not_a_mapping(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\n- Talks Stall\n- GlobalPost\n---\n\nText.\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:2: front matter must be `key: value` lines"
    assert error.hint == "allowed keys: title, source, url, order"


def test_unknown_front_matter_key_suggests_the_closest(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\ntitle: Talks\nsorce: Reuters\n---\n\nText.\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:3: front matter sorce: unknown key"
    assert error.hint == "did you mean 'source'?"


def test_unknown_front_matter_key_without_close_match_lists_the_keys(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\ntitle: Talks\ncolour: red\n---\n\nText.\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:3: front matter colour: unknown key"
    assert error.hint == "front matter takes: title, source, url, order"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("first", "an integer, got a string"),
        ("1.5", "an integer, got a float"),
        ("true", "an integer, got a boolean"),
    ],
)
def test_front_matter_order_must_be_a_whole_number(tmp_path: Path, value: str, kind: str) -> None:
    path = write_brief(tmp_path, "talks.md", f"---\ntitle: Talks\norder: {value}\n---\n\nText.\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:3: front matter order: expected {kind}"
    assert error.hint == "write it like order: 1 (lower comes first)"


def test_front_matter_title_must_be_text(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "talks.md", "---\ntitle: [Talks, Stall]\n---\n\nText.\n")
    assert (
        str(brief_problem(path)) == f"{path}:2: front matter title: expected a string, got an array"
    )


@pytest.mark.parametrize("url", ["www.example.org/talks", "ftp://example.org/talks"])
def test_front_matter_url_must_be_http_or_https(tmp_path: Path, url: str) -> None:
    path = write_brief(
        tmp_path, "talks.md", f"---\ntitle: Talks\nsource: GlobalPost\nurl: {url}\n---\n\nText.\n"
    )
    error = brief_problem(path)
    assert str(error) == f"{path}:4: front matter url: not a web address: {url!r}"
    assert error.hint == "paste the article's full address, such as https://example.org/story"


def test_every_front_matter_problem_of_a_brief_is_reported(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "talks.md",
        "---\ntitle: Talks\norder: first\nurl: example.org\nsorce: Reuters\n---\n\nText.\n",
    )
    assert [str(problem) for problem in brief_problems(path)] == [
        f"{path}:3: front matter order: expected an integer, got a string",
        f"{path}:4: front matter url: not a web address: 'example.org'",
        f"{path}:5: front matter sorce: unknown key",
    ]


def test_image_without_alt_text(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "floods.md",
        f"---\ntitle: Floods\n---\n\nWeeks of rain.\n\n![]({IMAGES}boats.jpg)\n",
    )
    error = brief_problem(path)
    assert str(error) == f"{path}:7: image has no alt text"
    assert error.hint == ALT_HINT


def test_every_image_without_alt_text_is_reported(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "floods.md",
        f"Floods\n\n![]({IMAGES}boats.jpg)\n\n![Boats on the river]({IMAGES}river.jpg)\n\n"
        f"Text ![ ]({IMAGES}map.png)\n",
    )
    assert [str(problem) for problem in brief_problems(path)] == [
        f"{path}:3: image has no alt text",
        f"{path}:7: image has no alt text",
    ]


def test_image_without_alt_text_below_a_heading_names_its_file_line(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path, "floods.md", f"# Floods\n\nWeeks of rain.\n\n![]({IMAGES}boats.jpg)\n"
    )
    assert str(brief_problem(path)) == f"{path}:5: image has no alt text"


def test_image_without_alt_text_inside_a_paragraph_names_its_own_line(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path,
        "floods.md",
        f"---\ntitle: Floods\n---\n\nWeeks of rain\nswamped the delta.\n![]({IMAGES}boats.jpg)\n",
    )
    assert str(brief_problem(path)) == f"{path}:7: image has no alt text"


def test_image_with_alt_text_is_accepted(tmp_path: Path) -> None:
    markdown = f"![Boats on the river]({IMAGES}boats.jpg)"
    path = write_brief(tmp_path, "floods.md", f"# Floods\n\n{markdown}\n")
    assert load_brief(path).body.strip() == markdown


def test_relative_image_names_its_file_and_line(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "floods.md", "# Floods\n\nWeeks of rain.\n\n![Map](map.png)\n")
    error = brief_problem(path)
    assert str(error) == (
        f"{path}:5: image 'map.png' has a relative address, which no mail client can load"
    )
    assert error.hint == RELATIVE_HINT


@pytest.mark.parametrize("src", ["/images/map.png", "//cdn.example/map.png", "maps/delta.png"])
def test_every_kind_of_relative_image_address_is_refused(tmp_path: Path, src: str) -> None:
    path = write_brief(tmp_path, "floods.md", f"# Floods\n\n![Map]({src})\n")
    assert str(brief_problem(path)) == (
        f"{path}:3: image {src!r} has a relative address, which no mail client can load"
    )


def test_image_without_an_address(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "floods.md", "# Floods\n\n![Map]()\n")
    error = brief_problem(path)
    assert str(error) == f"{path}:3: image has no address"
    assert error.hint == "write the image's full https:// address in the parentheses"


def test_absolute_web_images_are_accepted_without_images_settings(tmp_path: Path) -> None:
    body = "![Map](https://img.example/map.png) ![Boats](http://img.example/boats.jpg)"
    path = write_brief(tmp_path, "floods.md", f"# Floods\n\n{body}\n")
    assert load_brief(path).body.strip() == body


def test_relative_image_is_accepted_with_an_images_base_url(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "floods.md", "# Floods\n\n![Map](map.png)\n")
    images = ImagesSection(base_url="https://img.example/briefs/")
    assert load_brief(path, images).body.strip() == "![Map](map.png)"


def test_relative_image_without_alt_text_gets_both_problems(tmp_path: Path) -> None:
    path = write_brief(tmp_path, "floods.md", "# Floods\n\n![](map.png)\n")
    assert [str(problem) for problem in brief_problems(path)] == [
        f"{path}:3: image has no alt text",
        f"{path}:3: image 'map.png' has a relative address, which no mail client can load",
    ]


def test_relative_images_are_reported_with_the_other_bad_briefs(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_EDITION, tmp_path, dirs_exist_ok=True)
    empty = write_brief(tmp_path, "chip-exports.md", "")
    floods = tmp_path / "monsoon-floods.md"
    floods.write_text(floods.read_text("utf-8") + "\n![Map of the delta](delta.png)\n", "utf-8")
    with pytest.raises(ProblemList) as caught:
        load_edition(tmp_path)
    assert str(caught.value) == "\n".join(
        [
            f"{empty}: brief is empty",
            f"{floods}:15: image 'delta.png' has a relative address, which no mail client can load",
        ]
    )


def test_bad_briefs_are_reported_together_in_file_order(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_EDITION, tmp_path, dirs_exist_ok=True)
    empty = write_brief(tmp_path, "chip-exports.md", "")
    floods = tmp_path / "monsoon-floods.md"
    floods.write_bytes(floods.read_text(encoding="utf-8").encode("cp1252"))
    wind = tmp_path / "harbor-wind-farm.md"
    wind.write_text(wind.read_text(encoding="utf-8").replace("source:", "sorce:"), encoding="utf-8")
    with pytest.raises(ProblemList) as caught:
        load_edition(tmp_path)
    assert str(caught.value) == "\n".join(
        [
            f"{empty}: brief is empty",
            f"{wind}:3: front matter sorce: unknown key",
            f"{floods}:9: not valid UTF-8 (byte 0x93)",
        ]
    )


# Mistakes in edition.toml


def test_edition_toml_that_is_not_valid_toml(tmp_path: Path) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text('order = ["talks"]\nsubject = Talks stall\n', encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{toml}:2: invalid TOML: Invalid value (column 11)"
    assert error.hint == 'text needs quotes, as in name = "GlobalPost"'


def test_edition_toml_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text('subjet = "Talks stall"\n', encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{toml}:1: subjet: unknown key"
    assert error.hint == "did you mean 'subject'?"


def test_edition_toml_unknown_key_without_close_match_lists_the_keys(tmp_path: Path) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text('colour = "red"\n', encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{toml}:1: colour: unknown key"
    assert error.hint == "edition.toml takes: subject, preheader, order"


def test_edition_toml_order_must_be_a_list_of_names(tmp_path: Path) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text('order = "talks"\n', encoding="utf-8")
    assert str(edition_problem(tmp_path)) == (
        f"{toml}:1: order: expected an array of strings, got a string"
    )


def test_edition_toml_subject_must_be_text(tmp_path: Path) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text("subject = 2026\n", encoding="utf-8")
    assert str(edition_problem(tmp_path)) == f"{toml}:1: subject: expected a string, got an integer"


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        (
            'subject = ""',
            "subject: is empty",
            "write the subject, or remove the line to use the lead brief's title",
        ),
        (
            'subject = "   "',
            "subject: is only spaces",
            "write the subject, or remove the line to use the lead brief's title",
        ),
        (
            'preheader = ""',
            "preheader: is empty",
            "write the preheader, or remove the line to list the other briefs' titles",
        ),
    ],
)
def test_edition_toml_subject_or_preheader_written_empty_is_a_mistake(
    tmp_path: Path, line: str, message: str, hint: str
) -> None:
    write_brief(tmp_path, "talks.md", "# Talks\n\nText.\n")
    toml = tmp_path / "edition.toml"
    toml.write_text(f'order = ["talks"]\n{line}\n', encoding="utf-8")
    error = edition_problem(tmp_path)
    assert str(error) == f"{toml}:2: {message}"
    assert error.hint == hint


def test_two_files_with_the_same_slug_are_a_mistake(tmp_path: Path) -> None:
    write_brief(tmp_path, "Wind Farm.md", "# Wind\n\nText.\n")
    clash = write_brief(tmp_path, "wind-farm.md", "# Wind again\n\nText.\n")
    with pytest.raises(ContentError) as raised:
        load_edition(tmp_path)
    assert str(raised.value) == f"{clash}: same brief name as Wind Farm.md (wind-farm)"
    assert raised.value.hint == "rename one of the two files"


# Pieces editors' files are made of, including what pasting and odd editors leave behind.
_BRIEF_PIECES = st.sampled_from(
    [
        "---\n",
        "---\r\n",
        "title: x\n",
        "title: \n",
        "title: [1, 2]\n",
        "title: 2026-12-01\n",
        "title: null\n",
        "title: &x y\n",
        "title: 'open\n",
        "order: 3\n",
        "order: 1e9\n",
        "source: AP\n",
        "url: https://example.org/a\n",
        "url: javascript:alert(1)\n",
        "!!python/object:os.system\n",
        "? key\n",
        ": value\n",
        "- item\n",
        "{}\n",
        "%YAML 1.1\n",
        "# Heading\n",
        "## Sub\n",
        "#\n",
        "Body text.\n",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\ufeff",
        "\x00",
        "\u2028",
        "\x85",
        "![](map.png)\n",
        "![a map](map.png)\n",
        "![a map]()\n",
        "[link](https://example.org)\n",
        "<script>x</script>\n",
        "```\ncode\n",
        "é",
        "日本",
    ]
)


@given(st.lists(_BRIEF_PIECES, max_size=12))
def test_any_brief_file_loads_or_each_problem_names_the_file_and_a_line_of_it(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str]
) -> None:
    text = "".join(pieces)
    path = tmp_path_factory.mktemp("brief") / "brief.md"
    path.write_text(text, encoding="utf-8")
    lines = text.count("\n") + 1
    try:
        brief = load_brief(path)
    except PublisherError as error:
        problems = error.problems if isinstance(error, ProblemList) else [error]
        for problem in problems:
            assert isinstance(problem, ContentError), problem
            assert problem.path == path and problem.message and problem.hint, problem
            assert problem.line is None or 1 <= problem.line <= lines, (problem, text)
    else:
        assert brief.title.strip() and brief.body.strip()
        assert brief.path == path and 1 <= brief.body_line <= lines
