"""Step 3d, write: the Atom feed (RFC 4287) of the newest editions, with their full content.

Built with `xml.etree`, which escapes every text and attribute, never with a template.
Ids follow Pelican's: `tag:<host>,<send date>:<folder>` for an entry, which never changes
once published (a rebuilt bundle keeps its folder and date); the feed's id is the
archive's address. Times are UTC; every link is absolute, under `[archive] base_url`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from publisher import __version__
from publisher.archive.context import Site
from publisher.archive.entries import EditionEntry

FEED_FILE = "feed.atom"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
# An empty archive's feed still needs an `updated`: a fixed time keeps the file stable.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def atom_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z: `2026-11-27T11:00:00Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(site: Site, entry: EditionEntry) -> str:
    """`tag:www.example.org,2026-11-27:2026-11-27`: stable for as long as the host is."""
    host = urlsplit(site.base_url).hostname or "localhost"
    return f"tag:{host},{entry.send_date.isoformat()}:{entry.folder}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def atom_feed(site: Site, editions: Sequence[tuple[EditionEntry, str]]) -> bytes:
    """The feed of `editions` (newest first), each with its content as an HTML fragment."""
    # The default namespace is declared on the root by hand and every child is unqualified,
    # so the output reads <feed xmlns=...><entry> without ElementTree's global registry.
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE, XML_LANG: site.language})
    _add(feed, "id", site.base_url)
    _add(feed, "title", site.publication)
    newest = max((entry.send_at_utc for entry, _ in editions), default=NEVER)
    _add(feed, "updated", atom_time(newest))
    _add(feed, "link", rel="self", type=ATOM_TYPE, href=f"{site.base_url}{FEED_FILE}")
    _add(feed, "link", rel="alternate", type="text/html", href=site.base_url)
    author = _add(feed, "author")
    _add(author, "name", site.publication)
    _add(author, "uri", site.website_url)
    _add(feed, "generator", "publisher", version=__version__)
    for entry, content in editions:
        item = _add(feed, "entry")
        _add(item, "id", entry_id(site, entry))
        _add(item, "title", entry.subject)
        _add(item, "published", atom_time(entry.send_at_utc))
        _add(item, "updated", atom_time(entry.send_at_utc))
        page = f"{site.base_url}{entry.folder}/"
        _add(item, "link", rel="alternate", type="text/html", href=page)
        if entry.lead:
            _add(item, "summary", entry.lead)
        _add(item, "content", content, type="html")
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
