"""A saved page's metadata, encoding, article and furniture, one rule at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from publisher.errors import PublisherError
from publisher.importer import import_article
from publisher.importer.encoding import declared_charset, decode_undeclared, language_default
from publisher.importer.story import story_only
from publisher.importer.webpage import read_webpage
from tests.test_importer_pages import visible_text

STORY = (
    "<p>The harbour council voted on Tuesday to build a flood wall along the old quay,"
    " ending a dispute that began after the storm of 2024.</p>"
    "<p>Work starts in the spring and should take two years, the council’s engineer said,"
    " and the quay will stay open to walkers while it lasts.</p>"
    "<p>The national flood fund pays most of the cost; the council borrows the rest over"
    " thirty years, adding about £4 a year to the average bill.</p>"
)
STORY_TEXT = visible_text(
    "The harbour council voted on Tuesday to build a flood wall along the old quay, ending"
    " a dispute that began after the storm of 2024.\n\nWork starts in the spring and should"
    " take two years, the council’s engineer said, and the quay will stay open to walkers"
    " while it lasts.\n\nThe national flood fund pays most of the cost; the council borrows"
    " the rest over thirty years, adding about £4 a year to the average bill."
)


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _text(html: str) -> str:
    return visible_text(read_webpage(html).body)


# Metadata


def test_og_title_wins_over_the_json_ld_headline_and_the_h1() -> None:
    head = (
        '<meta property="og:title" content="Flood wall approved">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Council approves £12m flood wall"}</script>'
    )
    article = read_webpage(_page(head, f"<h1>Wall gets go-ahead</h1>{STORY}"))
    assert article.title == "Flood wall approved"


def test_json_ld_article_gives_headline_site_and_address_when_the_page_has_no_og_tags() -> None:
    head = (
        '<script type="application/ld+json">[{"@type": "BreadcrumbList"},'
        ' {"@type": ["schema:ReportageNewsArticle"], "headline": "Council approves flood wall",'
        ' "publisher": [{"@type": "Organization", "name": "Harbour Gazette"}],'
        ' "mainEntityOfPage": "https://www.harbour.example/flood-wall"}]</script>'
    )
    article = read_webpage(_page(head, f"<h1>Wall approved</h1>{STORY}"))
    assert (article.title, article.source, article.url) == (
        "Council approves flood wall",
        "Harbour Gazette",
        "https://www.harbour.example/flood-wall",
    )


def test_json_ld_that_is_not_json_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    assert read_webpage(_page(head, f"<h1>Flood wall approved</h1>{STORY}")).title == (
        "Flood wall approved"
    )


def test_relative_canonical_link_gives_way_to_an_absolute_og_url() -> None:
    head = (
        '<link rel="canonical" href="/news/flood-wall">'
        '<meta property="og:url" content="https://www.harbour.example/news/flood-wall">'
    )
    article = read_webpage(_page(head, f"<h1>Flood wall approved</h1>{STORY}"))
    assert article.url == "https://www.harbour.example/news/flood-wall"


def test_headline_is_the_h1_that_the_title_repeats_not_the_site_logo() -> None:
    logo = '<header><a href="/"><h1>Harbour Gazette</h1></a></header>'
    body = f"{logo}<div><h1>Wall approved</h1>{STORY}</div>"
    article = read_webpage(_page("<title>Wall approved | Harbour Gazette</title>", body))
    assert article.title == "Wall approved"


def test_site_name_before_the_headline_in_the_title_is_removed() -> None:
    head = (
        "<title>Harbour Gazette: Wall approved</title>"
        '<meta name="publisher" content="Harbour Gazette">'
    )
    assert read_webpage(_page(head, STORY)).title == "Wall approved"


# Encoding


def test_declared_charset_wins_over_the_language_default() -> None:
    raw = '<html lang="ru"><meta charset="koi8-r"><p>Мост открыт</p>'.encode("koi8-r")
    assert declared_charset(raw) == "koi8-r"


def test_undeclared_page_in_its_language_default_is_read_with_it() -> None:
    text = "<html lang='pl'><p>Rada miasta zatwierdziła budowę wału przeciwpowodziowego.</p>"
    assert decode_undeclared(text.encode("iso8859-2")) == text


def test_undeclared_page_without_a_language_is_read_in_its_detected_encoding() -> None:
    text = (
        "<html><head><title>Новый мост</title></head><body><p>В пятницу в Заречье открыли"
        " движение по новому мосту через Оку. Строительство длилось три года и обошлось"
        " областному бюджету в 4,2 млрд рублей.</p></body></html>"
    )
    assert decode_undeclared(text.encode("cp1251")) == text


def test_undeclared_english_page_keeps_its_pound_signs_and_curly_quotes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        _page("<title>Wall approved</title>", STORY.replace("’", "\u2019")).encode("cp1252")
    )
    assert "£4 a year" in visible_text(import_article(page, tmp_path, ()).path.read_text("utf-8"))


# Finding the article


def test_page_that_its_scripts_reveal_once_loaded_is_still_read() -> None:
    body = f'<div id="app" style="visibility: hidden"><h1>Wall approved</h1>{STORY}</div>'
    assert _text(_page("<title>Wall approved</title>", body)) == STORY_TEXT


def test_story_with_the_most_text_wins_over_teaser_articles_before_it() -> None:
    teasers = "".join(
        f'<article><h3><a href="/{n}">Teaser {n}</a></h3><p>A summary.</p></article>'
        for n in range(3)
    )
    body = f"{teasers}<article><h1>Wall approved</h1>{STORY}</article>"
    assert _text(_page("<title>Wall approved</title>", body)) == STORY_TEXT


def test_story_whose_class_names_furniture_is_kept_when_it_holds_the_page() -> None:
    body = f'<article class="discussion-paper"><h1>Wall approved</h1>{STORY}</article>'
    assert _text(_page("<title>Wall approved</title>", body)) == STORY_TEXT


def test_date_in_a_sentence_is_kept_though_its_class_names_a_date() -> None:
    sentence = '<p>The vote is on <span class="date">Monday 3 March</span>, the clerk said.</p>'
    text = _text(_page("<title>Wall approved</title>", STORY + sentence))
    assert text.endswith("The vote is on Monday 3 March, the clerk said.")


def test_page_of_links_without_an_article_is_an_error(tmp_path: Path) -> None:
    links = "".join(
        f'<li><a href="/news/{n}">Story number {n} of the day</a></li>' for n in range(9)
    )
    page = tmp_path / "index.html"
    page.write_text(_page("<title>News</title>", f"<h1>News</h1><ul>{links}</ul>"), "utf-8")
    with pytest.raises(PublisherError) as raised:
        import_article(page, tmp_path, ())
    assert str(raised.value) == f"{page}: no article found in the page"


# Lines that are not the story's


@pytest.mark.parametrize(
    "line",
    [
        "<p>Published 25 November 2026, 8:00 GMT</p>",
        "<p>Updated 2 hours ago</p>",
        "<p>By Ana Ribeiro, health reporter</p>",
        "<p>* * *</p>",
        '<p><a href="/news">Back to news</a> | <a href="/print">Print this page</a></p>',
    ],
)
def test_date_byline_separator_and_link_lines_are_left_out(line: str) -> None:
    assert _text(_page("<title>Wall approved</title>", line + STORY)) == STORY_TEXT


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the council had agreed to a second survey.",
        "The wall will open on 25 November 2028.",
    ],
)
def test_sentences_like_those_lines_stay(line: str) -> None:
    assert _text(_page("<title>Wall approved</title>", f"{STORY}<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        ('<a href="https://www.harbour.example/more">More on the flood wall</a>', False),
        ('<a href="javascript:print()">Print</a> | <a href="/">Home</a>', False),
        ('<a href="#notes">Notes and sources</a>', True),
        (
            '<a href="/report">The full engineering report, published on Tuesday, runs to 240'
            " pages and sets out three options for the quay and the harbour wall.</a>",
            True,
        ),
        ('Read <a href="/report">the engineers’ report</a>.', True),
    ],
)
def test_only_a_short_line_of_links_to_other_pages_is_left_out(paragraph: str, kept: bool) -> None:
    article = BeautifulSoup(f"<div>{STORY}<p>{paragraph}</p></div>", "html.parser").div
    assert isinstance(article, Tag)
    assert (len(story_only(article, "Wall approved").find_all("p")) == 4) == kept


def test_meta_property_naming_several_keys_gives_each_of_them() -> None:
    head = '<meta property="twitter:title og:title" content="Flood wall approved">'
    assert read_webpage(_page(head, f"<h1>Wall</h1>{STORY}")).title == "Flood wall approved"


def test_page_without_a_headline_takes_its_first_heading_out_of_the_body() -> None:
    article = read_webpage(_page("", f"<h2>Flood wall approved</h2>{STORY}"))
    assert (article.title, visible_text(article.body)) == ("Flood wall approved", STORY_TEXT)


def test_headline_made_of_a_long_first_sentence_is_cut_after_a_whole_word() -> None:
    sentence = (
        "The harbour council voted on Tuesday night, after a debate that lasted almost four"
        " hours and saw two amendments defeated, to build a flood wall along the old quay."
    )
    article = read_webpage(_page("", f"<p>{sentence}</p>{STORY}"))
    assert article.title == (
        "The harbour council voted on Tuesday night, after a debate that lasted almost four"
        " hours and saw two…"
    )


@pytest.mark.parametrize(
    ("opening", "codec"),
    [('<html lang="zh-TW">', "big5"), ('<html lang="zh-CN">', "gb18030"), ("<html>", None)],
)
def test_language_names_the_encoding_browsers_assume(opening: str, codec: str | None) -> None:
    assert language_default(opening.encode("ascii")) == codec
