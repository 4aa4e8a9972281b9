"""Debian's Chromium, driven by Playwright for Python: for screenshots, tests and the bench.

`playwright install` cannot download browsers on every machine, so the system's Chromium is
launched by its path, with flags that keep it off Google's hosts and out of any profile.
Playwright is imported only here, inside the call, and only by the commands that need it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from publisher.checks.external.tools import CHROMIUM_FLAGS
from publisher.errors import PublisherError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FLAGS = (*CHROMIUM_FLAGS, "--hide-scrollbars")


def missing_chromium() -> PublisherError:
    return PublisherError(
        "Chromium is not installed",
        hint="install Debian's chromium with make system-deps (apt-get install chromium)",
    )


def missing_playwright() -> PublisherError:
    return PublisherError(
        "Playwright for Python is not installed",
        hint="install the browser extra: pip install 'publisher[browser]'",
    )


def chromium_path() -> str:
    """The system's Chromium, or an error naming `make system-deps`."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise missing_chromium()
    return found


@contextmanager
def open_chromium() -> Iterator[Browser]:
    """A headless Chromium for the length of the `with`; closed however it ends."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise missing_playwright() from None
    path = chromium_path()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=path, args=list(FLAGS))
        except Error as error:
            first = (error.message or type(error).__name__).splitlines()[0]
            raise PublisherError(
                f"Chromium did not start: {first}",
                path,
                hint="check that it runs: chromium --headless --no-sandbox --dump-dom about:blank",
            ) from None
        try:
            yield browser
        finally:
            browser.close()
