"""What the preview page shows: the inbox row, the send time, the frames' email, findings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from publisher.build import RenderedEdition, render_edition
from publisher.preview.markup import edition_event, publish, render_page, render_regions
from publisher.preview.page import EmailView, cut, framed, page_view, scheme_variant, send_time
from publisher.preview.state import BuildProblem, EditionSource, Snapshot, rebuild
from publisher.record import Finding
from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW

NOW = datetime.fromisoformat(FIXTURE_NOW)
FINISHED = datetime(2026, 11, 25, 10, 0, 5, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(scope="module")
def rendered() -> RenderedEdition:
    return render_edition(FIXTURE_EDITION, FIXTURE_CONFIG, NOW)


def _snapshot(rendered: RenderedEdition | None, *problems: BuildProblem) -> Snapshot:
    return Snapshot(3, rendered, problems, FINISHED, 61.4)


def _email(rendered: RenderedEdition) -> EmailView:
    email = page_view(_snapshot(rendered)).email
    assert email is not None
    return email


def test_an_inbox_cuts_a_long_line_mid_word_with_an_ellipsis() -> None:
    assert cut("Geneva ceasefire talks stall over who moves first", 34) == (
        "Geneva ceasefire talks stall over…"
    )


def test_a_line_that_fits_is_shown_whole() -> None:
    assert cut("Geneva talks stall", 34) == "Geneva talks stall"


def test_the_inbox_row_shows_sender_subject_and_the_preheader_cut_to_the_row(
    rendered: RenderedEdition,
) -> None:
    inbox = _email(rendered).inbox

    assert (inbox.sender, inbox.time) == ("GlobalPost Daily", "6:00 AM")
    assert inbox.desktop_subject == "Geneva ceasefire talks stall over who moves first"
    assert inbox.desktop_preheader == "Plus: a New England offshore wind milestone, delta floods…"
    assert inbox.phone_subject == "Geneva ceasefire talks stall over…"
    assert len(inbox.phone_preheader) == 90


def test_the_send_time_is_shown_in_the_publication_zone_and_in_utc(
    rendered: RenderedEdition,
) -> None:
    shown = _email(rendered).send_time

    assert (shown.local, shown.zone, shown.utc) == (
        "Friday, November 27, 2026 at 06:00 EST",
        "America/New_York",
        "11:00 UTC",
    )


def test_a_utc_time_on_another_day_names_its_date() -> None:
    send_at = datetime(2026, 11, 27, 6, 0, tzinfo=ZoneInfo("Asia/Tokyo"))

    assert send_time(send_at, "Asia/Tokyo").utc == "Thursday, November 26, 2026 at 21:00 UTC"


EMAIL_STYLES = (
    "<html><head><style>@media (prefers-color-scheme: dark) { body { color: #fff } }"
    " @media (prefers-color-scheme:light) { body { color: #000 } }</style></head></html>"
)


def test_the_dark_view_turns_the_emails_dark_rules_on_and_its_light_rules_off() -> None:
    assert scheme_variant(EMAIL_STYLES, "dark") == (
        "<html><head><style>:root { color-scheme: dark !important; }</style>"
        "<style>@media (min-width: 0px) { body { color: #fff } }"
        " @media (max-width: -1px) { body { color: #000 } }</style></head></html>"
    )


def test_the_light_view_stays_light_in_a_browser_set_to_dark() -> None:
    assert scheme_variant(EMAIL_STYLES, "light") == (
        "<html><head><style>:root { color-scheme: light !important; }</style>"
        "<style>@media (max-width: -1px) { body { color: #fff } }"
        " @media (min-width: 0px) { body { color: #000 } }</style></head></html>"
    )


def test_links_in_the_frames_open_a_tab_of_their_own() -> None:
    assert framed('<html lang="en"><head><title>x</title>') == (
        '<html lang="en"><head><base target="_blank"><title>x</title>'
    )


def test_a_finding_names_its_file_and_line_and_links_to_its_brief(
    rendered: RenderedEdition,
) -> None:
    regions = render_regions(page_view(_snapshot(rendered)))

    assert '<code class="where">edition/ceasefire-talks.md:17</code>' in regions["findings"]
    assert 'href="#ceasefire-talks" data-brief="ceasefire-talks"' in regions["findings"]


def test_a_finding_with_a_fix_shows_it(rendered: RenderedEdition) -> None:
    warning = Finding("copy", "warning", "the subject is long", "content/edition.toml", 2, "cut it")
    manifest = replace(rendered.manifest, findings=(warning,))

    findings = render_regions(page_view(_snapshot(replace(rendered, manifest=manifest))))[
        "findings"
    ]

    assert '<span class="fix-label">Fix</span> cut it' in findings
    assert '<span class="count count-warning">1 warning</span>' in findings


def test_the_boilerplate_stripped_from_each_brief_is_listed_with_its_line(
    rendered: RenderedEdition,
) -> None:
    stripped = render_regions(page_view(_snapshot(rendered)))["stripped"]

    assert "Ceasefire Talks in Geneva Stall as Both Sides Refuse to Move First" in stripped
    assert "Subscribe today and GlobalPost will be in your inbox" in stripped
    assert '<code class="where">line 17</code> <span class="check">pitch</span>' in stripped


def test_a_failed_build_keeps_the_last_good_email_and_says_what_to_fix(
    rendered: RenderedEdition,
) -> None:
    problem = BuildProblem("front matter titel: unknown key", "content/wind.md:3", "did you mean?")

    view = page_view(_snapshot(rendered, problem))

    assert view.is_failed
    assert view.email is not None and "Ceasefire Talks in Geneva" in view.email.html
    problems = render_regions(view)["problems"]
    assert '<code class="where">content/wind.md:3</code>' in problems
    assert "front matter titel: unknown key" in problems
    assert "The email below is the last good build" in problems


def test_what_an_editor_wrote_is_escaped_on_the_page() -> None:
    problem = BuildProblem("<script>alert(1)</script>", "content/<b>.md:1", "<i>hint</i>")

    page = render_page(page_view(_snapshot(None, problem)))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "content/&lt;b&gt;.md:1" in page


def test_the_email_is_escaped_into_the_frames_srcdoc(rendered: RenderedEdition) -> None:
    page = render_page(page_view(_snapshot(rendered)))

    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in page
    assert '<h2 id="ceasefire-talks"' not in page
    assert "&lt;h2 id=&#34;ceasefire-talks&#34;" in page


def test_the_event_is_one_line_of_json_with_the_regions_and_both_variants(
    rendered: RenderedEdition,
) -> None:
    event = edition_event(page_view(_snapshot(rendered))).decode("utf-8")

    head, data = event.removesuffix("\n\n").split("\ndata: ")
    assert head == "id: 3\nevent: edition"
    payload = json.loads(data)
    assert (payload["version"], payload["failed"]) == (3, False)
    assert "(min-width: 0px)" in payload["dark"]
    assert set(payload["regions"]) == {
        "status",
        "problems",
        "inbox",
        "changes",
        "findings",
        "stripped",
        "files",
        "text",
    }


def test_the_changes_panel_shows_what_changed_since_the_test_send(tmp_path: Path) -> None:
    from publisher.handoff.ledger import Ledger
    from publisher.preview.page import changes_since_test
    from tests.builds import build_fixture, copy_fixture_edition

    content, config = copy_fixture_edition(tmp_path)
    dist = tmp_path / "dist"
    assert changes_since_test(_rendered(content, config), dist) is None  # nothing to compare
    bundle = build_fixture(dist, content, config).bundle
    unchanged = changes_since_test(_rendered(content, config), dist)
    assert unchanged is not None and not unchanged["changed"]
    names = ("email.html", "email.txt", "email.eml", "email.mjml", "manifest.json")
    files = {name: (bundle.path / name).read_bytes() for name in names}
    Ledger.load(bundle.path, bundle.manifest.files).add_test({"at": "2026-11-26T17:00"}, files)
    brief = content / "harbor-wind-farm.md"
    brief.write_text(brief.read_text("utf-8").replace("62 steel", "64 steel"), "utf-8")
    edited = _rendered(content, config)
    changes = changes_since_test(edited, dist)
    assert changes is not None and changes["changed"]
    assert changes["old"] == "the test send of 2026-11-26T17:00"
    assert [brief["slug"] for brief in changes["briefs"]["changed"]] == ["harbor-wind-farm"]
    view = page_view(_snapshot(edited))
    assert view.email is not None
    panel = render_regions(replace(view, email=replace(view.email, changes=changes)))["changes"]
    assert "<del>62</del> <ins>64</ins>" in panel


def _rendered(content: Path, config: Path) -> RenderedEdition:
    return render_edition(content, config, datetime.fromisoformat(FIXTURE_NOW))


def test_a_rebuild_that_fails_keeps_the_previous_good_edition(tmp_path: Path) -> None:
    source = EditionSource(tmp_path / "missing", FIXTURE_CONFIG, NOW)
    good = rebuild(EditionSource(FIXTURE_EDITION, FIXTURE_CONFIG, NOW))

    failed = rebuild(source, good)

    assert (failed.version, failed.rendered) == (2, good.rendered)
    assert failed.problems == (
        BuildProblem(
            "content folder not found",
            str(tmp_path / "missing"),
            "create it and put one Markdown file per brief in it",
        ),
    )


def test_the_bundle_files_are_published_with_the_manifest(rendered: RenderedEdition) -> None:
    published = publish(_snapshot(rendered))

    assert sorted(published.files) == [
        "email.eml",
        "email.html",
        "email.mjml",
        "email.txt",
        "manifest.json",
    ]
