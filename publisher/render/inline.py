"""Step 4: CSS from <style> blocks inlined onto elements, as most mail clients need."""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import sys
import types
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_DOCTYPE = re.compile(r"^\s*<!doctype html>", re.IGNORECASE)
# MJML's reset block (`#outlook a`, `table, td { border-collapse ... }`, `p { margin }`):
# clients read it from the head, so inlining it onto every cell only adds bytes (~10 KB
# at 20 briefs). premailer leaves a block marked data-premailer="ignore" where it is.
_RESETS = re.compile(r"<style([^>]*)>(\s*#outlook a\b)")
# Two Outlook-only comments in a row are one: `<![endif]--><!--[if mso | IE]>` adds nothing.
_SPLIT_CONDITIONAL = re.compile(r"<!\[endif\]-->\s*<!--\[if mso \| IE\]>")


class _ImportedOnFirstUse(types.ModuleType):
    """Stands in for a module until something reads from it, then imports the real one.

    importlib's LazyLoader cannot do this here: an `import` statement reads the module's
    `__spec__`, which makes it load at once.
    """

    def __getattr__(self, attribute: str) -> Any:
        if sys.modules.get(self.__name__) is self:  # read while the library imports
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


@contextlib.contextmanager
def _deferred(name: str) -> Iterator[None]:
    """While importing a library, its `import name` binds a stand-in (above), unless the
    real module is loaded already. Only that library sees the stand-in: `sys.modules` is
    left as it was, so anyone else importing `name` gets the real module."""
    if name in sys.modules:
        yield
        return
    stand_in = _ImportedOnFirstUse(name)
    package, _, child = name.rpartition(".")
    sys.modules[name] = stand_in
    if package:  # `import a.b` then reads a.b: the package holds the stand-in until
        setattr(importlib.import_module(package), child, stand_in)  # the real one loads
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


@lru_cache(maxsize=1)
def _premailer() -> Any:
    """premailer's class, imported on first use, with cssutils' validation profiles removed,
    and `requests` left unloaded until it is used.

    premailer imports `requests` (~110 ms with urllib3 and charset_normalizer) only to fetch
    external stylesheets, which an offline build (`allow_network=False`) never does.

    `disable_validation=True` does not reach the code that checks inline `style`
    attributes, so cssutils would still compile its property-validation regexes on the
    first call (~50 ms) only to log what it finds, which the build silences anyway.
    Without profiles every property is simply unchecked; the output bytes are the same.
    """
    with _deferred("urllib.request"):  # cssutils': only to fetch @import'ed sheets
        import cssutils  # type: ignore[import-untyped]  # premailer's CSS parser, no stubs
    with _deferred("requests"):
        from premailer import Premailer

    cssutils.profile.removeProfile(all=True)
    return Premailer


def inline_css(html: str) -> str:
    """Inlines CSS with premailer, keeping the doctype and MJML's mobile media queries.

    premailer 3.10 drops a lowercase `<!doctype html>` (what MJML emits), which puts
    browsers in quirks mode, so the doctype is uppercased first. `strip_important=False`
    keeps the `!important` MJML's @media rules rely on; `allow_network=False` keeps the
    build offline. MJML's resets stay in the head instead of on every cell, and adjacent
    Outlook-only comments are merged: a lighter email with the same rendering. CSS heights
    are not copied into height attributes (an image's would be height="auto", not HTML). A failing
    inliner fails the build: unstyled mail never ships.
    """
    html = _DOCTYPE.sub("<!DOCTYPE html>", html, count=1)
    html = _RESETS.sub(r'<style\1 data-premailer="ignore">\2', html, count=1)
    inliner = _premailer()(
        html,
        allow_network=False,
        strip_important=False,
        keep_style_tags=True,
        remove_classes=False,
        disable_validation=True,
        # premailer would copy a CSS height into a height attribute: an image's `height:
        # auto` into height="auto", which HTML does not allow. MJML writes the heights
        # Outlook needs as attributes itself; the width attribute and the CSS size images.
        disable_basic_attributes=["height"],
        cssutils_logging_level=logging.CRITICAL,
    )
    return _SPLIT_CONDITIONAL.sub("", str(inliner.transform()))
