"""The web archive: which bundles it takes, its index, its edition pages and their links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from publisher.archive.web import web_fragment
from publisher.record import Manifest
from tests.archives import (
    ARCHIVED,
    BASE_URL,
    SUBSCRIBE_URL,
    UNSUBSCRIBE_URL,
    Newsroom,
    newsroom,
)

pytestmark = pytest.mark.slow
# Mailchimp's *|UNSUB|*, listmonk's and Jinja's {{ }}, SendGrid's [[ ]] and %% %%, Smarty's {$ }.
MERGE_TAGS = re.compile(
    r"\*\|[A-Z_]+\|\*|\{\{|\}\}|%%[A-Za-z_]+%%|\[\[[A-Za-z_]+\]\]|\{\$[a-z_]+\}"
)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    built = newsroom(tmp_path_factory.mktemp("newsroom"))
    # Folders beside the bundles that are not bundles.
    (built.dist / "2026-11-27.screenshots").mkdir()
    (built.dist / "2026-11-27.screenshots" / "600-light.png").write_bytes(b"\x89PNG")
    (built.dist / ".2026-12-03.abc123.partial").mkdir()
    (built.dist / "notes").mkdir()
    built.archive()
    return built


def _tree(room: Newsroom, relative: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(room.page(relative))


def _texts(tree: lxml_html.HtmlElement, path: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in tree.xpath(path)]


def _manifest(room: Newsroom, folder: str) -> Manifest:
    return Manifest.read(room.dist / folder)


def test_the_index_lists_handed_off_editions_newest_first(room: Newsroom) -> None:
    index = _tree(room, "index.html")
    links = index.xpath("//ol[@class='editions']//h3/a/@href")
    assert links == [f"{folder}/index.html" for folder in ARCHIVED]
    subjects = _texts(index, "//ol[@class='editions']//h3/a")
    assert subjects == [_manifest(room, folder).subject for folder in ARCHIVED]


def test_each_index_entry_has_its_date_and_the_lead_briefs_first_sentence(room: Newsroom) -> None:
    index = _tree(room, "index.html")
    assert _texts(index, "//ol[@class='editions']//time") == [
        "Tuesday, December 1, 2026",
        "Tuesday, December 1, 2026",
        "Friday, November 27, 2026",
    ]
    assert _texts(index, "//ol[@class='editions']//p[@class='lead']")[-1] == (
        "Talks in Geneva aimed at ending a months-long border conflict stalled again on Tuesday"
        " after the two governments failed to agree on the sequence of a troop withdrawal,"
        " diplomats familiar with the negotiations said."
    )
    assert _texts(index, "//span[@class='label']") == ["Breaking edition"]


def test_bundles_not_handed_off_and_folders_that_are_no_bundles_stay_out(room: Newsroom) -> None:
    written = sorted(path.name for path in room.site.iterdir() if path.is_dir())
    assert written == sorted([*ARCHIVED, "months"])


def test_the_run_says_what_it_wrote_and_what_it_left_out(tmp_path: Path) -> None:
    fresh = newsroom(tmp_path)
    assert fresh.archive().summary() == (
        f"{fresh.site / 'index.html'}: 3 editions, 3 pages written, 0 unchanged"
        " (1 bundle not handed off yet left out; --all takes it)"
    )
    # The new page, and the page before it, whose next link now leads to it.
    assert fresh.archive(include_all=True).summary() == (
        f"{fresh.site / 'index.html'}: 4 editions, 2 pages written, 2 unchanged"
    )


@pytest.mark.parametrize("folder", ARCHIVED)
def test_an_edition_page_holds_its_bundles_briefs_in_order(room: Newsroom, folder: str) -> None:
    manifest = _manifest(room, folder)
    text = room.page(f"{folder}/index.html")
    page = lxml_html.fromstring(text)
    assert _texts(page, "//h1") == [manifest.subject]
    assert page.xpath("//section[@class='brief']/@id") == [b.slug for b in manifest.briefs]
    assert _texts(page, "//section[@class='brief']/h2") == [b.title for b in manifest.briefs]
    for brief in manifest.briefs:
        assert str(web_fragment(brief.html)) in text


def test_an_edition_page_has_no_preheader_unsubscribe_link_or_merge_tag(room: Newsroom) -> None:
    for page in room.site.rglob("*.html"):
        text = page.read_text("utf-8")
        for folder in ARCHIVED:
            assert _manifest(room, folder).preheader not in text, page
        assert UNSUBSCRIBE_URL not in text, page
        assert "display:none" not in text.replace(" ", ""), page
        assert MERGE_TAGS.search(text) is None, page


def test_no_file_of_the_site_carries_the_emails_campaign_tags(room: Newsroom) -> None:
    assert "utm_" in (room.dist / "2026-12-01" / "email.html").read_text("utf-8")
    tagged = [p for p in room.site.rglob("*") if p.is_file() and "utm_" in p.read_text("utf-8")]
    assert tagged == []


def test_a_brief_link_on_the_page_is_the_one_the_brief_wrote(room: Newsroom) -> None:
    page = _tree(room, "2026-12-01/index.html")
    assert "https://www.example.org/filings/harbor-wind-construction-schedule" in page.xpath(
        "//section[@id='harbor-wind-farm']//a/@href"
    )


def test_web_fragment_untags_links_and_keeps_their_own_query() -> None:
    fragment = (
        '<p><a href="https://a.example/x?id=1&amp;utm_source=gp&amp;utm_content=s#top">x</a>'
        ' and <a href="https://b.example/">y</a></p>'
    )
    assert str(web_fragment(fragment)) == (
        '<p><a href="https://a.example/x?id=1#top">x</a> and <a href="https://b.example/">y</a></p>'
    )


def test_every_page_carries_the_subscribe_call_to_action(room: Newsroom) -> None:
    for page in [*(f"{folder}/index.html" for folder in ARCHIVED), "index.html"]:
        tree = _tree(room, page)
        assert tree.xpath("//aside[@class='subscribe']//a/@href") == [SUBSCRIBE_URL]
        assert _texts(tree, "//aside[@class='subscribe']/p[1]") == [
            "Subscribe today and GlobalPost will be in your inbox the next weekday morning."
        ]


def test_previous_and_next_follow_the_editions_in_time(room: Newsroom) -> None:
    newest, middle, oldest = ARCHIVED
    pager = "//nav[@class='pager']/a[@rel='{}']/@href"
    page = _tree(room, f"{middle}/index.html")
    assert page.xpath(pager.format("prev")) == [f"../{oldest}/index.html"]
    assert page.xpath(pager.format("next")) == [f"../{newest}/index.html"]
    assert _tree(room, f"{oldest}/index.html").xpath(pager.format("prev")) == []
    assert _tree(room, f"{newest}/index.html").xpath(pager.format("next")) == []


def test_every_link_between_pages_is_relative_and_leads_to_a_page(room: Newsroom) -> None:
    for page in room.site.rglob("*.html"):
        tree = lxml_html.fromstring(page.read_text("utf-8"))
        for address in tree.xpath("//a/@href | //link/@href | //script/@src | //form/@action"):
            parts = urlsplit(address)
            if parts.scheme:
                assert parts.scheme == "https", (page, address)
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file(), (page, address)
            if parts.fragment and target.suffix == ".html":
                ids = lxml_html.fromstring(target.read_text("utf-8")).xpath("//@id")
                assert parts.fragment in ids, (page, address)


def test_pages_name_their_web_address_as_canonical(room: Newsroom) -> None:
    page = _tree(room, "2026-12-01-breaking/index.html")
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{BASE_URL}2026-12-01-breaking/"]


def test_month_pages_list_every_edition_of_their_month(room: Newsroom) -> None:
    december = _tree(room, "months/2026-12.html")
    assert december.xpath("//ol[@class='editions']//a/@href") == [
        "../2026-12-01-breaking/index.html",
        "../2026-12-01/index.html",
    ]
    assert december.xpath("//nav[@class='pager']/a[@rel='prev']/@href") == [
        "../months/2026-11.html"
    ]
    index = _tree(room, "index.html")
    assert index.xpath("//nav[@class='months']//a/@href") == [
        "months/2026-12.html",
        "months/2026-11.html",
    ]
    assert _texts(index, "//nav[@class='months']//span[@class='count']") == ["(2)", "(1)"]


def test_an_empty_archive_says_so(tmp_path: Path) -> None:
    empty = newsroom(tmp_path, editions=())
    empty.dist.mkdir()
    assert empty.archive().editions == 0
    assert _texts(_tree(empty, "index.html"), "//p[@class='empty']") == ["No editions yet."]
