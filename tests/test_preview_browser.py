"""The preview page in a real headless Chromium: frames, views, live reload, build errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from publisher.preview.chromium import open_chromium
from publisher.preview.session import Preview
from tests.browser import chromium
from tests.previews import (
    BROKEN_TEMPLATE,
    MENDED_TEMPLATE,
    Publication,
    copy_publication,
    running_preview,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

WIDE: ViewportSize = {"width": 1600, "height": 1000}
TITLES = [
    "Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First",
    "Offshore Wind Project Off New England Sets Its Last Foundation",
    "Monsoon Floods Swamp Delta Villages as Relief Boats Race to Reach Stranded Families",
    "New Export Rules on Chipmaking Tools Ripple Through Asian Factories",
]
FRAME_TITLES = (
    "f => [...f.contentDocument.querySelectorAll('h2[id]')].map(h => h.textContent.trim())"
)
FRAME_BACKGROUND = "f => getComputedStyle(f.contentDocument.body).backgroundColor"
FRAME_HEADING_COLOUR = "f => getComputedStyle(f.contentDocument.querySelector('h2')).color"
DESKTOP, PHONE = "iframe[data-frame=desktop]", "iframe[data-frame=phone]"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium()  # skips (fails under CI=true) naming `make system-deps` without it
    with open_chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the tests that only look."""
    with running_preview(copy_publication(tmp_path_factory.mktemp("shared"))) as running:
        yield running


def _open(
    browser: Browser, preview: Preview, viewport: ViewportSize = WIDE
) -> tuple[Page, list[str]]:
    """The page, once its event stream is live, and the console's complaints."""
    page = browser.new_page(viewport=viewport)
    complaints: list[str] = []
    page.on(
        "console", lambda m: complaints.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.goto(preview.url)
    page.wait_for_selector("[data-live=live]")
    page.wait_for_function(
        "() => "
        "[...document.querySelectorAll('iframe[data-frame]')].every(f =>"
        " f.contentDocument && f.contentDocument.readyState === 'complete'"
        " && f.contentDocument.querySelector('h2'))"
    )
    return page, complaints


@pytest.fixture
def page(browser: Browser, shared: Preview) -> Iterator[Page]:
    opened, _ = _open(browser, shared)
    yield opened
    opened.close()


def test_the_page_shows_the_inbox_row_and_the_send_time(page: Page) -> None:
    assert page.title() == "GlobalPost · Preview"
    assert page.inner_text(".mailrow-from") == "GlobalPost Daily"
    assert page.inner_text(".mailrow-subject") == (
        "Geneva ceasefire talks stall over who moves first"
    )
    assert page.inner_text(".sendtime-local") == "Friday, November 27, 2026 at 06:00 EST"
    assert page.inner_text(".sendtime-other") == "America/New_York · 11:00 UTC"


def test_both_frames_show_the_email(page: Page) -> None:
    assert page.eval_on_selector(DESKTOP, FRAME_TITLES) == TITLES
    assert page.eval_on_selector(PHONE, FRAME_TITLES) == TITLES
    assert page.is_visible(DESKTOP) and page.is_visible(PHONE)


def test_the_phone_frame_is_375_px_wide_with_no_horizontal_scroll(page: Page) -> None:
    width = page.eval_on_selector(
        PHONE,
        "f => ({frame: f.clientWidth, page: f.contentDocument.documentElement.clientWidth,"
        " scroll: f.contentDocument.documentElement.scrollWidth})",
    )

    assert width == {"frame": 375, "page": 375, "scroll": 375}


def test_the_frames_are_as_tall_as_the_email(page: Page) -> None:
    heights = page.eval_on_selector(
        DESKTOP, "f => [f.clientHeight, f.contentDocument.documentElement.scrollHeight]"
    )

    assert heights[0] == heights[1]


def test_the_text_tab_shows_the_text_part(page: Page, shared: Preview) -> None:
    rendered = shared.snapshot.rendered
    assert rendered is not None

    page.click("[data-set-view=text]")

    assert page.is_visible("pre.plain") and not page.is_visible(DESKTOP)
    assert page.eval_on_selector("pre.plain", "pre => pre.textContent") == rendered.email.text


def test_the_dark_view_shows_the_email_under_its_dark_scheme(page: Page) -> None:
    light = page.eval_on_selector(DESKTOP, FRAME_BACKGROUND)

    page.click("[data-set-view=dark]")
    page.wait_for_function(
        "() => "
        f"getComputedStyle(document.querySelector('{DESKTOP}').contentDocument.body)"
        ".backgroundColor === 'rgb(18, 18, 18)'"
    )

    assert light == "rgb(244, 241, 234)"
    assert page.eval_on_selector(PHONE, FRAME_BACKGROUND) == "rgb(18, 18, 18)"
    assert page.eval_on_selector(DESKTOP, FRAME_HEADING_COLOUR) == "rgb(242, 242, 242)"


def test_the_views_hold_whatever_scheme_the_editors_browser_prefers(page: Page) -> None:
    page.emulate_media(color_scheme="dark")
    light = page.eval_on_selector(DESKTOP, FRAME_BACKGROUND)
    page.click("[data-set-view=dark]")
    page.emulate_media(color_scheme="light")
    page.wait_for_function(
        "() => "
        f"getComputedStyle(document.querySelector('{DESKTOP}').contentDocument.body)"
        ".backgroundColor === 'rgb(18, 18, 18)'"
    )

    assert light == "rgb(244, 241, 234)"


def test_a_finding_links_to_its_brief_in_the_email(page: Page) -> None:
    page.click(".group-notice > summary")
    page.click(".finding a[data-brief=ceasefire-talks]")

    page.wait_for_function(
        "() => "
        f"Math.abs(document.querySelector('{DESKTOP}').getBoundingClientRect().top"
        " + document.querySelector('iframe').contentDocument.getElementById('ceasefire-talks')"
        ".getBoundingClientRect().top - 88) < 2"
    )
    assert page.evaluate("window.scrollY") > 0


def test_on_a_narrow_screen_one_frame_shows_at_a_time(browser: Browser, shared: Preview) -> None:
    page, _ = _open(browser, shared, {"width": 1100, "height": 900})

    shown = [page.is_visible(DESKTOP), page.is_visible(PHONE)]
    page.click("[data-set-device=phone]")

    assert shown == [True, False]
    assert [page.is_visible(DESKTOP), page.is_visible(PHONE)] == [False, True]
    assert page.eval_on_selector(PHONE, FRAME_TITLES) == TITLES
    page.close()


def test_the_page_breaks_no_rule_of_its_security_policy(browser: Browser, shared: Preview) -> None:
    page, complaints = _open(browser, shared)
    page.click("[data-set-view=dark]")
    page.click("[data-set-view=text]")
    page.click("[data-set-view=light]")
    page.close()

    assert complaints == []


@pytest.fixture
def publication(tmp_path: Path) -> Publication:
    return copy_publication(tmp_path / "publication")


@pytest.fixture
def own(publication: Publication) -> Iterator[Preview]:
    with running_preview(publication) as running:
        yield running


def test_saving_a_brief_changes_the_open_page_without_reloading_it(
    browser: Browser, publication: Publication, own: Preview
) -> None:
    page, _ = _open(browser, own)
    page.evaluate("window.sameDocument = true; window.scrollTo(0, 600)")
    scrolled = page.evaluate("window.scrollY")
    brief = publication.brief("monsoon-floods")
    brief.write_text(brief.read_text("utf-8") + "\nLevees held overnight.\n", "utf-8")

    page.wait_for_function(
        "() => "
        "[...document.querySelectorAll('iframe[data-frame]')].every(f =>"
        " f.contentDocument?.body?.textContent.includes('Levees held overnight.'))"
    )

    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("window.scrollY") == scrolled == 600
    modes = "f => [f.contentDocument.compatMode, f.contentDocument.documentElement.lang]"
    assert page.eval_on_selector(PHONE, modes) == ["CSS1Compat", "en-US"]  # not quirks mode
    page.close()


def test_a_broken_template_shows_its_error_and_mending_it_brings_the_email_back(
    browser: Browser, publication: Publication, own: Preview
) -> None:
    page, _ = _open(browser, own)
    template = publication.write_template(BROKEN_TEMPLATE)

    page.wait_for_selector("body[data-failed=true] .problems")

    assert page.inner_text(".problems .where") == f"{template}:2"
    assert page.inner_text(".problems .problem-message") == (
        "template syntax error: unexpected '}', expected ')'"
    )
    assert page.eval_on_selector(DESKTOP, FRAME_TITLES) == TITLES  # the last good email

    template.write_text(MENDED_TEMPLATE, "utf-8")
    page.wait_for_selector("body[data-failed=false]")
    page.wait_for_function(
        "() => "
        f"document.querySelector('{DESKTOP}').contentDocument?.body?.textContent"
        ".includes('Filed by the desk')"
    )

    assert not page.is_visible(".problems")
    page.close()


def test_a_preview_started_on_a_broken_template_shows_the_email_once_mended(
    browser: Browser, publication: Publication
) -> None:
    template = publication.write_template(BROKEN_TEMPLATE)
    with running_preview(publication) as preview:
        page = browser.new_page(viewport=WIDE)
        page.goto(preview.url)
        page.wait_for_selector("[data-live=live]")

        assert page.is_visible(".no-email") and not page.is_visible(DESKTOP)
        assert page.inner_text(".problems .where") == f"{template}:2"

        template.write_text(MENDED_TEMPLATE, "utf-8")
        page.wait_for_selector(f"body[data-has-email=true] {DESKTOP}")
        page.wait_for_function(
            "() => "
            f"document.querySelector('{DESKTOP}').contentDocument?.body?.textContent"
            ".includes('Filed by the desk')"
        )
        page.wait_for_function(
            "() => "
            f"(f => f.clientHeight === f.contentDocument.documentElement.scrollHeight)"
            f"(document.querySelector('{DESKTOP}'))"
        )

        assert page.eval_on_selector(DESKTOP, FRAME_TITLES) == TITLES
        page.close()
