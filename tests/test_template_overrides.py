"""A publication's own templates/ comes first; the packaged ones stay reachable as default/."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import RenderError
from publisher.templating import PACKAGED_TEMPLATES
from tests.builds import build_fixture, copy_fixture_edition

BRIEF_PARTIAL = Path("email") / "partials" / "brief.mjml.j2"


def test_the_default_templates_ship_inside_the_package() -> None:
    import publisher

    assert Path(publisher.__file__).parent / "templates" == PACKAGED_TEMPLATES
    assert (PACKAGED_TEMPLATES / "email" / "edition.mjml.j2").is_file()
    assert (PACKAGED_TEMPLATES / BRIEF_PARTIAL).is_file()


def build_with_override(tmp_path: Path, name: Path, template: str) -> str:
    """The fixture edition's HTML, built with one template of the publication's own."""
    content, config = copy_fixture_edition(tmp_path)
    override = tmp_path / "templates" / name
    override.parent.mkdir(parents=True)
    override.write_text(template, "utf-8")
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    return (bundle / "email.html").read_text("utf-8")


def test_an_override_extends_the_packaged_partial_and_replaces_one_block(tmp_path: Path) -> None:
    html = build_with_override(
        tmp_path,
        BRIEF_PARTIAL,
        '{% extends "default/email/partials/brief.mjml.j2" %}\n'
        "{% block source %}\n"
        '          <p class="brief-source">Filed by the {{ brief.source }} desk</p>\n'
        "{% endblock %}\n",
    )
    # The replaced block shows in every brief that has a source ...
    assert "Filed by the GlobalPost desk" in html
    assert "Source: <a" not in html
    # ... and the blocks it did not replace still come from the packaged partial.
    assert 'id="ceasefire-talks"' in html
    assert "Geneva" in html


def test_an_mjml_cell_in_a_brief_block_fails_the_build_instead_of_showing_as_markup(
    tmp_path: Path,
) -> None:
    """A brief is one mj-text: a block written when each brief had cells of its own would
    put `<mj-text>` into the HTML as markup, so the build stops and says why."""
    with pytest.raises(RenderError) as raised:
        build_with_override(
            tmp_path,
            BRIEF_PARTIAL,
            '{% extends "default/email/partials/brief.mjml.j2" %}\n'
            "{% block source %}\n"
            '        <mj-text css-class="brief-source">Filed by the desk</mj-text>\n'
            "{% endblock %}\n",
        )
    assert str(raised.value) == (
        "<mj-text> is inside an mj-text or mj-raw, where MJML copies it as HTML"
    )
    assert not (tmp_path / "dist").exists()


def test_an_override_of_a_whole_partial_replaces_it(tmp_path: Path) -> None:
    html = build_with_override(
        tmp_path,
        Path("email") / "partials" / "masthead.mjml.j2",
        "    <mj-section><mj-column><mj-text>The Morning Desk</mj-text></mj-column></mj-section>\n",
    )
    assert "The Morning Desk" in html
    assert "Friday, November 27, 2026" not in html
