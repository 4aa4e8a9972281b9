"""The archive's pages pass axe-core (WCAG 2.1 A and AA) as the email does: the same
validator, at 600 and 375 px, in light and dark colour schemes."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from publisher.checks.external import VALIDATORS, validate
from publisher.checks.external.invocation import EditionFiles
from tests.archives import Newsroom, newsroom
from tests.test_external_checks import require_tools

pytestmark = pytest.mark.slow
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
PAGES = ("index.html", "2026-11-27/index.html", "2026-12-01-breaking/index.html")


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    built = newsroom(tmp_path_factory.mktemp("axe"))
    built.archive()
    return built


def _with_its_stylesheet(page: Path) -> str:
    """The page with its stylesheet inlined: the validator's browser loads nothing from
    disk or the network, and contrast is judged with the site's own colours."""
    html = page.read_text("utf-8")
    assert _STYLESHEET.search(html), "the page links no stylesheet"
    return _STYLESHEET.sub(
        lambda found: f"<style>{(page.parent / found[1]).read_text('utf-8')}</style>", html
    )


@pytest.mark.parametrize("page", [*PAGES, "months/2026-12.html"])
def test_an_archive_page_has_no_axe_violations(room: Newsroom, page: str) -> None:
    toolbox = require_tools("axe")
    with tempfile.TemporaryDirectory() as folder:
        files = EditionFiles(Path(folder))
        files.html.write_text(_with_its_stylesheet(room.site / page), "utf-8")
        findings = validate(VALIDATORS["axe"], files, toolbox)
    assert [(finding.severity, finding.message) for finding in findings] == []
