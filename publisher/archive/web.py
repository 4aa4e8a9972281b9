"""A brief's HTML fragment as the web page shows it: the email's campaign tags taken off.

The fragment comes from markdown-it-py (via the manifest), which always writes an
attribute as `name="value"` with `&`, `<`, `>` and `"` escaped, so a pattern finds every
link without parsing the page: about 30 times cheaper than lxml, for 1,000 editions.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from publisher.tracking import untagged

_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


def web_fragment(fragment: str) -> Markup:
    """The brief's HTML with every link's utm_ parameters removed, safe to put in a page.

    The one place the archive marks brief HTML safe: markdown-it-py escaped any raw HTML
    when the edition was built, and the manifest keeps that output as it was.
    """
    if "utm_" not in fragment:
        return Markup(fragment)
    return Markup(_HREF.sub(_untag, fragment))


def _untag(found: re.Match[str]) -> str:
    address = untagged(html.unescape(found.group(2)))
    return f"{found.group(1)}{escape(address)}{found.group(3)}"
