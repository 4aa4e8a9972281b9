"""`publisher init`: a publication that builds at once, lists every setting, overwrites nothing."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from publisher.build import build_edition
from publisher.cli import main
from publisher.config import load_settings
from publisher.config.doc import declared_settings
from publisher.config.starter import starter_settings
from publisher.scaffold import name_from_folder

NOW = datetime.fromisoformat("2026-11-25T10:00:00-05:00")
FILES = [
    "publication.toml",
    "content/first-brief.md",
    "content/edition.toml",
    ".gitignore",
    "README.md",
]


def init(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["init", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def contents(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_init_writes_a_publication_that_builds_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "harbour"
    code, out, err = init(capsys, str(folder), "--name", "Harbour Daily")
    assert code == 0
    assert out.splitlines() == [str(folder / name) for name in FILES]
    assert "replace the EXAMPLE values" in err
    built = build_edition(folder / "content", folder / "publication.toml", folder / "dist", now=NOW)
    manifest = json.loads((built.bundle.path / "manifest.json").read_text("utf-8"))
    assert manifest["publication"] == "Harbour Daily"
    assert manifest["from"] == {"name": "Harbour Daily", "address": "newsletter@example.org"}
    assert [brief["slug"] for brief in manifest["briefs"]] == ["first-brief"]
    assert all(not brief["removed"] for brief in manifest["briefs"])
    html = (built.bundle.path / "email.html").read_text("utf-8")
    assert "Harbour Daily starts its daily briefing" in html
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-2:] == ["dist/", "site/"]


def test_the_starter_settings_name_every_declared_setting() -> None:
    text = starter_settings("Harbour Daily")
    tables: dict[str, set[str]] = {}
    table = ""
    for line in text.splitlines():
        line = line.removeprefix("# ")
        if header := re.fullmatch(r"\[\[?([\w.]+)\]\]?", line):
            table = header[1]
        elif assignment := re.fullmatch(r"(\w+) = .*", line):
            tables.setdefault(table, set()).add(assignment[1])
    for key, _default, _doc in declared_settings():
        section, _, name = key.rpartition(".")
        # An array of tables ([[boilerplate.rules]]) is shown by a commented example.
        assert name in tables.get(section, set()) or key in tables, key


def test_the_starter_settings_load_and_mark_their_examples(tmp_path: Path) -> None:
    path = tmp_path / "publication.toml"
    path.write_text(starter_settings("Harbour Daily"), "utf-8")
    settings = load_settings(path)
    assert settings.publication.name == "Harbour Daily"
    assert settings.sender.address == "newsletter@example.org"
    assert settings.schedule.timezone == "America/New_York"  # a default, commented out
    marked = [line for line in path.read_text("utf-8").splitlines() if "# EXAMPLE" in line]
    assert [line.split(" = ")[0] for line in marked] == [
        "website_url",
        "postal_address",
        "address",
        "reply_to",
        "name",
        "address",
        "url",
        "pitch",
        "offer",
        "price",
    ]
    assert all("example" in line.lower() or "$40" in line for line in marked)
    assert tomllib.loads(path.read_text("utf-8"))["publication"]["name"] == "Harbour Daily"


def test_a_name_with_quotes_is_written_as_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "publication.toml"
    path.write_text(starter_settings('The "Harbour" Daily \\ News'), "utf-8")
    assert load_settings(path).publication.name == 'The "Harbour" Daily \\ News'


def test_a_second_init_refuses_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "harbour"
    assert init(capsys, str(folder), "--name", "Harbour Daily")[0] == 0
    (folder / "publication.toml").write_text("# edited by the desk\n", "utf-8")
    before = contents(folder)
    code, out, err = init(capsys, str(folder), "--name", "Another Name")
    assert (code, out) == (2, "")
    assert err == (
        f"error: {folder}: already has publication.toml, content/first-brief.md, "
        "content/edition.toml, .gitignore, README.md; nothing was written\n"
        "  hint: publisher init never overwrites: edit those files, or pick a new folder\n"
    )
    assert contents(folder) == before


def test_one_existing_file_stops_init_before_it_writes_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("Our own notes.\n", "utf-8")
    code, _, err = init(capsys, str(tmp_path))
    assert code == 2
    assert err.startswith(f"error: {tmp_path}: already has README.md; nothing was written\n")
    assert contents(tmp_path) == {"README.md": b"Our own notes.\n"}


def test_init_into_a_file_is_a_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x", "utf-8")
    assert init(capsys, str(target)) == (
        2,
        "",
        f"error: {target}: is a file, not a folder\n"
        "  hint: give publisher init a new or empty folder\n",
    )


def test_without_a_name_init_takes_it_from_the_folder() -> None:
    assert name_from_folder(Path("/tmp/harbour-daily")) == "Harbour Daily"
    assert name_from_folder(Path("/tmp/the_morning_desk")) == "The Morning Desk"


def test_build_without_publication_toml_says_to_run_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    assert main(["build"]) == 2
    assert capsys.readouterr().err == (
        "error: publication.toml: publication config not found\n"
        "  hint: run `publisher init .` to start a publication here, or pass --config FILE\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]
