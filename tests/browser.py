"""Headless Chromium for tests: evaluate a script against a page, read back JSON.

Debian's chromium is installed by `make system-deps`. Without it these tests skip with a
reason naming that target; with CI=true a missing browser fails the run instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from publisher.checks.external.tools import CHROMIUM_FLAGS

# The project's Chromium flags (off the network, no sandbox as root), for --dump-dom.
FLAGS = (
    "--headless",
    *CHROMIUM_FLAGS,
    "--hide-scrollbars",
    "--window-size=1200,900",
    "--virtual-time-budget=5000",
)
_PROBE = re.compile(r'data-probe="([^"]*)"')
# Blink's PreferredColorScheme values: what `prefers-color-scheme` matches.
COLOR_SCHEMES = {"dark": 0, "light": 1}


def chromium() -> str:
    """The Chromium binary, or a skip (a failure under CI) naming `make system-deps`."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "needs Debian's chromium: run `make system-deps`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run every test)")
        pytest.skip(reason)
    return found


def probe(page: str, script: str, color_scheme: str = "light") -> Any:
    """Loads `page` and returns the JSON value `script` sets as `data-probe` on <html>.

    `color_scheme` ("light" or "dark") is what `prefers-color-scheme` matches.
    """
    marker = f"<script>{script}</script>"
    scheme = f"--blink-settings=preferredColorScheme={COLOR_SCHEMES[color_scheme]}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(page.replace("</body>", f"{marker}</body>", 1), "utf-8")
        profile = f"--user-data-dir={folder}/profile"
        result = subprocess.run(
            [chromium(), *FLAGS, scheme, profile, "--dump-dom", path.as_uri()],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    found = _PROBE.search(result.stdout)
    assert found is not None, f"the probe did not run: {result.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


def probe_in_frame(page: str, width: int, expression: str) -> Any:
    """Evaluates `expression` (with `d`, the framed document) in an iframe `width` px wide.

    A headless window is never narrower than 500 px, so phone widths come from a frame.
    """
    frame = (
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="f" style="border:0;width:{width}px;height:20000px" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></body></html>'
    )
    script = (
        'const f = document.getElementById("f");'
        'f.addEventListener("load", () => { const d = f.contentDocument;'
        f' document.documentElement.setAttribute("data-probe", JSON.stringify({expression})); }});'
    )
    return probe(frame, script)
