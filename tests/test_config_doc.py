from __future__ import annotations

import dataclasses
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest

from publisher.config import Settings
from publisher.config.doc import configuration_table, update_readme
from publisher.config.fields import optional_of
from publisher.errors import PublisherError

README = Path(__file__).resolve().parent.parent / "README.md"


def leaf_keys(cls: Any, prefix: str = "") -> list[str]:
    hints = typing.get_type_hints(cls)
    keys = []
    for field in dataclasses.fields(cls):
        if field.metadata.get("internal"):
            continue
        section = optional_of(hints[field.name]) or hints[field.name]
        if dataclasses.is_dataclass(section):
            keys += leaf_keys(section, f"{prefix}{field.name}.")
        else:
            keys.append(prefix + field.name)
    return keys


def table_keys(table: str) -> list[str]:
    return [line.split("`")[1] for line in table.splitlines()[2:]]


def test_table_has_a_row_for_every_leaf_setting_in_declaration_order() -> None:
    assert table_keys(configuration_table()) == leaf_keys(Settings)
    assert "schedule.timezone" in leaf_keys(Settings)


def test_table_starts_with_its_header() -> None:
    assert configuration_table().splitlines()[:2] == [
        "| Key | Default | Description |",
        "| --- | --- | --- |",
    ]


def test_row_shows_the_default_as_toml_and_the_doc() -> None:
    rows = configuration_table().splitlines()
    assert (
        '| `schedule.timezone` | `"America/New_York"` | IANA time zone the send time is in. |'
        in rows
    )
    assert (
        "| `publication.aliases` | `[]` | "
        + ("Other names the publication goes by, used to recognise pasted boilerplate. |")
        in rows
    )


def test_row_of_a_required_setting_says_required() -> None:
    assert "| `sender.address` | required | Sending address in the From header. |" in (
        configuration_table().splitlines()
    )


def test_update_readme_replaces_only_the_text_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Title\n\n<!-- config-table:start -->\nold\n<!-- config-table:end -->\n\nAfter.\n"
    )
    assert update_readme(readme) is True
    assert readme.read_text() == (
        "# Title\n\n<!-- config-table:start -->\n"
        + configuration_table()
        + "<!-- config-table:end -->\n\nAfter.\n"
    )
    assert update_readme(readme) is False


def test_update_readme_without_markers_says_so(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    with pytest.raises(PublisherError) as caught:
        update_readme(readme)
    assert str(caught.value) == (
        f"{readme}: no <!-- config-table:start --> ... <!-- config-table:end --> markers"
    )


def test_readme_configuration_table_matches_the_settings(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    shutil.copyfile(README, copy)
    update_readme(copy)
    assert README.read_text() == copy.read_text(), (
        "README.md's configuration table is out of date: "
        "run `python -m publisher.config.doc README.md`"
    )
