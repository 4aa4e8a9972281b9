"""The importer turns a pasted or saved article into a brief that reads as the original."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from publisher.boilerplate import Rule, load_rules
from publisher.config.loader import load_settings
from publisher.content import load_brief
from publisher.errors import PublisherError
from publisher.importer import ImportedBrief, import_article
from publisher.importer.article import Article, brief_text
from publisher.importer.html_markdown import to_markdown
from publisher.importer.plaintext import read_pasted_text
from publisher.render.markdown import markdown_to_html
from tests.test_importer_pages import BRIEFS, PAGES

FIXTURES = Path(__file__).parent / "fixtures"
IMPORTS = FIXTURES / "import"
RULES: tuple[Rule, ...] = load_rules(load_settings(FIXTURES / "publication.toml"))
# A frozen copy of shared/samples/pasted-brief.txt: an article pasted from the website.
SAMPLE = FIXTURES / "pasted-brief.txt"
SAMPLE_TITLE = "Russia Launches Major Strikes on Kyiv Amid Stalled Peace Negotiations"
SAMPLE_NAME = "russia-launches-major-strikes-on-kyiv-amid-stalled-peace-negotiations.md"
# Characters that mean something to Markdown, and spaces a paste brings along.
MARKUP = st.lists(
    st.sampled_from([*"ab1 .)#>-+*_`[]()!&;<>:@\\=~\"'“–", "amp", "http", "\u00a0", "    "]),
    min_size=1,
    max_size=30,
).map("".join)


def _import(source: Path, into: Path) -> ImportedBrief:
    return import_article(source, into, RULES)


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def _paragraphs(markdown: str) -> list[str]:
    return [" ".join(block.split()) for block in markdown.split("\n\n") if block.strip()]


def _visible_text(markdown: str) -> list[str]:
    """The text of each top-level element the Markdown renders to, spaces collapsed."""
    html = BeautifulSoup(markdown_to_html(markdown), "html.parser")
    return [" ".join(element.get_text().split()) for element in html.find_all(recursive=False)]


@pytest.fixture
def sample(tmp_path: Path) -> ImportedBrief:
    return _import(SAMPLE, tmp_path)


# The pasted sample


def test_pasted_sample_is_named_after_its_headline(sample: ImportedBrief) -> None:
    assert (sample.path.name, sample.title) == (SAMPLE_NAME, SAMPLE_TITLE)


def test_pasted_sample_loads_back_with_its_title_and_every_news_paragraph(
    sample: ImportedBrief,
) -> None:
    pasted = _paragraphs(SAMPLE.read_text("utf-8").replace("\u00a0", " "))
    news = pasted[1:-5]  # the headline first, five paragraphs of boilerplate last
    brief = load_brief(sample.path)
    assert (brief.title, _paragraphs(brief.body)) == (SAMPLE_TITLE, news)


def test_pasted_sample_loses_pitch_offer_trial_copyright_and_copy_link(
    sample: ImportedBrief,
) -> None:
    text = sample.path.read_text("utf-8")
    families = [removal.family for removal in sample.removals]
    leftovers = [
        phrase
        for phrase in ("in your inbox", "pay only $46", "free two-week trial", "©", "Copy link")
        if phrase in text
    ]
    assert (families, leftovers) == (["pitch", "offer", "trial", "copyright", "label"], [])


def test_pasted_sample_removals_name_their_lines_in_the_pasted_file(
    sample: ImportedBrief,
) -> None:
    assert [removal.line for removal in sample.removals] == [29, 32, 34, 36, 38]


def test_pasted_sample_keeps_curly_quotes_and_en_dashes(sample: ImportedBrief) -> None:
    text = sample.path.read_text("utf-8")
    assert "“ballistics over the negotiating table”" in text
    assert "at least 23 people – including four children – and" in text
    assert "Ukraine’s air force" in text


def test_pasted_sample_has_no_no_break_spaces_or_trailing_spaces(sample: ImportedBrief) -> None:
    lines = sample.path.read_text("utf-8").split("\n")
    assert [line for line in lines if "\u00a0" in line or line != line.rstrip()] == []


# Pasted text


def test_no_break_spaces_become_one_plain_space_and_go_at_line_ends() -> None:
    article = read_pasted_text("Title\n\n\u00a0Ten\u00a0km,\u00a0\u00a0then  more.\u00a0 \u00a0\n")
    assert article.body == "\nTen km, then more.\n"


def test_credit_line_at_the_end_becomes_the_source(tmp_path: Path) -> None:
    pasted = _write(
        tmp_path, "in.txt", "Port strike ends\n\nThe strike ended.\n\nSource: NBC News\n"
    )
    brief = load_brief(_import(pasted, tmp_path).path)
    assert (brief.source, _paragraphs(brief.body)) == ("NBC News", ["The strike ended."])


def test_via_line_at_the_start_becomes_the_source(tmp_path: Path) -> None:
    pasted = _write(
        tmp_path, "in.txt", "Port strike ends\n\nVia The Meridian\n\nThe strike ended.\n"
    )
    brief = load_brief(_import(pasted, tmp_path).path)
    assert (brief.source, _paragraphs(brief.body)) == ("The Meridian", ["The strike ended."])


def test_sentence_that_starts_with_via_is_not_a_credit() -> None:
    article = read_pasted_text("Title\n\nVia a side door the minister left the building.\n")
    assert (article.source, article.body.strip()) == (
        "",
        "Via a side door the minister left the building.",
    )


def test_pasted_lines_that_look_like_markdown_render_as_pasted(tmp_path: Path) -> None:
    lines = ["1. The fund pays first.", "# of seats: 12", "- a dash", "> 90 per cent", "*Note"]
    text = "Title\n\n" + "\n\n".join([*lines, "snake_case, 2*3*4 and _this_ stay as typed."])
    brief = load_brief(_import(_write(tmp_path, "in.txt", text), tmp_path).path)
    assert _visible_text(brief.body) == [*lines, "snake_case, 2*3*4 and _this_ stay as typed."]


@given(MARKUP)
def test_any_pasted_paragraph_renders_as_the_same_words(pasted: str) -> None:
    words = " ".join(pasted.split())
    body = read_pasted_text(f"Title\n\n{pasted}").body
    assert _visible_text(body) == ([words] if words else [])


@given(st.text(min_size=1))
def test_any_headline_loads_back_unchanged_from_the_front_matter(headline: str) -> None:
    title = read_pasted_text(headline.replace("\n", " ") + "\n\nText.").title
    if not title:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "brief.md", brief_text(Article(title, ""), "Text.\n"))
        assert load_brief(path).title == title


# Saved web pages


# Golden files: after a deliberate change, refresh them with
#   UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_importer.py -k golden
# and review the diff of tests/fixtures/import/*.expected.md before committing it.
@pytest.mark.parametrize("name", BRIEFS)
def test_saved_page_matches_its_golden_brief(name: str, tmp_path: Path) -> None:
    imported = _import(IMPORTS / PAGES[name]["page"], tmp_path)
    golden = IMPORTS / f"{name}.expected.md"
    written = imported.path.read_text("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(written, "utf-8")
    assert (imported.path.name, written) == (PAGES[name]["brief"], golden.read_text("utf-8"))


def test_saved_page_front_matter_loads_back(tmp_path: Path) -> None:
    brief = load_brief(_import(IMPORTS / "port-strike.html", tmp_path).path)
    assert (brief.title, brief.source, brief.url) == (
        "Dockworkers End Strike at Meridian Port After 11 Days",
        "The Meridian",
        "https://www.meridian.example/world/port-strike-ends",
    )


def test_page_without_og_title_or_h1_takes_its_title_without_the_site_name(
    tmp_path: Path,
) -> None:
    page = _write(
        tmp_path,
        "page.html",
        '<title>Ferry fares rise | Harbour Gazette</title><meta name="publisher"'
        ' content="Harbour Gazette"><body><p>Fares rise by 5 per cent.</p></body>',
    )
    assert _import(page, tmp_path).title == "Ferry fares rise"


def test_page_without_a_headline_takes_its_first_sentence_as_the_title(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "page.html",
        "<!DOCTYPE html><html><body><p>Ferry fares rise by 5 per cent in April. The operator"
        " blames fuel.</p></body></html>",
    )
    brief = load_brief(_import(page, tmp_path).path)
    assert (brief.title, _paragraphs(brief.body)) == (
        "Ferry fares rise by 5 per cent in April.",
        ["Ferry fares rise by 5 per cent in April. The operator blames fuel."],
    )


def test_widget_class_wrapped_around_the_whole_story_keeps_the_story() -> None:
    story = "".join(f"<p>Paragraph {n} of the story, long enough to be news.</p>" for n in "123")
    page = BeautifulSoup(
        f'<article><div class="paywall">{story}</div><div class="share">Share</div></article>',
        "html.parser",
    )
    assert _paragraphs(to_markdown(page)) == [
        f"Paragraph {n} of the story, long enough to be news." for n in "123"
    ]


@given(MARKUP, st.sampled_from(["span", "em", "strong", "a"]))
def test_any_page_text_renders_as_the_same_words(text: str, tag: str) -> None:
    words = " ".join(text.split())
    href = ' href="https://example.org/a_(b)"' if tag == "a" else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    page = BeautifulSoup(f"<p>Before <{tag}{href}>{escaped}</{tag}> after</p>", "html.parser")
    markdown = to_markdown(page)
    assert _visible_text(markdown) == [" ".join(f"Before {words} after".split())]


# Errors


def test_existing_brief_is_never_overwritten(tmp_path: Path) -> None:
    existing = _write(tmp_path, SAMPLE_NAME, "An editor's own brief.\n")
    with pytest.raises(PublisherError) as raised:
        _import(SAMPLE, tmp_path)
    assert (str(raised.value), raised.value.hint) == (
        f"{existing}: {SAMPLE_NAME} already exists",
        "move or rename it, or remove it first",
    )
    assert existing.read_text("utf-8") == "An editor's own brief.\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [SAMPLE_NAME]


def test_without_hard_links_the_brief_is_still_written_and_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    written = _import(SAMPLE, tmp_path).path.read_text("utf-8")
    with pytest.raises(PublisherError, match="already exists"):
        _import(SAMPLE, tmp_path)
    assert (tmp_path / SAMPLE_NAME).read_text("utf-8") == written


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", " \n\n", "empty.txt: file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "photo.txt:1: not valid UTF-8 (byte 0x89)"),
        ("latin1.txt", b"Title\n\nCaf\xe9 owners\n", "latin1.txt:3: not valid UTF-8 (byte 0xe9)"),
        (
            "page.html",
            b'<meta charset="windows-1252"><h1>Caf\xe9\x81</h1>',
            "page.html:1: not valid UTF-8 or its declared cp1252 (byte 0xe9)",
        ),
        (
            "page.html",
            "<h1>Headline</h1><nav>Home</nav>",
            "page.html: no article found in the page",
        ),
        ("title.txt", "Only a headline\n", "title.txt: no article text found"),
        (
            "footer.txt",
            "Headline\n\nCopyright © 2025 GlobalPost Media Corporation.\n\nCopy link\n",
            "footer.txt: nothing left once pasted boilerplate is removed",
        ),
    ],
)
def test_unusable_article_is_reported_with_its_file(
    name: str, content: str | bytes, message: str, tmp_path: Path
) -> None:
    source = _write(tmp_path, name, content)
    with pytest.raises(PublisherError) as raised:
        _import(source, tmp_path)
    assert (str(raised.value), raised.value.exit_code) == (f"{tmp_path}/{message}", 2)


def test_missing_article_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PublisherError) as raised:
        _import(tmp_path / "nowhere.txt", tmp_path)
    assert str(raised.value) == f"{tmp_path / 'nowhere.txt'}: file not found"


def test_missing_target_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PublisherError) as raised:
        _import(SAMPLE, tmp_path / "contnet")
    assert (str(raised.value), raised.value.hint) == (
        f"{tmp_path / 'contnet'}: folder not found",
        "create it, or import into another folder",
    )


def test_unreadable_article_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "article.txt"
    folder.mkdir()
    with pytest.raises(PublisherError) as raised:
        _import(folder, tmp_path)
    assert str(raised.value) == f"{folder}: cannot read: Is a directory"


def test_failed_write_is_reported_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    with pytest.raises(PublisherError) as raised:
        _import(SAMPLE, tmp_path)
    assert str(raised.value) == f"{tmp_path / SAMPLE_NAME}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_a_removed_wire_copyright_line_becomes_the_source(tmp_path: Path) -> None:
    """The build takes a wire credit from the copyright line it removes; an imported brief
    no longer holds that line, so the import gives the credit instead."""
    pasted = _write(
        tmp_path,
        "in.txt",
        "Flood wall approved\n\nThe harbour council voted 9-2 on Tuesday, officials said.\n\n"
        "Copyright 2026 The Associated Press. All rights reserved.\n",
    )
    imported = _import(pasted, tmp_path)
    brief = load_brief(imported.path)
    assert brief.source == "The Associated Press"
    assert [(r.rule, r.credit) for r in imported.removals] == [
        ("copyright-line", "The Associated Press")
    ]
    assert "Associated Press" not in brief.body
