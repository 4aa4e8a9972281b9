"""The loader's room to grow: optional sections, named tables and secrets, on stand-in settings.

The hand-off, archive and checks work adds `[handoff.NAME]`, `[archive]` and secrets; these
stand-ins prove the mechanism before those sections exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.config import read_settings, validators
from publisher.config.doc import _settings
from publisher.config.fields import Secret, secret, setting
from publisher.config.loader import Source, toml_key_lines
from publisher.config.starter import _section
from publisher.errors import ConfigError, ProblemList, PublisherError

PATH = Path("publication.toml")


@dataclass(frozen=True, kw_only=True)
class SmtpSection:
    host: str = setting("Server name.", required=True, example="smtp.example.org")
    port: int = setting("Server port.", 587)
    password: Secret = secret("The SMTP password.", env="PUBLISHER_SMTP_PASSWORD")


@dataclass(frozen=True, kw_only=True)
class ArchiveSection:
    base_url: str = setting(
        "Where the archive is served.",
        required=True,
        check=validators.https_url,
        example="https://www.example.org/archive/",
    )


@dataclass(frozen=True, kw_only=True)
class Root:
    archive: ArchiveSection | None = setting("The web archive; off when absent.", None)
    handoff: Mapping[str, SmtpSection] = setting("One table per provider.", default_factory=dict)


def read(text: str) -> Root:
    import tomllib

    return read_settings(Root, tomllib.loads(text), Source(PATH, toml_key_lines(text)))


def problems(text: str) -> list[str]:
    with pytest.raises(PublisherError) as raised:
        read(text)
    error = raised.value
    found = error.problems if isinstance(error, ProblemList) else [error]
    return [f"{problem} | {problem.hint}" for problem in found]


def test_an_optional_section_left_out_is_none() -> None:
    assert read("").archive is None


def test_an_optional_section_given_is_read_and_checked() -> None:
    assert read('[archive]\nbase_url = "https://news.example/archive"\n').archive == (
        ArchiveSection(base_url="https://news.example/archive")
    )
    assert problems('[archive]\nbase_url = "http://news.example"\n') == [
        "publication.toml:2: archive.base_url: not an https address: 'http://news.example'"
        " | start it with https://"
    ]


def test_named_tables_are_read_by_name_with_dotted_keys_in_problems() -> None:
    root = read('[handoff.smtp]\nhost = "mail.example"\n\n[handoff.backup]\nhost = "b.example"\n')
    assert sorted(root.handoff) == ["backup", "smtp"]
    assert root.handoff["smtp"].port == 587
    assert (
        problems('[handoff.smtp]\nhots = "mail.example"\n')
        == [
            "publication.toml:2: handoff.smtp.hots: unknown key | did you mean 'host'?",
            "publication.toml:1: handoff.smtp.host: missing required key"
            " | add it to [handoff.smtp]: Server name.",
        ][::-1]
    )


def test_a_secret_comes_from_the_environment_and_never_shows_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    password = read('[handoff.smtp]\nhost = "mail.example"\n').handoff["smtp"].password
    monkeypatch.delenv("PUBLISHER_SMTP_PASSWORD", raising=False)
    assert password.value() is None
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "hunter2-very-secret")
    assert password.value() == "hunter2-very-secret"
    assert "hunter2" not in repr(read('[handoff.smtp]\nhost = "mail.example"\n'))


def test_a_secret_written_in_the_file_is_refused_without_repeating_it() -> None:
    found = problems('[handoff.smtp]\nhost = "mail.example"\npassword = "hunter2"\n')
    assert found == [
        "publication.toml:3: handoff.smtp.password: is a secret and cannot be set in a file"
        " | remove it from the file and set the environment variable PUBLISHER_SMTP_PASSWORD"
        " instead"
    ]
    assert "hunter2" not in found[0]


def test_a_named_table_that_is_not_a_table_says_how_to_write_it() -> None:
    assert problems('handoff = "smtp"\n') == [
        "publication.toml:1: handoff: expected named tables | write each as [handoff.NAME]"
    ]


def test_the_configuration_table_documents_named_tables_and_secrets() -> None:
    rows = {key: default for key, default, _ in _settings(Root)}
    assert rows == {
        "archive.base_url": "required",
        "handoff.NAME.host": "required",
        "handoff.NAME.port": "`587`",
        "handoff.NAME.password": "environment variable `PUBLISHER_SMTP_PASSWORD`",
    }


def test_problems_are_config_errors_by_default() -> None:
    with pytest.raises(ConfigError):
        read("[archive]\n")


def test_the_starter_file_shows_optional_and_named_sections_commented_out() -> None:
    text = "\n".join(_section(Root, "", "Harbour Daily", commented=False)) + "\n"
    assert "# [archive]\n# Where the archive is served.\n" in text
    assert '# base_url = "https://www.example.org/archive/"\n' in text
    assert "# [handoff.NAME]\n" in text
    assert "# password: from the environment variable PUBLISHER_SMTP_PASSWORD" in text
    assert read(text) == Root()
