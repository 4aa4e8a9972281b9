"""The email in a real browser: standards mode, one column at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.browser import probe, probe_in_frame
from tests.builds import build_fixture
from tests.contrast import contrast_ratio, luminance, parse_rgb

pytestmark = pytest.mark.browser

COMPAT_MODE = (
    'document.documentElement.setAttribute("data-probe", JSON.stringify(document.compatMode))'
)
LAYOUT = (
    "{scroll: d.documentElement.scrollWidth,"
    " column: Math.round(d.querySelector('div[style*=\"max-width:600px\"]')"
    ".getBoundingClientRect().width),"
    ' briefs: [...d.querySelectorAll("td.brief-section")].map(td =>'
    " Math.round(td.getBoundingClientRect().width)),"
    ' font: getComputedStyle(d.querySelector("div.brief")).fontSize,'
    ' padding: getComputedStyle(d.querySelector("td.brief-section")).paddingLeft}'
)


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    bundle = build_fixture(tmp_path_factory.mktemp("dist")).bundle.path
    return (bundle / "email.html").read_text("utf-8")


# Every visible element holding text: its colour and the first opaque background behind it.
TEXT_COLOURS = (
    "document.documentElement.setAttribute('data-probe', JSON.stringify((() => {"
    " const behind = e => { for (; e; e = e.parentElement) {"
    "  const c = getComputedStyle(e).backgroundColor;"
    "  if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }"
    "  return 'rgb(255, 255, 255)'; };"
    " const texts = [...document.body.querySelectorAll('*')].filter(e =>"
    "  e.getClientRects().length && [...e.childNodes].some(n =>"
    "   n.nodeType === 3 && n.textContent.trim()));"
    " return {page: behind(document.body), texts: texts.map(e =>"
    "  [e.textContent.trim().slice(0, 40), getComputedStyle(e).color, behind(e)])};"
    "})()))"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_all_text_is_readable_in_light_and_dark_mode(html: str, scheme: str) -> None:
    seen = probe(html, TEXT_COLOURS, color_scheme=scheme)
    assert len(seen["texts"]) > 20
    low = [
        (text, colour, background, round(contrast_ratio(colour, background), 2))
        for text, colour, background in seen["texts"]
        if contrast_ratio(colour, background) < 4.5
    ]
    assert low == []
    page_is_dark = luminance(parse_rgb(seen["page"])) < 0.05
    assert page_is_dark == (scheme == "dark")


def test_email_renders_in_standards_mode(html: str) -> None:
    assert probe(html, COMPAT_MODE) == "CSS1Compat"


def test_phone_width_gets_one_full_width_column_without_sideways_scrolling(html: str) -> None:
    layout = probe_in_frame(html, 320, LAYOUT)
    assert layout["scroll"] == 320
    assert layout["column"] == 320
    assert layout["briefs"] == [320, 320, 320, 320]
    assert layout["font"] == "16px"
    assert layout["padding"] == "16px"


def test_desktop_width_gets_a_600px_column(html: str) -> None:
    layout = probe_in_frame(html, 1000, LAYOUT)
    assert layout["column"] == 600
    assert layout["briefs"] == [600, 600, 600, 600]
    assert layout["font"] == "17px"
    assert layout["padding"] == "28px"


def test_600px_window_fits_the_column_exactly(html: str) -> None:
    layout = probe_in_frame(html, 600, LAYOUT)
    assert layout["scroll"] == 600
    assert layout["column"] == 600


def test_email_without_its_doctype_would_render_in_quirks_mode(html: str) -> None:
    # What premailer does to MJML's doctype if it is not uppercased first.
    without = html.replace("<!DOCTYPE html>", "", 1)
    assert probe(without, COMPAT_MODE) == "BackCompat"
