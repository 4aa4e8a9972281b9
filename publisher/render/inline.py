"""Step 4: CSS from <style> blocks inlined onto elements, as most mail clients need."""

from __future__ import annotations

import logging
import re

_DOCTYPE = re.compile(r"^\s*<!doctype html>", re.IGNORECASE)


def inline_css(html: str) -> str:
    """Inlines CSS with premailer, keeping the doctype and MJML's mobile media queries.

    premailer 3.10 drops a lowercase `<!doctype html>` (what MJML emits), which puts
    browsers in quirks mode, so the doctype is uppercased first. `strip_important=False`
    keeps the `!important` MJML's @media rules rely on; `allow_network=False` keeps the
    build offline. A failing inliner fails the build: unstyled mail never ships.
    """
    from premailer import Premailer

    html = _DOCTYPE.sub("<!DOCTYPE html>", html, count=1)
    inliner = Premailer(
        html,
        allow_network=False,
        strip_important=False,
        keep_style_tags=True,
        remove_classes=False,
        disable_validation=True,
        cssutils_logging_level=logging.CRITICAL,
    )
    return str(inliner.transform())
