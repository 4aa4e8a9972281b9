"""Links a reader can follow and trust: web or mail addresses only, no shorteners, no
placeholders left in, and the campaign tags the newsroom counts clicks by."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from publisher.checks.edition import CheckedEdition, text_of
from publisher.record import Finding, Severity
from publisher.tracking import Tags, campaign_tags, is_tracked, untagged

NAME = "links"
Problem = tuple[Severity, str, str]
# Spam filters and careful readers distrust links whose destination they cannot see.
SHORTENERS = frozenset(
    [
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "is.gd",
        "rebrand.ly",
        "cutt.ly",
        "tiny.cc",
        "lnkd.in",
        "shorturl.at",
        "rb.gy",
        "s.id",
        "t.ly",
        "v.gd",
        "bl.ink",
    ]
)
PLACEHOLDER = re.compile(r"(?i)\b(TK|TKTK|TODO|XXX|FIXME)\b|lorem ipsum|example\.com/(link|url)")
_LOCAL_HOSTS = re.compile(
    r"(?i)^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1\]|.*\.(local|localhost))$"
)


def run(edition: CheckedEdition) -> Iterator[Finding]:
    send_date = datetime.fromisoformat(edition.manifest.send_at).date()
    tags = campaign_tags(edition.settings, send_date)
    for anchor in edition.document.iter("a"):
        href = str(anchor.get("href", "")).strip()
        label = text_of(anchor, " ", strip=True)
        problem = _link_problem(href, label, tags if is_tracked(href, edition.settings) else None)
        if problem is not None:
            severity, message, hint = problem
            path, line, slug = edition.located(anchor, untagged(href) or label)
            yield Finding(NAME, severity, message, path, line, hint, slug)


@lru_cache(maxsize=4096)
def _link_problem(href: str, label: str, tags: Tags | None) -> Problem | None:
    """What is wrong with a link (`tags`: the campaign tags it should carry, None when it is
    not tracked). Remembered: a rebuild checks the same links again but for one brief's."""
    problem = _problem(href, label, shown=untagged(href))
    if problem is None and tags is not None:
        problem = _untagged(href, tags)
    return problem


def _untagged(href: str, tags: Tags) -> Problem | None:
    """A tracked link that lacks one of `[tracking]`'s campaign tags (or has another value)."""
    query = parse_qs(urlsplit(href).query)
    missing = [key for key, value in tags if value not in query.get(key, [])]
    if not missing:
        return None
    return (
        "warning",
        f"link lacks the campaign tags {', '.join(missing)}: {href}",
        "use the | tracked filter on links in templates; brief links are tagged for you",
    )


def _problem(href: str, label: str, shown: str) -> Problem | None:
    """What is wrong with a link, naming it as the brief wrote it (`shown`, untagged)."""
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return None
    if scheme not in ("http", "https"):
        kind = f"{scheme}:" if scheme else "a relative address"
        return (
            "error",
            f"link to {kind} cannot be followed from an email: {shown or '(empty)'}",
            "link to a full https:// address (or mailto:)",
        )
    host = (parts.hostname or "").lower()
    if not host or _LOCAL_HOSTS.match(host):
        return (
            "error",
            f"link points at this computer, not the web: {shown}",
            "link to the published page",
        )
    if host.removeprefix("www.") in SHORTENERS:
        return (
            "warning",
            f"link goes through a URL shortener ({host}): {shown}",
            "link to the destination itself: readers and spam filters distrust shorteners",
        )
    if PLACEHOLDER.search(href) or PLACEHOLDER.search(label):
        return (
            "error",
            f"link still holds a placeholder: {label!r} -> {shown}",
            "put in the real link and its text before the send",
        )
    return None
