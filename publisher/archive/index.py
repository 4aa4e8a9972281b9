"""Step 3b, write: the front page (the newest editions, then every month) and month pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import jinja2

from publisher.archive.context import ArchiveContext, Month
from publisher.archive.templates import render
from publisher.archive.views import entry_view, month_path, month_view, site_view
from publisher.dates import month_name

INDEX_TEMPLATE = "archive/index.html.j2"
MONTH_TEMPLATE = "archive/month.html.j2"


def index_page(environment: jinja2.Environment, context: ArchiveContext) -> bytes:
    """index.html: the newest editions under their months, then links to every month."""
    root = ""
    latest = [
        {
            "name": month_name(year, month),
            "editions": [entry_view(entry, root) for entry in group],
        }
        for (year, month), group in groupby(
            context.front_page, key=lambda e: (e.send_date.year, e.send_date.month)
        )
    ]
    view = {
        "site": site_view(context.site, root),
        "root": root,
        "canonical_url": context.site.base_url,
        "latest": latest,
        "total": len(context.editions),
        "years": _years(context.months(), root),
    }
    return render(environment, INDEX_TEMPLATE, view).encode("utf-8")


def _years(months: list[Month], root: str) -> list[dict[str, Any]]:
    return [
        {"year": year, "months": [month_view(month, root) for month in group]}
        for year, group in groupby(months, key=lambda month: month.year)
    ]


@dataclass(frozen=True)
class MonthPage:
    """A month's page to write, with its key: what it shows, hashed, as for edition pages."""

    path: str
    key: str
    month: Month
    older: Month | None
    newer: Month | None


def month_pages(context: ArchiveContext, fingerprint: str) -> list[MonthPage]:
    """Every month's page, newest month first, each linking to the months around it."""
    months = context.months()
    pages = []
    for index, month in enumerate(months):
        older = months[index + 1] if index + 1 < len(months) else None
        newer = months[index - 1] if index > 0 else None
        digest = hashlib.sha256(f"{fingerprint}\0{month.key}".encode())
        for entry in month.editions:
            digest.update(f"\0{entry.folder}\0{entry.subject}\0{entry.lead}".encode())
        for neighbour in (older, newer):
            digest.update(f"\0{neighbour.key if neighbour else ''}".encode())
        pages.append(MonthPage(month_path(month), digest.hexdigest(), month, older, newer))
    return pages


def month_page(environment: jinja2.Environment, context: ArchiveContext, page: MonthPage) -> bytes:
    """A month's editions, newest first, with links to the previous and next months."""
    root = "../"
    view = {
        "site": site_view(context.site, root),
        "root": root,
        "canonical_url": f"{context.site.base_url}{page.path}",
        "month": month_view(page.month, root),
        "older": month_view(page.older, root) if page.older else None,
        "newer": month_view(page.newer, root) if page.newer else None,
    }
    return render(environment, MONTH_TEMPLATE, view).encode("utf-8")
