"""The pages editors work in pass axe-core (WCAG 2.1 A and AA) as the email and the archive
do: the preview page (with findings, and after a failed build) and the diff's HTML report,
at 600 and 375 px, in light and dark colour schemes."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from publisher.build import render_edition
from publisher.checks.external import VALIDATORS, validate
from publisher.checks.external.invocation import EditionFiles
from publisher.diff.compare import compare
from publisher.diff.report import format_html
from publisher.diff.snapshot import read_snapshot
from publisher.preview.markup import render_asset, render_page
from publisher.preview.page import page_view
from publisher.preview.state import BuildProblem, Snapshot
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW
from tests.test_external_checks import require_tools

pytestmark = pytest.mark.slow
FINISHED = datetime(2026, 11, 25, 10, 0, 5, tzinfo=ZoneInfo("America/New_York"))


def _violations(html: str) -> list[tuple[str, str]]:
    toolbox = require_tools("axe")
    with tempfile.TemporaryDirectory() as folder:
        files = EditionFiles(Path(folder))
        files.html.write_text(html, "utf-8")
        findings = validate(VALIDATORS["axe"], files, toolbox)
    return [(finding.severity, finding.message) for finding in findings]


def _preview_page(snapshot: Snapshot) -> str:
    """The page with its stylesheet inlined, as the axe browser loads nothing else."""
    style = render_asset("preview.css").decode("utf-8")
    page = render_page(page_view(snapshot))
    link = '<link rel="stylesheet" href="/preview.css">'
    assert link in page
    return page.replace(link, f"<style>{style}</style>")


def test_the_preview_page_has_no_axe_violations() -> None:
    rendered = render_edition(FIXTURE_EDITION, FIXTURE_CONFIG, datetime.fromisoformat(FIXTURE_NOW))
    assert rendered.findings, "the sample's notices show on the page"
    assert _violations(_preview_page(Snapshot(3, rendered, (), FINISHED, 61.4))) == []


def test_the_preview_page_after_a_failed_build_has_no_axe_violations() -> None:
    problem = BuildProblem("image has no alt text", "content/wind.md:4", "describe the image")
    assert _violations(_preview_page(Snapshot(4, None, (problem,), FINISHED, 12.0))) == []


def test_the_diff_report_has_no_axe_violations(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    before = build_fixture(tmp_path / "before", content, config).bundle.path
    wind = content / "harbor-wind-farm.md"
    wind.write_text(wind.read_text("utf-8").replace("last of 62 steel", "last of 64 steel"))
    (content / "edition.toml").write_text(
        (content / "edition.toml").read_text("utf-8").replace("stall over", "stall again over")
    )
    after = build_fixture(tmp_path / "after", content, config).bundle.path
    page = format_html(compare(read_snapshot(before, "before"), read_snapshot(after, "after")))
    assert "<del>62</del> <ins>64</ins>" in page
    assert _violations(page) == []
