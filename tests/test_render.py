"""Email-grade HTML and text: what mail clients, spam filters and screen readers need."""

from __future__ import annotations

import email
import json
import re
from datetime import date
from email.policy import SMTP
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup

from publisher.dates import dateline
from publisher.errors import PublisherError, RenderError, TemplateError
from publisher.render.compact import compact_html
from publisher.render.inline import inline_css
from publisher.render.markdown import markdown_to_html
from publisher.render.mjml import mjml_to_html
from publisher.render.template import EDITION_TEXT, render_template, template_environment
from publisher.render.text import markdown_to_text, plain_paragraphs
from tests.builds import build_fixture, copy_fixture_edition
from tests.contrast import contrast_ratio
from tests.golden import FIXTURE_CONFIG

GMAIL_CLIP_BYTES = 102 * 1024
TAGS = "utm_source=globalpost-daily&utm_medium=email&utm_campaign=daily-2026-11-27"
FILING = "https://www.example.org/filings/harbor-wind-construction-schedule"
LONE_URL = re.compile(r"\(?https?://\S+?\)?[.,;:!?]*")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("dist")).bundle.path


@pytest.fixture(scope="module")
def html(bundle: Path) -> str:
    return (bundle / "email.html").read_text("utf-8")


@pytest.fixture(scope="module")
def text(bundle: Path) -> str:
    return (bundle / "email.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_html_stays_under_gmail_clipping_limit(html: str) -> None:
    # Well under: a 20-brief edition is about four times the sample's size.
    assert len(html.encode("utf-8")) < GMAIL_CLIP_BYTES / 3


def test_html_starts_with_uppercase_doctype(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")


def test_html_parses_in_standards_mode(html: str) -> None:
    parser = html5lib.HTMLParser()
    parser.parse(html)
    assert parser.compatMode == "no quirks"


def test_lowercase_doctype_survives_inlining() -> None:
    inlined = inline_css("<!doctype html><html><head></head><body><p>x</p></body></html>")
    assert inlined.startswith("<!DOCTYPE html>")


def test_html_declares_the_publication_language(soup: BeautifulSoup, html: str) -> None:
    assert soup.html is not None and soup.html["lang"] == "en-US"
    assert 'lang="und"' not in html


def test_preheader_is_the_first_thing_in_the_body_and_hidden_without_colour(
    soup: BeautifulSoup,
) -> None:
    preheader = soup.select_one("div.preheader")
    assert preheader is not None
    assert preheader.get_text() == (
        "Plus: a New England offshore wind milestone, delta floods displace a million, "
        "and chip export curbs bite."
    )
    assert soup.body is not None
    first_text = next(s for s in soup.body.strings if s.strip())
    assert first_text == preheader.get_text()
    style = str(preheader["style"])
    assert "display:none" in style and "color" not in style and "font-size" not in style


def test_html_declares_light_and_dark_colour_schemes(soup: BeautifulSoup, html: str) -> None:
    assert soup.head is not None
    metas = {str(meta.get("name")): meta.get("content") for meta in soup.head.find_all("meta")}
    assert metas["color-scheme"] == "light dark"
    assert metas["supported-color-schemes"] == "light dark"
    assert ":root { color-scheme: light dark;" in html


def _dark_rules(html: str) -> dict[str, dict[str, str]]:
    """selector -> {property: value} of the email's prefers-color-scheme: dark block."""
    start = html.index("{", html.index("@media (prefers-color-scheme: dark)")) + 1
    block = html[start : html.index("</style>", start)]
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
        declarations = dict(
            (name.strip(), value.replace("!important", "").strip())
            for name, _, value in (part.partition(":") for part in body.split(";") if part.strip())
        )
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(declarations)
    return rules


def test_dark_mode_gives_readable_light_text_on_dark_backgrounds(html: str) -> None:
    rules = _dark_rules(html)
    page = rules["body"]["background-color"]
    brief = rules[".briefs"]["background-color"]
    assert rules[".email-body"]["background-color"] == page
    on_brief = [".brief-section div", ".brief li", ".brief a", ".brief blockquote"]
    on_brief += [".brief-section h2", ".brief-source", ".brief-source a"]
    on_page = [".masthead div", ".masthead a", ".dateline div", ".footer div", ".footer a"]
    ratios = {selector: contrast_ratio(rules[selector]["color"], brief) for selector in on_brief}
    ratios |= {selector: contrast_ratio(rules[selector]["color"], page) for selector in on_page}
    assert {selector: ratio for selector, ratio in ratios.items() if ratio < 4.5} == {}
    assert contrast_ratio(page, "#000000") < 1.5 and contrast_ratio(brief, "#000000") < 1.7


def test_dark_mode_overrides_the_inlined_light_colours(html: str) -> None:
    start = html.index("{", html.index("@media (prefers-color-scheme: dark)"))
    block = html[start : html.index("</style>", start)]
    declarations = [d for d in re.findall(r"[\w-]+\s*:\s*[^;{}]+", block) if "color" in d]
    assert declarations and all("!important" in d for d in declarations)


def test_every_layout_table_is_presentational(soup: BeautifulSoup, html: str) -> None:
    tables = soup.find_all("table")
    assert tables
    assert all(table.get("role") == "presentation" for table in tables)
    # Outlook-only tables sit inside conditional comments that parsers skip.
    conditional = re.findall(r"<table[^>]*>", html)
    assert all('role="presentation"' in tag for tag in conditional)


def test_no_web_font_or_other_external_stylesheet(html: str) -> None:
    assert "fonts.googleapis" not in html
    assert "<link" not in html


def test_what_every_brief_repeats_is_styled_from_the_head_not_on_each_element(
    soup: BeautifulSoup,
) -> None:
    link = soup.find("a", href=f"{FILING}?{TAGS}&utm_content=harbor-wind-farm")
    assert link is not None and not link.has_attr("style")
    repeated = soup.select(".brief-section h2, .brief p, .brief ul, .brief li, .brief a")
    assert len(repeated) > 30 and [tag for tag in repeated if tag.has_attr("style")] == []
    head = " ".join(style.get_text() for style in soup.select("head style"))
    assert ".brief a { color: #0b57d0; text-decoration: underline; }" in head
    assert ".brief p { margin: 0 0 16px 0; }" in head


def test_mjml_cells_and_the_brief_rule_stay_inlined_and_media_queries_keep_important(
    soup: BeautifulSoup, html: str
) -> None:
    cells = soup.select("td.brief-section")
    assert len(cells) == 4
    assert all("border-bottom:1px solid #e6e0d3" in str(td["style"]) for td in cells)
    texts = soup.select("td.brief-section > div")
    assert len(texts) == 4 and all("font-family:Georgia" in str(div["style"]) for div in texts)
    assert "@media only screen and (max-width: 480px)" in html
    assert "font-size: 21px !important" in html


def test_all_the_briefs_share_one_section_and_column(soup: BeautifulSoup) -> None:
    [section] = soup.select("div.briefs")
    assert len(section.select("td.brief-section")) == 4
    assert len(section.select("div.mj-column-per-100")) == 1


@pytest.mark.slow
def test_a_20_brief_edition_stays_under_60_kb(tmp_path: Path) -> None:
    """The size check's measure (the HTML part as sent, CRLF line ends), at 20 briefs."""
    from bench.editions import write_large_edition

    content = write_large_edition(tmp_path / "content")
    bundle = build_fixture(tmp_path / "dist", content, FIXTURE_CONFIG).bundle.path
    message = email.message_from_bytes((bundle / "email.eml").read_bytes(), policy=SMTP)
    part = message.get_body(("html",))
    assert part is not None
    assert len(str(part.get_content()).encode("utf-8")) <= 60 * 1024


def test_pasted_boilerplate_is_gone_and_canonical_appears_once_with_send_year(
    html: str, text: str
) -> None:
    for part in (BeautifulSoup(html, "html.parser").get_text(" "), text):
        flat = " ".join(part.split())
        assert flat.count("Subscribe today and GlobalPost will be in your inbox") == 1
        assert flat.count("Join us today and pay only $46") == 1
        assert flat.count("free two-week trial") == 1
        assert flat.count("Copyright © 2026 GlobalPost Media Corporation") == 1
        assert "Copyright © 2025" not in flat
        assert "Copy link" not in flat


def test_canonical_boilerplate_follows_the_briefs(text: str) -> None:
    last_brief = text.index("New Export Rules on Chipmaking Tools")
    assert text.index("Subscribe today and GlobalPost") > last_brief
    assert text.index("Copyright © 2026") > text.index("Subscribe today and GlobalPost")


def test_copyright_year_is_the_send_dates_year(tmp_path: Path) -> None:
    built = build_fixture(tmp_path, now="2026-12-31T12:00:00-05:00")
    assert built.send_at.isoformat() == "2027-01-04T06:00:00-05:00"
    text = (built.bundle.path / "email.txt").read_text("utf-8")
    assert "Copyright © 2027 GlobalPost Media Corporation. All Rights Reserved." in text
    assert "Copyright © 2026" not in text


def test_footer_has_postal_address_and_unsubscribe_link(soup: BeautifulSoup, text: str) -> None:
    address = "GlobalPost Media Corporation, 10 Post Office Square, Boston, MA 02109, USA"
    assert address in soup.get_text()
    assert soup.find("a", href="https://www.globalpost.example/unsubscribe") is not None
    assert "Unsubscribe: https://www.globalpost.example/unsubscribe" in text


def test_text_part_writes_links_as_text_then_url(text: str) -> None:
    flat = " ".join(text.split())
    assert f"developer's public filing ({FILING}?{TAGS}&utm_content=harbor-wind-farm)" in flat


def test_a_link_written_as_its_address_shows_the_address_once_in_text() -> None:
    def tag(url: str) -> str:
        return f"{url}?utm_source=gp"

    assert markdown_to_text("See <https://a.example/x>.", tag) == (
        "See https://a.example/x?utm_source=gp."
    )
    assert markdown_to_text("[Filing](https://a.example/f)", tag) == (
        "Filing (https://a.example/f?utm_source=gp)"
    )
    assert markdown_to_text("Write to <news@example.org>.") == "Write to news@example.org."


def test_text_part_lines_stay_within_78_characters_with_a_400_character_title(
    tmp_path: Path,
) -> None:
    content, config = copy_fixture_edition(tmp_path)
    title = " ".join(["Offshore wind project sets its last foundation"] * 9)[:400].strip()
    assert len(title) >= 395
    brief = content / "harbor-wind-farm.md"
    original = '"Offshore Wind Project Off New England Sets Its Last Foundation"'
    brief.write_text(brief.read_text("utf-8").replace(original, f'"{title}"'), "utf-8")
    text = (build_fixture(tmp_path / "dist", content, config).bundle.path / "email.txt").read_text(
        "utf-8"
    )
    lines = text.split("\n")
    too_long = [line for line in lines if len(line) > 78 and not LONE_URL.fullmatch(line.strip())]
    assert too_long == []
    title_start = next(i for i, line in enumerate(lines) if line.startswith("Offshore wind"))
    underline = next(i for i in range(title_start, len(lines)) if set(lines[i]) == {"-"})
    title_lines = lines[title_start:underline]
    assert " ".join(title_lines) == title
    assert all(len(line) <= 72 for line in title_lines)
    assert len(lines[underline]) == max(len(line) for line in title_lines)


def test_text_part_wraps_a_long_footer_and_keeps_long_addresses_whole(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    long_unsubscribe = "https://www.globalpost.example/" + "unsubscribe-" * 8
    config.write_text(
        config.read_text("utf-8")
        .replace(
            'pitch = "Subscribe today',
            'pitch = "Every weekday morning, before the markets open, GlobalPost brings you the'
            " stories that matter. Subscribe today",
        )
        .replace(
            '"GlobalPost Media Corporation, 10 Post',
            '"GlobalPost Media Corporation, Newsroom, Third Floor, 10 Post',
        )
        .replace(
            'url = "https://www.globalpost.example/unsubscribe"', f'url = "{long_unsubscribe}"'
        ),
        "utf-8",
    )
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    lines = (bundle / "email.txt").read_text("utf-8").split("\n")
    assert [line for line in lines if len(line) > 78 and not LONE_URL.fullmatch(line)] == []
    assert lines[lines.index("Unsubscribe:") + 1] == long_unsubscribe


def test_text_part_keeps_headings_paragraphs_and_list_items(text: str) -> None:
    assert "Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First\n-----" in text
    assert "\n- Laying about 40 miles of export cable to a landfall site on Cape Cod\n" in text
    assert "\n\nMediators had hoped to announce a 30-day truce" in text


def test_raw_html_in_markdown_is_shown_as_text_not_run() -> None:
    html = markdown_to_html('Hello <script>alert("x")</script> <img src=x onerror=alert(1)>\n')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links() -> None:
    html = markdown_to_html("[click me](javascript:alert(1)) and [ok](https://example.org)\n")
    assert "javascript:" not in html.replace("[click me](javascript:alert(1))", "")
    assert 'href="https://example.org"' in html
    assert html.count("<a ") == 1


def test_headings_inside_a_brief_sit_below_the_brief_title() -> None:
    assert markdown_to_html("# Inside\n\n## Deeper\n") == "<h3>Inside</h3>\n<h4>Deeper</h4>\n"


def test_image_alt_text_reaches_the_email(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    brief = content / "chip-exports.md"
    brief.write_text(
        brief.read_text("utf-8") + "\n![A wafer under inspection](https://www.example.org/w.jpg)\n",
        "utf-8",
    )
    built = build_fixture(tmp_path / "dist", content, config)
    soup = BeautifulSoup((built.bundle.path / "email.html").read_text("utf-8"), "html.parser")
    images = soup.find_all("img")
    assert [image.get("alt") for image in images] == ["A wafer under inspection"]
    # Sized by its width attribute and CSS: premailer's height="auto" is not valid HTML.
    assert [(image.get("width"), image.get("height")) for image in images] == [("544", None)]
    assert "height:auto" in images[0]["style"].replace(" ", "")


def test_text_numbers_ordered_lists_and_quotes_blockquotes() -> None:
    markdown = "1. One\n2. Two\n\n> Said so.\n\n3. Three\n4. Four"
    assert markdown_to_text(markdown) == "1. One\n2. Two\n\n> Said so.\n\n3. Three\n4. Four"


def test_text_keeps_a_nested_list_on_its_item_and_code_as_written() -> None:
    markdown = "- Pumps\n  - two at first\n- Drains\n\n```\nrow  1\nrow  2\n```\n\n---"
    assert markdown_to_text(markdown) == (
        "- Pumps two at first\n- Drains\n\nrow  1\nrow  2\n\n" + "-" * 20
    )


def test_text_collapses_spaces_keeps_hard_breaks_and_uses_alt_text() -> None:
    markdown = "A\u00a0 b  \nc &amp; `d  e`\n\n![Harbour *wall*](wall.png)"
    assert markdown_to_text(markdown) == "A b\nc & d e\n\nHarbour wall"


def test_plain_paragraphs_give_each_block_s_words_without_addresses() -> None:
    markdown = "First **words**\nthen [a link](https://x.example).\n\n- one\n- two\n\n![alt](p.png)"
    assert plain_paragraphs(markdown) == ["First words then a link.", "one two"]


def test_dateline_is_english_whatever_the_locale() -> None:
    assert dateline(date(2026, 11, 27)) == "Friday, November 27, 2026"


def test_an_mjml_tag_inside_mj_text_fails_the_build_instead_of_reaching_readers() -> None:
    mjml = (
        "<mjml><mj-body><mj-section><mj-column><mj-text><h2>Title</h2>"
        '<mj-text css-class="brief-source">Filed</mj-text></mj-text>'
        "</mj-column></mj-section></mj-body></mjml>"
    )
    with pytest.raises(RenderError) as raised:
        mjml_to_html(mjml)
    assert str(raised.value) == (
        "<mj-text> is inside an mj-text or mj-raw, where MJML copies it as HTML"
    )
    assert raised.value.hint == (
        "a brief's blocks (title, body, source) are HTML in one mj-text: "
        "write <p> or <div> there, not MJML components"
    )


def test_an_mjml_tag_in_an_html_comment_is_left_alone() -> None:
    mjml = (
        "<mjml><mj-body><mj-section><mj-column><mj-text>Hi <!-- <mj-text> --></mj-text>"
        "</mj-column></mj-section></mj-body></mjml>"
    )
    assert "Hi" in mjml_to_html(mjml)


def test_compact_drops_line_breaks_after_block_tags_and_css_indentation() -> None:
    html = (
        "<style>\n  .a { margin: 0; }\n  .b { color: red; }\n</style>"
        "<div class='brief'>\n<p>One</p>\n<ul>\n<li>Two</li>\n</ul>\n</div>\n"
    )
    assert compact_html(html) == (
        "<style>\n.a { margin: 0; }\n.b { color: red; }\n</style>"
        "<div class='brief'><p>One</p><ul><li>Two</li></ul></div>"
    )


def test_compact_keeps_line_breaks_between_words_and_inside_pre() -> None:
    html = (
        "<p><em>soft</em>\n<strong>break</strong></p>\n"
        "<pre><code>a\n</code></pre>\n<pre>x</div>\n</pre>"
    )
    assert compact_html(html) == (
        "<p><em>soft</em>\n<strong>break</strong></p><pre><code>a\n</code></pre>"
        "<pre>x</div>\n</pre>"
    )


def test_compact_keeps_a_line_break_where_a_joined_line_would_pass_900_bytes() -> None:
    paragraph = "<p>" + "x" * 300 + "</p>"  # 307 bytes: two to a line, not three
    lines = compact_html(f"{paragraph}\n" * 10).split("\n")
    assert lines == [paragraph * 2] * 5


def test_malformed_mjml_is_a_render_error_not_a_traceback() -> None:
    with pytest.raises(RenderError) as raised:
        mjml_to_html("<mjml><mj-body><mj-section></mj-body></mjml>")
    assert str(raised.value) == (
        "MJML could not be compiled: unexpected end of stream in root template"
    )
    assert raised.value.hint == "check the email templates for unclosed or misspelled tags"


def test_without_edition_toml_the_lead_brief_gives_subject_and_preheader(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    (content / "edition.toml").unlink()
    built = build_fixture(tmp_path / "dist", content, config)
    manifest = json.loads((built.bundle.path / "manifest.json").read_text("utf-8"))
    # Without edition.toml, front matter `order: 1` makes the wind-farm brief the lead.
    assert manifest["briefs"][0]["slug"] == "harbor-wind-farm"
    assert manifest["subject"] == "Offshore Wind Project Off New England Sets Its Last Foundation"
    # The other briefs' titles, not the lead's first paragraph (the email's first line).
    assert manifest["preheader"] == (
        "Plus: Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First, New Export"
        " Rules on Chipmaking…"
    )
    assert len(manifest["preheader"]) <= 110


def test_relative_images_resolve_against_images_base_url(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    with config.open("a", encoding="utf-8") as toml:
        toml.write('\n[images]\nbase_url = "https://static.globalpost.example/briefs/"\n')
    brief = content / "chip-exports.md"
    brief.write_text(
        brief.read_text("utf-8")
        + "\n![A wafer under inspection](wafers/inspection.jpg)\n"
        + "\n![A chip fab](https://www.example.org/fab.jpg)\n",
        "utf-8",
    )
    built = build_fixture(tmp_path / "dist", content, config)
    soup = BeautifulSoup((built.bundle.path / "email.html").read_text("utf-8"), "html.parser")
    assert [image["src"] for image in soup.find_all("img")] == [
        "https://static.globalpost.example/briefs/wafers/inspection.jpg",
        "https://www.example.org/fab.jpg",
    ]


def test_a_relative_image_without_images_base_url_fails_the_build_writing_nothing(
    tmp_path: Path,
) -> None:
    content, config = copy_fixture_edition(tmp_path)
    brief = content / "chip-exports.md"
    brief.write_text(brief.read_text("utf-8") + "\n![Map](map.png)\n", "utf-8")
    with pytest.raises(PublisherError) as raised:
        build_fixture(tmp_path / "dist", content, config)
    assert str(raised.value) == (
        f"{brief}:16: image 'map.png' has a relative address, which no mail client can load"
    )
    assert raised.value.exit_code == 2
    assert not (tmp_path / "dist").exists()


def test_unknown_attribute_in_a_template_names_the_attribute_file_and_line(tmp_path: Path) -> None:
    template = tmp_path / "templates" / "email" / "edition.txt.j2"
    template.parent.mkdir(parents=True)
    template.write_text("{{ publication }}\n{{ footer.price_line }}\n", "utf-8")
    environment = template_environment(tmp_path)
    with pytest.raises(TemplateError) as raised:
        render_template(environment, EDITION_TEXT, {"publication": "P", "footer": {}})
    assert str(raised.value) == (
        f"{template}:2: template uses an unknown value: 'price_line' is undefined"
    )


def test_rendering_leaves_the_shared_tokens_as_parsed() -> None:
    """One parse serves the loader's image checks and every render, so none may change it."""
    from publisher.markdown_tokens import find_images

    body = "\n\n# Heading\n\nSee [the map](https://example.org/a) and ![Map](map.png)\n"
    tagged = markdown_to_html(body, lambda url: url + "?tag", lambda src: "https://cdn/" + src)
    again = markdown_to_html(body)

    assert "<h3>Heading</h3>" in tagged and "<h3>Heading</h3>" in again
    assert 'href="https://example.org/a?tag"' in tagged
    assert '<img src="https://cdn/map.png" alt="Map" width="544" />' in tagged
    assert 'href="https://example.org/a"' in again
    assert '<img src="map.png" alt="Map" width="544" />' in again
    assert find_images(body) == [(4, "map.png", "Map")]
    assert find_images(body.lstrip("\n")) == [(2, "map.png", "Map")]
