"""Step 3e, write: sitemap.xml (sitemaps.org 0.9) of the front page, months and editions.

Built with `xml.etree`; every address absolute, under `[archive] base_url`, with the
date of the newest edition each page shows as its `lastmod`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from publisher.archive.context import ArchiveContext
from publisher.archive.views import month_path

SITEMAP_FILE = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(context: ArchiveContext) -> bytes:
    base = context.site.base_url
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NAMESPACE})

    def add(address: str, modified: date | None) -> None:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = address
        if modified is not None:
            ET.SubElement(url, "lastmod").text = modified.isoformat()

    newest = context.editions[0].send_date if context.editions else None
    add(base, newest)
    for month in context.months():
        add(f"{base}{month_path(month)}", month.editions[0].send_date)
    for entry in context.editions:
        add(f"{base}{entry.folder}/", entry.send_date)
    ET.indent(urlset)
    document: bytes = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
