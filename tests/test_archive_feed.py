"""The archive's Atom feed (RFC 4287) and sitemap: parsed back, and checked against RFC 4287's
own RELAX NG schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from publisher.archive.context import Site
from publisher.archive.entries import EditionEntry
from publisher.archive.feed import atom_feed
from publisher.record import Manifest
from tests.archives import ARCHIVED, BASE_URL, Edition, Newsroom, newsroom

pytestmark = pytest.mark.slow
SCHEMA = Path(__file__).parent / "fixtures" / "archive" / "atom.rng"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    built = newsroom(tmp_path_factory.mktemp("feed"))
    built.archive()
    return built


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's schema: its compact syntax as the RFC prints it (atom.rnc), in the XML
    syntax lxml reads (atom.rng says how it was converted)."""
    return etree.RelaxNG(etree.parse(SCHEMA))


def _feed(room: Newsroom) -> feedparser.FeedParserDict:
    return feedparser.parse((room.site / "feed.atom").read_bytes())


def test_the_feed_is_valid_against_rfc_4287s_relax_ng_schema(
    room: Newsroom, atom_schema: etree.RelaxNG
) -> None:
    document = etree.parse(str(room.site / "feed.atom"))
    assert atom_schema.validate(document), atom_schema.error_log


def test_the_schema_check_does_refuse_a_feed_without_id_or_author(
    atom_schema: etree.RelaxNG,
) -> None:
    feed = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    assert not atom_schema.validate(etree.fromstring(feed))


def test_a_feed_reader_finds_the_editions_newest_first_with_their_pages(room: Newsroom) -> None:
    parsed = _feed(room)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert [entry.title for entry in parsed.entries] == [
        Manifest.read(room.dist / folder).subject for folder in ARCHIVED
    ]
    assert [entry.link for entry in parsed.entries] == [f"{BASE_URL}{f}/" for f in ARCHIVED]
    assert parsed.feed.title == "GlobalPost"
    assert parsed.feed.author == "GlobalPost"


def test_entries_carry_every_brief_in_full_without_campaign_tags(room: Newsroom) -> None:
    parsed = _feed(room)
    for entry, folder in zip(parsed.entries, ARCHIVED, strict=True):
        (content,) = entry.content
        assert content.type == "text/html"
        for brief in Manifest.read(room.dist / folder).briefs:
            assert brief.title in content.value
        assert "utm_" not in content.value
        assert "unsubscribe" not in content.value.lower()


def test_ids_are_tag_uris_of_the_host_send_date_and_folder(room: Newsroom) -> None:
    assert [entry.id for entry in _feed(room).entries] == [
        "tag:www.globalpost.example,2026-12-01:2026-12-01-breaking",
        "tag:www.globalpost.example,2026-12-01:2026-12-01",
        "tag:www.globalpost.example,2026-11-27:2026-11-27",
    ]
    assert _feed(room).feed.id == BASE_URL


def test_times_are_utc(room: Newsroom) -> None:
    raw = (room.site / "feed.atom").read_text("utf-8")
    assert "<updated>2026-12-01T11:00:00Z</updated>" in raw
    assert [entry.published for entry in _feed(room).entries][-1] == "2026-11-27T11:00:00Z"


def test_ids_of_published_entries_stay_when_editions_are_added(
    room: Newsroom, tmp_path: Path
) -> None:
    before = [entry.id for entry in _feed(room).entries]
    later = newsroom(tmp_path, (Edition("2026-12-01T10:00:00-05:00", "Chips", "chip-exports"),))
    for folder in ARCHIVED:  # the earlier bundles, as they are
        source = room.dist / folder
        (later.dist / folder).symlink_to(source)
        (later.dist / f"{folder}.handoff").symlink_to(source.with_name(f"{folder}.handoff"))
    later.archive()
    assert [entry.id for entry in _feed(later).entries][1:] == before


def test_the_feed_carries_the_newest_twenty_editions() -> None:
    site = Site("GlobalPost", "en-US", "https://gp.example", BASE_URL, BASE_URL, "Subscribe")
    entries = [_entry(day) for day in range(1, 26)][::-1][:20]
    parsed = feedparser.parse(atom_feed(site, [(entry, "<p>x</p>") for entry in entries]))
    assert len(parsed.entries) == 20


def _entry(day: int, subject: str = "A subject") -> EditionEntry:
    return EditionEntry(
        folder=f"2026-01-{day:02d}",
        send_date=date(2026, 1, day),
        edition_name=None,
        send_at_utc=datetime(2026, 1, day, 11, tzinfo=UTC),
        subject=subject,
        lead="The lead.",
        briefs_json="[]",
        manifest_sha256="0" * 64,
    )


def test_titles_and_content_are_escaped_not_pasted(atom_schema: etree.RelaxNG) -> None:
    site = Site("A & B <News>", "en", "https://gp.example", BASE_URL, BASE_URL, "Subscribe")
    content = '<p>Rates &lt; 5% &amp; <a href="https://x.example/?a=1&amp;b=2">rising</a></p>'
    document = atom_feed(site, [(_entry(5, 'Rates < 5% & "rising"'), content)])
    assert atom_schema.validate(etree.fromstring(document)), atom_schema.error_log
    parsed = feedparser.parse(document)
    assert parsed.feed.title == "A & B <News>"
    assert parsed.entries[0].title == 'Rates < 5% & "rising"'
    assert parsed.entries[0].content[0].value == content


def test_an_empty_archives_feed_is_still_valid(atom_schema: etree.RelaxNG) -> None:
    site = Site("GlobalPost", "en-US", "https://gp.example", BASE_URL, BASE_URL, "Subscribe")
    assert atom_schema.validate(etree.fromstring(atom_feed(site, [])))


def test_the_sitemap_lists_the_front_page_months_and_every_edition(room: Newsroom) -> None:
    urlset = ET.parse(room.site / "sitemap.xml").getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    locations = [url.findtext(f"{SITEMAP}loc") for url in urlset]
    assert locations == [
        BASE_URL,
        f"{BASE_URL}months/2026-12.html",
        f"{BASE_URL}months/2026-11.html",
        *(f"{BASE_URL}{folder}/" for folder in ARCHIVED),
    ]
    assert [url.findtext(f"{SITEMAP}lastmod") for url in urlset][-1] == "2026-11-27"
