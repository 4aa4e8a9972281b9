"""Campaign (UTM) tags on the email's outgoing links, from publication.toml's `[tracking]`.

Which links are tagged is decided in one place, `is_tracked`. The markdown step tags the
links in briefs and the templates' `tracked` filter tags theirs, so the HTML part and the
plain-text part (made from the same HTML and context) show the same addresses.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from publisher.config.settings import Settings

WEB_SCHEMES = ("http", "https")


def is_tracked(url: str, settings: Settings) -> bool:
    """Whether a link gets campaign tags: web links only, never the unsubscribe page.

    mailto: and other schemes stay as written, and so do links into the web archive (under
    `[archive] base_url`): View in browser is the edition itself, not a visit to count.
    """
    if settings.tracking is None:
        return False
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES:
        return False
    if settings.archive is not None and url.startswith(settings.archive.folder_url):
        return False
    return not _same_page(url, settings.unsubscribe.url)


def _same_page(url: str, other: str) -> bool:
    """Same scheme, host and path, whatever the query or fragment."""

    def page(address: str) -> tuple[str, str, str]:
        parts = urlsplit(address)
        return parts.scheme.lower(), parts.netloc.lower(), parts.path

    return page(url) == page(other)


Tags = tuple[tuple[str, str], ...]


def campaign_tags(settings: Settings, send_date: date, content: str | None = None) -> Tags:
    """The utm_ parameters for one edition: `{date}` in the campaign is the send date."""
    if settings.tracking is None:
        return ()
    tracking = settings.tracking
    tags = (
        ("utm_source", tracking.utm_source),
        ("utm_medium", tracking.utm_medium),
        ("utm_campaign", tracking.utm_campaign.replace("{date}", send_date.isoformat())),
    )
    return (*tags, ("utm_content", content)) if content else tags


@lru_cache(maxsize=4096)
def with_tags(url: str, tags: Tags) -> str:
    """`url` with `tags` appended to its query; its own query, fragment and utm_ values stay.

    The address is not re-encoded: only `&utm_...` is added before the fragment.
    Remembered: the HTML and the text part tag each link, and a rebuild tags them again.
    """
    base, hash_mark, fragment = url.partition("#")
    query = base.partition("?")[2]
    present = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
    added = urlencode([(key, value) for key, value in tags if key not in present])
    if not added:
        return url
    separator = "" if base.endswith(("?", "&")) else "&" if "?" in base else "?"
    return f"{base}{separator}{added}{hash_mark}{fragment}"


def tracked_url(url: str, settings: Settings, send_date: date, content: str | None = None) -> str:
    """The link as the email carries it: tagged when `is_tracked`, else unchanged.

    `content` (a brief's slug) becomes utm_content, so the newsroom sees which brief was
    clicked.
    """
    if not is_tracked(url, settings):
        return url
    return with_tags(url, campaign_tags(settings, send_date, content))


def untagged(url: str) -> str:
    """`url` without any utm_ parameter: the link much as a brief wrote it.

    For finding a tagged link in its brief's Markdown (checks name the file and line).
    """
    base, hash_mark, fragment = url.partition("#")
    address, _, query = base.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith("utm_")]
    rest = f"?{'&'.join(kept)}" if kept else ""
    return f"{address}{rest}{hash_mark}{fragment}"
