"""Cheap checks that keep the house in shape: lean start-up, stages free of the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import publisher
from tests.builds import build_fixture
from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW

PACKAGE = Path(publisher.__file__).parent
HEAVY = {
    "jinja2",
    "markdown_it",
    "mjml",
    "premailer",
    "cssutils",
    "bs4",
    "lxml",
    "yaml",
    "holidays",
    "trafilatura",
}
# What only `publisher import` needs: the article extractor and the libraries it brings.
EXTRACTION = {"trafilatura", "justext", "htmldate", "courlan"}


def _imported_by(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in result.stdout.split()}


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import contextlib, io\nfrom publisher.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])"
    )
    assert _imported_by(code) & HEAVY == set()


@pytest.mark.slow
def test_a_build_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Not the article extractor, nor bs4 (~200 ms: the text part comes from the tokens,
    the checks read lxml), nor `requests` (~110 ms, premailer's, for stylesheets an offline
    build never fetches), nor cssutils' urllib.request (with http and ssl); with the
    derived-data cache warm, not `holidays` either."""
    build_fixture(tmp_path / "first")  # fills the test run's cache
    code = (
        "import contextlib, io\nfrom publisher.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['build', {str(FIXTURE_EDITION)!r}, '--config', {str(FIXTURE_CONFIG)!r},"
        f" '--out', {str(tmp_path)!r}, '--now', {FIXTURE_NOW!r}]) == 0"
    )
    unused = {"bs4", "requests", "urllib3", "holidays", "ssl", "http"}
    assert _imported_by(code) & (EXTRACTION | unused) == set()


@pytest.mark.slow
def test_the_checks_never_import_bs4(tmp_path: Path) -> None:
    """bs4's import costs a build ~200 ms; the checks read the HTML with premailer's lxml."""
    bundle = build_fixture(tmp_path).bundle.path
    code = (
        "from pathlib import Path\nfrom publisher.checks import CheckedEdition, run_checks\n"
        "from publisher.config import load_settings\n"
        f"settings = load_settings(Path({str(FIXTURE_CONFIG)!r}))\n"
        f"assert run_checks(CheckedEdition.read(Path({str(bundle)!r}), settings))"
    )
    assert "bs4" not in _imported_by(code)


def _publisher_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)  # and `from publisher import cli` as publisher.cli:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("publisher")}


def test_pipeline_stages_never_import_the_cli() -> None:
    """The layers contract (`lint-imports`, pyproject.toml) holds the stages in order; this
    covers the modules outside its layers too (`scaffold`, `status`, ...)."""
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _publisher_imports(path) if name == "publisher.cli"
        )
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("cli.py", "__main__.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_render_steps_each_live_in_their_own_module() -> None:
    steps = {"markdown.py", "template.py", "mjml.py", "inline.py", "compact.py", "text.py"}
    assert {path.name for path in (PACKAGE / "render").glob("*.py")} == steps | {"__init__.py"}


def test_schedule_command_imports_no_rendering_library() -> None:
    code = (
        "import contextlib, io\nfrom publisher.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['schedule', '--config', {str(FIXTURE_CONFIG)!r},"
        " '--now', '2026-11-27T15:00']) == 0"
    )
    rendering = HEAVY - {"holidays"}
    assert _imported_by(code) & rendering == set()


@pytest.mark.slow
def test_premailer_s_requests_loads_when_first_used() -> None:
    """The stand-in premailer imports instead of `requests` turns into the real module on
    its first use (a stylesheet fetch), and nobody else ever sees the stand-in."""
    code = (
        "import sys\nfrom publisher.render.inline import inline_css\n"
        "inline_css('<!doctype html><html><head><style>p{color:red}</style></head>"
        "<body><p>x</p></body></html>')\n"
        "assert 'requests' not in sys.modules and 'urllib3' not in sys.modules\n"
        "import premailer.premailer as inliner\n"
        "import requests\n"
        "assert inliner.requests.get is requests.get\n"
        "assert type(sys.modules['requests']).__name__ == 'module'\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr
