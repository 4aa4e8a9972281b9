"""The archive in a real headless Chromium, from file://: follow a link, read it on a
phone's width, find a brief with the search box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from publisher.checks.external.tools import CHROMIUM_FLAGS
from tests.archives import ARCHIVED, EDITIONS, Newsroom, newsroom
from tests.browser import chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FLAGS = CHROMIUM_FLAGS
PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 900}
# A word no line can break at: it must wrap, not widen the page.
LONG_WORD = "https://www.example.org/" + "very-long-path-" * 12
MONSOON = "Monsoon Floods Swamp Delta Villages as Relief Boats Race to Reach Stranded Families"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    folder = tmp_path_factory.mktemp("browser")
    built = newsroom(folder, editions=())
    with (built.content / "chip-exports.md").open("a", encoding="utf-8") as brief:
        brief.write(f"\nThe rules are published at {LONG_WORD} in full.\n")
    for edition in EDITIONS:
        built.build(edition)
    built.archive()
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium()  # skips (fails under CI=true) naming `make system-deps` without it
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=list(FLAGS))
        yield launched
        launched.close()


def _open(browser: Browser, address: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.goto(address)
    return page, complaints


def _file(room: Newsroom, relative: str) -> str:
    return (room.site / relative).resolve().as_uri()


def test_a_reader_follows_the_index_to_an_edition(browser: Browser, room: Newsroom) -> None:
    page, complaints = _open(browser, _file(room, "index.html"), WIDE)
    page.get_by_role("link", name="Harbor Wind sets its last foundation").click()
    page.wait_for_load_state()
    assert page.url == _file(room, f"{ARCHIVED[1]}/index.html")
    assert page.locator("h1").inner_text() == "Harbor Wind sets its last foundation"
    page.get_by_role("link", name="Previous edition").click()
    page.wait_for_load_state()
    assert page.url == _file(room, f"{ARCHIVED[2]}/index.html")
    assert complaints == []
    page.close()


@pytest.mark.parametrize(
    "relative", ["index.html", f"{ARCHIVED[0]}/index.html", "months/2026-12.html"]
)
def test_no_page_scrolls_sideways_on_a_phone(
    browser: Browser, room: Newsroom, relative: str
) -> None:
    page, _ = _open(browser, _file(room, relative), PHONE)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == PHONE["width"]
    page.close()


def test_the_long_word_is_there_to_be_wrapped(room: Newsroom) -> None:
    assert LONG_WORD in room.page(f"{ARCHIVED[0]}/index.html")


def test_the_search_box_finds_a_brief_by_a_word_of_its_title(
    browser: Browser, room: Newsroom
) -> None:
    page, complaints = _open(browser, _file(room, "index.html"), PHONE)
    page.get_by_label("Search past editions").fill("monsoon relief")
    results = page.locator("#search-results")
    results.wait_for(state="visible")
    assert page.locator("#editions").is_hidden()
    assert results.locator("li h3 a").all_inner_texts() == [MONSOON] * 3
    assert results.locator(".count").inner_text() == "3 briefs match."
    results.locator("li h3 a").first.click()
    page.wait_for_load_state()
    assert page.url == f"{_file(room, f'{ARCHIVED[0]}/index.html')}#monsoon-floods"
    assert complaints == []
    page.close()


def test_a_search_from_an_edition_page_opens_the_index_with_its_results(
    browser: Browser, room: Newsroom
) -> None:
    page, complaints = _open(browser, _file(room, f"{ARCHIVED[2]}/index.html"), WIDE)
    page.get_by_label("Search past editions").fill("Geneva")
    page.get_by_label("Search past editions").press("Enter")
    page.wait_for_url("**/index.html?q=Geneva")
    page.locator("#search-results").wait_for(state="visible")
    titles = page.locator("#search-results li h3 a").all_inner_texts()
    assert titles[0] == "Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First"
    page.get_by_label("Search past editions").fill("")
    assert page.locator("#editions").is_visible()
    assert complaints == []
    page.close()


def test_a_search_that_finds_nothing_says_so(browser: Browser, room: Newsroom) -> None:
    page, _ = _open(browser, _file(room, "index.html"), WIDE)
    page.get_by_label("Search past editions").fill("zeppelin")
    page.locator("#search-results").wait_for(state="visible")
    assert page.locator("#search-results .count").inner_text() == "No brief matches “zeppelin”."
    page.close()


def test_the_site_works_from_a_copy_in_another_folder(
    browser: Browser, room: Newsroom, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "elsewhere" / "archive"
    shutil.copytree(room.site, copy)
    page, complaints = _open(browser, (copy / "index.html").as_uri(), WIDE)
    page.get_by_label("Search past editions").fill("chip")
    page.locator("#search-results").wait_for(state="visible")
    assert page.locator("#search-results li").count() == 3
    assert complaints == []
    page.close()
