"""`publisher check` and the findings of `publisher build`, as an editor sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.cli import main
from tests.builds import copy_fixture_edition
from tests.golden import FIXTURE_NOW


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    return copy_fixture_edition(tmp_path)


def build(capsys: pytest.CaptureFixture[str], content: Path, config: Path) -> tuple[int, str, str]:
    return run(
        capsys,
        "build",
        str(content),
        "--config",
        str(config),
        "--out",
        "dist",
        "--now",
        FIXTURE_NOW,
    )


def break_unsubscribe(config: Path) -> None:
    """An override of the footer that drops the unsubscribe link: an error for the checks."""
    footer = config.parent / "templates" / "email" / "partials" / "footer.mjml.j2"
    footer.parent.mkdir(parents=True)
    footer.write_text(
        '{% extends "default/email/partials/footer.mjml.j2" %}\n'
        "{% block legal %}\n"
        "        <mj-text>{{ footer.copyright }}<br />{{ footer.postal_address }}</mj-text>\n"
        "{% endblock %}\n",
        "utf-8",
    )


def test_build_prints_only_the_bundle_on_stdout_and_the_findings_on_stderr(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = build(capsys, *edition)
    assert (code, out) == (0, "dist/2026-11-27\n")
    assert err.startswith("Notices (5)\n  content/ceasefire-talks.md:17  [boilerplate] stripped")
    assert err.endswith("0 errors, 0 warnings, 5 notices\n")


def test_a_build_with_an_error_writes_the_bundle_and_exits_1(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = edition
    break_unsubscribe(config)
    code, out, err = build(capsys, content, config)
    assert (code, out) == (1, "dist/2026-11-27\n")
    assert (
        "Errors (1)\n"
        "  (the email)  [compliance] the HTML has no unsubscribe link to"
        " https://www.globalpost.example/unsubscribe\n"
        "      fix: restore it in the footer template (email/partials/footer.mjml.j2)\n"
    ) in err
    manifest = json.loads(Path("dist/2026-11-27/manifest.json").read_text("utf-8"))
    assert [f["check"] for f in manifest["findings"] if f["severity"] == "error"] == ["compliance"]


def test_check_reads_a_bundle_without_rewriting_it(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = edition
    build(capsys, content, config)
    before = snapshot(Path("dist/2026-11-27"))
    code, out, _ = run(capsys, "check", "dist/2026-11-27", "--config", str(config))
    assert code == 0
    assert out.splitlines()[0] == "dist/2026-11-27"
    assert out.endswith("0 errors, 0 warnings, 5 notices\n")
    assert snapshot(Path("dist/2026-11-27")) == before


def test_check_without_a_bundle_takes_the_newest_in_dist(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = edition
    build(capsys, content, config)
    code, out, _ = run(capsys, "check", "--config", str(config))
    assert (code, out.splitlines()[0]) == (0, "dist/2026-11-27")


def test_check_with_no_bundle_built_says_to_build_first(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, config = edition
    assert run(capsys, "check", "--config", str(config)) == (
        2,
        "",
        "error: dist: no bundle found\n"
        "  hint: run publisher build first, or name the bundle: publisher check dist/2026-11-27\n",
    )


def test_check_of_a_folder_that_is_not_a_bundle_is_a_clear_error(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, config = edition
    assert run(capsys, "check", str(tmp_path / "content"), "--config", str(config)) == (
        2,
        "",
        f"error: {tmp_path / 'content'}: not a bundle (no manifest.json)\n"
        "  hint: give the folder publisher build printed, such as dist/2026-11-27\n",
    )


def test_check_json_has_the_documented_shape(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = edition
    break_unsubscribe(config)
    build(capsys, content, config)
    code, out, _ = run(capsys, "check", "dist/2026-11-27", "--json", "--config", str(config))
    report = json.loads(out)
    assert code == 1
    assert list(report) == ["version", "bundle", "counts", "findings"]
    assert report["counts"] == {"error": 1, "warning": 0, "notice": 5}
    assert report["findings"][0] == {
        "check": "compliance",
        "severity": "error",
        "message": "the HTML has no unsubscribe link to https://www.globalpost.example/unsubscribe",
        "path": None,
        "line": None,
        "hint": "restore it in the footer template (email/partials/footer.mjml.j2)",
        "brief": None,
    }


def test_strict_fails_on_warnings(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = edition
    toml = content / "edition.toml"
    toml.write_text(
        toml.read_text("utf-8").replace(
            'subject = "Geneva ceasefire talks stall over who moves first"',
            'subject = "GENEVA CEASEFIRE TALKS STALL"',
        ),
        "utf-8",
    )
    assert build(capsys, content, config)[0] == 0
    assert run(capsys, "check", "dist/2026-11-27", "--config", str(config))[0] == 0
    code, out, _ = run(capsys, "check", "dist/2026-11-27", "--strict", "--config", str(config))
    assert code == 1
    assert "[copy] the subject is all capitals: 'GENEVA CEASEFIRE TALKS STALL'" in out


@pytest.mark.external
def test_check_external_on_the_sample_finds_nothing_to_fix(
    edition: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from publisher.checks.external import VALIDATORS
    from tests.test_external_checks import require_tools

    for name in VALIDATORS:
        require_tools(name)
    content, config = edition
    build(capsys, content, config)
    code, out, _ = run(capsys, "check", "dist/2026-11-27", "--external", "--config", str(config))
    assert (code, out.splitlines()[-1]) == (0, "0 errors, 0 warnings, 5 notices")
