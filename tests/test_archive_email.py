"""Each email's "View in browser" link to its archive page, in both parts, never tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.checks import has_errors
from publisher.config import load_settings
from publisher.tracking import is_tracked
from tests.archives import ARCHIVE_SETTINGS, BASE_URL
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG

pytestmark = pytest.mark.slow
LINK = f'<a href="{BASE_URL}2026-11-27/" style="color:#5c5c5c">View in browser</a>'


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, path = copy_fixture_edition(tmp_path_factory.mktemp("email"))
    path.write_text(path.read_text("utf-8") + ARCHIVE_SETTINGS, "utf-8")
    return path


def test_the_html_part_links_to_the_editions_archive_page(config: Path, tmp_path: Path) -> None:
    built = build_fixture(tmp_path, config=config)
    assert LINK in (built.bundle.path / "email.html").read_text("utf-8")


def test_the_text_part_opens_with_the_same_address(config: Path, tmp_path: Path) -> None:
    built = build_fixture(tmp_path, config=config)
    text = (built.bundle.path / "email.txt").read_text("utf-8")
    assert text.startswith(f"View in browser: {BASE_URL}2026-11-27/\n\nGlobalPost · ")


def test_a_second_edition_links_to_its_own_page(config: Path, tmp_path: Path) -> None:
    built = build_fixture(tmp_path, config=config, edition_name="breaking")
    html = (built.bundle.path / "email.html").read_text("utf-8")
    assert f'<a href="{BASE_URL}2026-11-27-breaking/"' in html


def test_the_link_passes_the_editions_checks(config: Path, tmp_path: Path) -> None:
    with_link = build_fixture(tmp_path / "with", config=config).findings
    without = build_fixture(tmp_path / "without").findings
    assert not has_errors(with_link, strict=True)
    assert [f.message for f in with_link] == [f.message for f in without]


def test_links_into_the_archive_get_no_campaign_tags(config: Path) -> None:
    settings = load_settings(config)
    assert settings.tracking is not None
    assert not is_tracked(f"{BASE_URL}2026-11-27/", settings)
    assert is_tracked("https://www.globalpost.example/", settings)


def test_without_archive_settings_there_is_no_link(tmp_path: Path) -> None:
    built = build_fixture(tmp_path, config=FIXTURE_CONFIG)
    for part in ("email.html", "email.txt", "email.mjml"):
        assert "View in browser" not in (built.bundle.path / part).read_text("utf-8")


@pytest.mark.external
def test_the_linked_email_passes_every_independent_validator(config: Path, tmp_path: Path) -> None:
    from publisher.checks import external
    from publisher.checks.edition import CheckedEdition
    from tests.test_external_checks import require_tools

    for name in external.VALIDATORS:
        require_tools(name)
    built = build_fixture(tmp_path, config=config)
    edition = CheckedEdition.read(built.bundle.path, load_settings(config))
    assert "View in browser" in edition.html
    assert external.run_external(edition) == ()
