"""Every check trips on a doctored bundle or brief, naming its check, severity and place."""

from __future__ import annotations

import dataclasses
import email.policy
import re
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import publisher.checks
from publisher.checks import CHECKS, CheckedEdition, run_checks
from publisher.config import load_settings
from publisher.record import Finding
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG

WIND = "edition/harbor-wind-farm.md"  # as findings name it: relative to the config's folder
COPIED_WIND = "content/harbor-wind-farm.md"  # the same brief in a copy of the edition


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> CheckedEdition:
    bundle = build_fixture(tmp_path_factory.mktemp("dist")).bundle.path
    return CheckedEdition.read(bundle, load_settings(FIXTURE_CONFIG))


def found(edition: CheckedEdition, check: str) -> list[Finding]:
    return [finding for finding in CHECKS[check].run(edition) if finding.check == check]


def where(finding: Finding) -> tuple[str, str, str | None, int | None]:
    return finding.check, finding.severity, finding.path, finding.line


def with_html(edition: CheckedEdition, change: Callable[[str], str]) -> CheckedEdition:
    """The edition with its HTML changed the same way in email.html and in the .eml."""
    html = change(edition.html)
    message = email.message_from_bytes(edition.eml, policy=email.policy.SMTP)
    assert isinstance(message, EmailMessage)
    part = message.get_body(("html",))
    assert part is not None
    part.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return dataclasses.replace(edition, html=html, eml=message.as_bytes(policy=email.policy.SMTP))


def with_headers(edition: CheckedEdition, **headers: str | None) -> CheckedEdition:
    message = email.message_from_bytes(edition.eml, policy=email.policy.SMTP)
    for name, value in headers.items():
        header = name.replace("_", "-")
        del message[header]
        if value is not None:
            message[header] = value
    return dataclasses.replace(edition, eml=message.as_bytes(policy=email.policy.SMTP))


def in_brief(html: str, markup: str) -> str:
    """`markup` added at the end of the wind-farm brief's body."""
    anchor = "developer's public filing</a>.</p>"
    assert anchor in html
    return html.replace(anchor, anchor + markup, 1)


def built_with(tmp_path: Path, brief_line: str) -> CheckedEdition:
    """The fixture edition built with one more paragraph in the wind-farm brief."""
    content, config = copy_fixture_edition(tmp_path)
    brief = content / "harbor-wind-farm.md"
    brief.write_text(brief.read_text("utf-8") + f"\n{brief_line}\n", "utf-8")
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    return CheckedEdition.read(bundle, load_settings(config))


def last_line(tmp_path: Path) -> int:
    return len((tmp_path / "content" / "harbor-wind-farm.md").read_text("utf-8").split("\n")) - 1


def test_every_check_module_is_in_the_registry() -> None:
    package = Path(publisher.checks.__file__).parent
    helpers = {"__init__", "edition", "report", "bundles"}
    modules = {path.stem for path in package.glob("*.py")} - helpers
    assert {check.__name__.rpartition(".")[2] for check in CHECKS.values()} == modules
    assert all(name == check.NAME for name, check in CHECKS.items())


# integrity


def test_a_file_edited_after_the_build_is_an_error(sample: CheckedEdition) -> None:
    edited = dataclasses.replace(sample, html=sample.html.replace("Geneva", "Genf"))
    assert [where(f) for f in found(edited, "integrity")] == [
        ("integrity", "error", "email.html", None)
    ]


# size


def test_html_past_gmails_clipping_limit_is_an_error(sample: CheckedEdition) -> None:
    padding = "<p>" + "x" * 1000 + "</p>"
    big = with_html(sample, lambda html: html.replace("</body>", padding * 105 + "</body>"))
    [finding] = found(big, "size")
    assert where(finding) == ("size", "error", None, None)
    assert "Gmail clips email over 102 KB" in finding.message


def test_html_near_the_limit_is_a_warning(sample: CheckedEdition) -> None:
    padding = "<p>" + "x" * 1000 + "</p>"
    near = with_html(sample, lambda html: html.replace("</body>", padding * 78 + "</body>"))
    assert [where(f) for f in found(near, "size")] == [("size", "warning", None, None)]


# images


def test_an_image_without_alt_text_in_a_brief_is_an_error_at_the_brief(
    sample: CheckedEdition,
) -> None:
    doctored = with_html(
        sample,
        lambda html: in_brief(html, '<p><img src="https://cdn.example.org/m.png" width="544"></p>'),
    )
    findings = found(doctored, "images")
    assert [(where(f), f.brief) for f in findings] == [
        (("images", "error", WIND, None), "harbor-wind-farm")
    ]


def test_an_image_whose_alt_is_a_file_name_is_warned_at_its_line(tmp_path: Path) -> None:
    edition = built_with(tmp_path, "![IMG_2041.jpg](https://cdn.example.org/IMG_2041.jpg)")
    [finding] = found(edition, "images")
    assert (where(finding), finding.message) == (
        ("images", "warning", COPIED_WIND, last_line(tmp_path)),
        "image alt text is a file name: 'IMG_2041.jpg'",
    )


def test_a_brief_image_gets_the_columns_width_and_one_without_is_warned(
    sample: CheckedEdition, tmp_path: Path
) -> None:
    edition = built_with(tmp_path, "![The harbor at dawn](https://cdn.example.org/harbor.jpg)")
    assert found(edition, "images") == []
    assert 'width="544"' in edition.html
    doctored = with_html(
        sample,
        lambda html: in_brief(html, '<p><img alt="a map" src="https://c.example/m.png"></p>'),
    )
    assert [(where(f), f.message) for f in found(doctored, "images")] == [
        (("images", "warning", WIND, None), "image has no width: https://c.example/m.png")
    ]


def test_an_image_over_plain_http_or_relative_is_flagged(sample: CheckedEdition) -> None:
    doctored = with_html(
        sample,
        lambda html: in_brief(
            html,
            '<p><img alt="a map" width="544" src="http://cdn.example.org/m.png">'
            '<img alt="a chart" width="544" src="chart.png"></p>',
        ),
    )
    assert [(f.severity, f.message) for f in found(doctored, "images")] == [
        ("warning", "image is not an absolute https address: http://cdn.example.org/m.png"),
        ("error", "image is not an absolute https address: chart.png"),
    ]


# links


@pytest.mark.parametrize(
    ("markdown", "severity", "message"),
    [
        (
            "Read [the summary](https://bit.ly/3xyzabc).",
            "warning",
            "link goes through a URL shortener (bit.ly): https://bit.ly/3xyzabc",
        ),
        (
            "Read [TK](https://www.example.org/news/tk-later).",
            "error",
            "link still holds a placeholder: 'TK' -> https://www.example.org/news/tk-later",
        ),
        (
            "Our [staging copy](http://localhost:8000/draft).",
            "error",
            "link points at this computer, not the web: http://localhost:8000/draft",
        ),
    ],
)
def test_a_bad_link_in_a_brief_is_found_at_its_line(
    tmp_path: Path, markdown: str, severity: str, message: str
) -> None:
    edition = built_with(tmp_path, markdown)
    [finding] = found(edition, "links")
    assert (where(finding), finding.message) == (
        ("links", severity, COPIED_WIND, last_line(tmp_path)),
        message,
    )


def test_a_script_or_relative_link_in_the_html_is_an_error(sample: CheckedEdition) -> None:
    doctored = with_html(
        sample,
        lambda html: in_brief(
            html, '<p><a href="javascript:alert(1)">x</a> <a href="/news/x">y</a></p>'
        ),
    )
    assert [(f.severity, f.message, f.path) for f in found(doctored, "links")] == [
        (
            "error",
            "link to javascript: cannot be followed from an email: javascript:alert(1)",
            WIND,
        ),
        ("error", "link to a relative address cannot be followed from an email: /news/x", WIND),
    ]


def test_an_outgoing_link_without_campaign_tags_is_a_warning(sample: CheckedEdition) -> None:
    doctored = with_html(
        sample, lambda html: in_brief(html, '<p><a href="https://www.example.org/x?a=1">x</a></p>')
    )
    [finding] = found(doctored, "links")
    assert (where(finding), finding.message) == (
        ("links", "warning", WIND, None),
        "link lacks the campaign tags utm_source, utm_medium, utm_campaign:"
        " https://www.example.org/x?a=1",
    )


def test_a_link_in_a_brief_title_is_found_at_that_brief_not_the_one_before(
    sample: CheckedEdition,
) -> None:
    title = "Offshore Wind Project Off New England Sets Its Last Foundation"
    linked = f'<a href="https://bit.ly/3xyzabc">{title}</a>'
    doctored = with_html(sample, lambda html: html.replace(f"{title}</h2>", f"{linked}</h2>", 1))
    [finding] = found(doctored, "links")
    assert (where(finding), finding.brief) == (("links", "warning", WIND, None), "harbor-wind-farm")


def test_the_unsubscribe_and_mail_links_need_no_campaign_tags(sample: CheckedEdition) -> None:
    assert "utm_" not in sample.settings.unsubscribe.url
    assert found(sample, "links") == []


# compliance


def test_a_message_without_one_click_unsubscribe_headers_is_an_error(
    sample: CheckedEdition,
) -> None:
    doctored = with_headers(sample, List_Unsubscribe_Post=None, List_Unsubscribe=None)
    assert [(where(f), f.message) for f in found(doctored, "compliance")][-3:] == [
        (
            ("compliance", "error", "email.eml", None),
            "List-Unsubscribe has no https one-click address",
        ),
        (
            ("compliance", "error", "email.eml", None),
            "List-Unsubscribe lacks the mailto address unsubscribe@globalpost.example",
        ),
        (
            ("compliance", "error", "email.eml", None),
            "List-Unsubscribe-Post is not List-Unsubscribe=One-Click (RFC 8058)",
        ),
    ]


def test_a_message_without_date_or_message_id_is_an_error(sample: CheckedEdition) -> None:
    doctored = with_headers(sample, Date=None, Message_ID=None)
    messages = [f.message for f in found(doctored, "compliance")]
    assert "the message has no Date header (the send time)" in messages
    assert "the message has no Message-ID header (an id derived from the content)" in messages


def test_an_email_without_unsubscribe_link_or_postal_address_is_an_error(
    sample: CheckedEdition,
) -> None:
    doctored = with_html(
        sample,
        lambda html: html.replace("https://www.globalpost.example/unsubscribe", "#").replace(
            "10 Post Office Square", "somewhere"
        ),
    )
    messages = [f.message for f in found(doctored, "compliance") if f.path is None]
    assert messages == [
        "the HTML has no unsubscribe link to https://www.globalpost.example/unsubscribe",
        "the HTML has no postal address (CAN-SPAM requires one)",
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- {address} -->",
        "<style>/* {address} */</style>",
        "<script>// {address}</script>",
    ],
)
def test_a_postal_address_in_a_comment_style_or_script_is_no_address(
    sample: CheckedEdition, hidden: str
) -> None:
    address = sample.settings.publication.postal_address
    doctored = with_html(
        sample,
        lambda html: html.replace("10 Post Office Square", "somewhere").replace(
            "</body>", hidden.format(address=address) + "</body>"
        ),
    )
    messages = [f.message for f in found(doctored, "compliance")]
    assert messages == ["the HTML has no postal address (CAN-SPAM requires one)"]


# copy


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("CEASEFIRE TALKS STALL", "the subject is all capitals: 'CEASEFIRE TALKS STALL'"),
        ("Talks stall!!!! Floods!", "the subject has 5 exclamation marks"),
        (
            "Geneva talks " + "and more " * 8,
            "the subject is 85 characters; inboxes cut it at about 60",
        ),
    ],
)
def test_a_subject_that_reads_as_spam_or_runs_long_is_a_warning(
    sample: CheckedEdition, subject: str, message: str
) -> None:
    doctored = dataclasses.replace(
        sample, manifest=dataclasses.replace(sample.manifest, subject=subject)
    )
    assert [(where(f), f.message) for f in found(doctored, "copy")] == [
        (("copy", "warning", "content/edition.toml", None), message)
    ]


@pytest.mark.parametrize(
    ("preheader", "message"),
    [
        ("Talks stall.", "the preheader is 12 characters; inboxes show 40 to 130 well"),
        ("Geneva ceasefire talks stall over who moves first", "the preheader repeats the subject"),
        (
            "Talks in Geneva aimed at ending a months-long border conflict stalled again…",
            "the preheader repeats the email's first line, which inboxes then show twice",
        ),
    ],
)
def test_a_preheader_that_is_short_or_repeats_is_a_warning(
    sample: CheckedEdition, preheader: str, message: str
) -> None:
    doctored = dataclasses.replace(
        sample, manifest=dataclasses.replace(sample.manifest, preheader=preheader)
    )
    assert [(where(f), f.message) for f in found(doctored, "copy")] == [
        (("copy", "warning", "content/edition.toml", None), message)
    ]


def test_a_copyright_year_other_than_the_send_year_is_an_error(sample: CheckedEdition) -> None:
    doctored = with_html(sample, lambda html: html.replace("Copyright © 2026", "Copyright © 2025"))
    [finding] = found(doctored, "copy")
    assert (where(finding), finding.message) == (
        ("copy", "error", None, None),
        "the copyright line says 2025, but the edition goes out in 2026",
    )


def test_a_copyright_year_in_a_comment_is_not_read(sample: CheckedEdition) -> None:
    doctored = with_html(sample, lambda html: html.replace("</body>", "<!-- © 2019 --></body>"))
    assert found(doctored, "copy") == []


def test_pasted_boilerplate_that_reaches_a_brief_is_a_warning_at_the_brief(
    sample: CheckedEdition,
) -> None:
    pitch = "Subscribe today and GlobalPost will be in your inbox the next weekday morning."
    doctored = with_html(sample, lambda html: in_brief(html, f"<p>{pitch}</p>"))
    [finding] = found(doctored, "copy")
    assert (where(finding), finding.brief) == (("copy", "warning", WIND, None), "harbor-wind-farm")
    assert finding.message.startswith("pasted boilerplate left in the brief (pitch)")


def test_example_values_left_from_init_are_warned_at_their_line(
    sample: CheckedEdition, tmp_path: Path
) -> None:
    config = tmp_path / "publication.toml"
    text = FIXTURE_CONFIG.read_text("utf-8")
    config.write_text(text.replace("daily@globalpost.example", "newsletter@example.org"), "utf-8")
    line = config.read_text("utf-8").split("\n").index('address = "newsletter@example.org"') + 1
    doctored = dataclasses.replace(sample, settings=load_settings(config))
    assert [(where(f), f.message) for f in found(doctored, "copy")] == [
        (
            ("copy", "warning", "publication.toml", line),
            "sender.address is still an example value: 'newsletter@example.org'",
        )
    ]


# structure


def test_missing_lang_and_a_layout_table_without_role_are_errors(sample: CheckedEdition) -> None:
    doctored = with_html(
        sample,
        lambda html: html.replace(' lang="en-US"', "", 1).replace(
            "</body>", "<table><tr><td>x</td></tr></table></body>"
        ),
    )
    assert [
        (where(f), f.message) for f in found(doctored, "structure") if f.severity == "error"
    ] == [
        (("structure", "error", "email.html", None), "the HTML has no lang attribute"),
        (
            ("structure", "error", "email.html", None),
            'a layout table has no role="presentation": screen readers read it as data',
        ),
    ]


def test_a_heading_that_skips_a_level_is_warned_at_the_brief(tmp_path: Path) -> None:
    edition = built_with(tmp_path, "#### Background")
    [finding] = [f for f in found(edition, "structure") if "heading" in f.message]
    assert where(finding) == ("structure", "warning", COPIED_WIND, last_line(tmp_path))
    assert finding.message == "heading level jumps from h2 to h6: 'Background'"


def test_dark_mode_text_without_contrast_is_a_warning(sample: CheckedEdition) -> None:
    dark = (
        "<style>@media (prefers-color-scheme: dark) {"
        " body { background-color: #111111 !important; }"
        " .brief div { color: #333333 !important; } }</style></head>"
    )
    doctored = with_html(sample, lambda html: html.replace("</head>", dark, 1))
    messages = [f.message for f in found(doctored, "structure") if "contrast" in f.message]
    assert messages == [
        "dark mode: #333333 on #121212 for .brief div has contrast 1.5:1, under 4.5:1"
    ]


# plain text


def test_a_text_part_without_a_title_or_a_link_is_an_error(sample: CheckedEdition) -> None:
    title = sample.manifest.briefs[1].title
    filing = r"https://www\.example\.org/filings/harbor-wind-construction-schedule\S*"
    text = re.sub(filing, "the filing", sample.text.replace(title, "A brief"))
    doctored = dataclasses.replace(sample, text=text)
    errors = [
        (where(f), f.message)
        for f in found(doctored, "plain-text")
        if f.severity == "error" and "globalpost.example" not in f.message
    ]
    assert errors == [
        (
            ("plain-text", "error", "email.txt", None),
            f"the text part lacks the brief title {title!r}",
        ),
        (
            ("plain-text", "error", "email.txt", None),
            "the text part lacks a link of the HTML:"
            " https://www.example.org/filings/harbor-wind-construction-schedule?utm_source"
            "=globalpost-daily&utm_medium=email&utm_campaign=daily-2026-11-27"
            "&utm_content=harbor-wind-farm",
        ),
    ]


def test_a_long_text_line_is_a_warning_with_its_line_but_a_lone_url_is_not(
    sample: CheckedEdition,
) -> None:
    long_line = "word " * 20
    url = "https://www.example.org/" + "a" * 90
    doctored = dataclasses.replace(sample, text=f"{long_line}\n{url}\n" + sample.text)
    long_lines = [where(f) for f in found(doctored, "plain-text") if f.line in (1, 2)]
    assert long_lines == [("plain-text", "warning", "email.txt", 1)]


# boilerplate


def test_stripped_boilerplate_is_a_notice_at_its_line(sample: CheckedEdition) -> None:
    notices = found(sample, "boilerplate")
    assert [(where(f), f.brief) for f in notices][:2] == [
        (("boilerplate", "notice", "edition/ceasefire-talks.md", 17), "ceasefire-talks"),
        (("boilerplate", "notice", "edition/ceasefire-talks.md", 20), "ceasefire-talks"),
    ]
    assert len(notices) == 5


def test_the_sample_edition_passes_every_check_without_error_or_warning(
    sample: CheckedEdition,
) -> None:
    assert [(f.check, f.message) for f in run_checks(sample) if f.severity != "notice"] == []


def test_findings_of_a_build_are_in_its_manifest(sample: CheckedEdition) -> None:
    assert sample.manifest.findings == run_checks(sample)
    assert any(re.match("stripped pasted pitch", f.message) for f in sample.manifest.findings)


@pytest.mark.parametrize(
    ("change", "severity", "message"),
    [
        (
            lambda h: h.replace(' dir="auto"', "", 1),
            "error",
            "the HTML has no dir attribute (ltr or rtl)",
        ),
        (
            lambda h: re.sub(r'<meta name="viewport"[^>]*>', "", h, count=1),
            "error",
            "the HTML has no viewport meta tag: phones zoom out to desktop width",
        ),
        (
            lambda h: re.sub(r"<title>[^<]*</title>", "<title></title>", h, count=1),
            "error",
            "the HTML has no title (screen readers announce it)",
        ),
        (
            lambda h: re.sub(r'<meta http-equiv="Content-Type"[^>]*>', "", h, count=1),
            "error",
            "the HTML does not declare UTF-8",
        ),
        (
            lambda h: re.sub(r'<meta name="color-scheme"[^>]*>', "", h, count=1).replace(
                "color-scheme: light dark;", ""
            ),
            "warning",
            "no color-scheme is declared: clients that invert colours do it their own way",
        ),
    ],
)
def test_each_document_requirement_missing_is_reported(
    sample: CheckedEdition, change: Callable[[str], str], severity: str, message: str
) -> None:
    doctored = with_html(sample, change)
    assert [(where(f), f.message) for f in found(doctored, "structure")] == [
        (("structure", severity, "email.html", None), message)
    ]


def test_a_message_without_to_is_an_error(sample: CheckedEdition) -> None:
    doctored = with_headers(sample, To=None)
    assert [(where(f), f.message) for f in found(doctored, "compliance")] == [
        (
            ("compliance", "error", "email.eml", None),
            "the message has no To header (the list's own name and address ([list] in"
            " publication.toml))",
        )
    ]


def test_an_empty_text_part_is_an_error(sample: CheckedEdition) -> None:
    doctored = dataclasses.replace(sample, text="  \n")
    assert [where(f) for f in found(doctored, "plain-text")] == [
        ("plain-text", "error", "email.txt", None)
    ]


@given(st.text(alphabet="ab@.,;:()<> \n\t\u00a0", max_size=24))
def test_addresses_in_the_text_part_are_the_words_the_pattern_finds(text: str) -> None:
    from publisher.checks.plain_text import _SEPARATORS

    pattern = re.compile(r"[^\s()<>,;:]+@[^\s()<>,;:]+")
    words = [word for word in _SEPARATORS.split(text) if "@" in word[1:-1]]
    assert words == pattern.findall(text)


def test_text_of_reads_the_same_strings_as_the_text_xpath(sample: CheckedEdition) -> None:
    """The quick path (itertext) and the XPath agree on every element of a real email,
    and on elements with a style, script or comment in or around them."""
    from lxml import etree  # type: ignore[import-untyped]

    from publisher.checks.edition import _TEXT, text_of

    extra = etree.fromstring(
        b"<html><body><p>a<!-- b -->c<style>d</style><span>e</span></p>"
        b"<template><p>f</p></template><script>g</script></body></html>",
        etree.HTMLParser(),
    )
    elements = [*sample.document.iter(), *extra.iter()]
    for element in elements:
        if isinstance(element.tag, str):
            assert text_of(element) == "".join(element.xpath(_TEXT)), element.tag
    assert text_of(extra) == "ace"


def test_every_check_but_integrity_and_compliance_has_a_level() -> None:
    from publisher.config.settings import ChecksSection

    levels = {field.name for field in dataclasses.fields(ChecksSection)}
    assert {name.replace("-", "_") for name in CHECKS} - levels == {"integrity", "compliance"}
    assert levels <= {name.replace("-", "_") for name in CHECKS}


def _leveled(edition: CheckedEdition, **levels: str) -> CheckedEdition:
    from publisher.config.settings import ChecksSection

    settings = dataclasses.replace(edition.settings, checks=ChecksSection(**levels))
    return dataclasses.replace(edition, settings=settings)


def test_a_check_set_to_warning_reports_its_errors_as_warnings(sample: CheckedEdition) -> None:
    broken = with_html(sample, lambda html: html.replace('href="https://', 'href="http://x', 1))
    broken = with_html(broken, lambda html: html.replace("https://", "javascript:", 1))
    as_found = [f for f in run_checks(broken) if f.check == "links"]
    assert "error" in {f.severity for f in as_found}
    warned = [f for f in run_checks(_leveled(broken, links="warning")) if f.check == "links"]
    assert [f.message for f in warned] == [f.message for f in as_found]
    assert {f.severity for f in warned} == {"warning"}
    assert [f for f in run_checks(_leveled(broken, links="off")) if f.check == "links"] == []


def test_integrity_counts_whatever_the_levels(sample: CheckedEdition) -> None:
    edited = dataclasses.replace(sample, text=sample.text + "edited after the build\n")
    everything_off = {name: "off" for name in ("size", "images", "links", "copy", "structure")}
    findings = run_checks(_leveled(edited, **everything_off, plain_text="off", boilerplate="off"))
    assert ("integrity", "error") in {(f.check, f.severity) for f in findings}
