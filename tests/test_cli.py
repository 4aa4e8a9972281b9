"""The command line end to end: what an editor sees on stdout and stderr, and the exit status.

Builds run on a copy of the fixture edition with a pinned clock: `--now 2026-11-25T10:00`
is the Wednesday before Thanksgiving 2026, so the edition sends Friday 2026-11-27.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher import build
from publisher.cli import main
from tests.builds import copy_fixture_edition

BUILD_NOW = "2026-11-25T10:00"
SEND_DATE = "2026-11-27"
# The build's findings: the five paragraphs of pasted boilerplate, as notices.
STRIPPED_WARNING = (
    "Notices (5)\n"
    "  content/ceasefire-talks.md:17  [boilerplate] stripped pasted pitch (inbox-pitch):"
    " Subscribe today and GlobalPost will be in your inbox the next weekday…\n"
    "  content/ceasefire-talks.md:20  [boilerplate] stripped pasted offer (pay-only-offer):"
    " Join us today and pay only $46 for an annual subscription, or less th…\n"
    "  content/ceasefire-talks.md:22  [boilerplate] stripped pasted trial (free-trial):"
    " And you get a free two-week trial with no obligation to continue.\n"
    "  content/ceasefire-talks.md:24  [boilerplate] stripped pasted copyright"
    " (copyright-line): Copyright © 2025 GlobalPost Media Corporation. All Rights Reserved.\n"
    "  content/ceasefire-talks.md:26  [boilerplate] stripped pasted label (share-label):"
    " Copy link\n"
    "0 errors, 0 warnings, 5 notices\n"
)
EMPTY_HINT = "  hint: write a title and the brief's text, or remove the file\n"


@dataclass(frozen=True)
class Edition:
    """A writable copy of the fixture edition and config, and where its bundles go."""

    content: Path
    config: Path
    out: Path

    def build_args(self, *extra: str) -> list[str]:
        return [
            "build",
            str(self.content),
            "--config",
            str(self.config),
            "--out",
            str(self.out),
            "--now",
            BUILD_NOW,
            *extra,
        ]


@pytest.fixture
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Edition:
    monkeypatch.chdir(tmp_path)  # anything written relative to the cwd stays in tmp_path
    content, config = copy_fixture_edition(tmp_path)
    return Edition(content=content, config=config, out=tmp_path / "dist")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Runs the CLI in-process: (exit status, stdout, stderr)."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def entries(folder: Path) -> list[str]:
    """Names in `folder`, hidden ones (an atomic writer's staging folders) included."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def override_template(edition: Edition, name: str, text: str) -> Path:
    """A publication's own template, beside its publication.toml, ahead of the packaged one."""
    path = edition.config.parent.resolve() / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# build


@pytest.mark.slow
def test_build_exits_0(edition: Edition, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(edition.build_args(), capsys)
    assert code == 0


@pytest.mark.slow
def test_build_prints_only_the_bundle_path_on_stdout(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(edition.build_args(), capsys)
    assert out == f"{edition.out / SEND_DATE}\n"


@pytest.mark.slow
def test_build_reports_stripped_boilerplate_as_notices_on_stderr(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run(edition.build_args(), capsys)
    assert err == STRIPPED_WARNING


@pytest.mark.slow
def test_build_writes_only_the_dated_bundle(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    run(edition.build_args(), capsys)
    assert entries(edition.out) == [SEND_DATE]


@pytest.mark.slow
def test_build_in_a_real_process_prints_path_and_warning(edition: Edition) -> None:
    # The machine's zone must not matter: a naive --now is read in the publication's zone.
    env = {**os.environ, "TZ": "Asia/Tokyo", "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "publisher", *edition.build_args()],
        capture_output=True,
        text=True,
        env=env,
        cwd=edition.out.parent,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"{edition.out / SEND_DATE}\n",
        STRIPPED_WARNING,
    )


def test_only_the_command_line_build_runs_without_the_garbage_collector(
    edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's build skips cyclic collection; a caller's process keeps it."""
    import gc

    assert gc.isenabled()
    main(edition.build_args())
    assert gc.isenabled()
    monkeypatch.setattr(sys, "argv", ["publisher", *edition.build_args()])
    try:
        assert main() == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.slow
def test_user_mistake_in_a_real_process_exits_2_without_traceback(edition: Edition) -> None:
    brief = edition.content / "chip-exports.md"
    brief.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "publisher", *edition.build_args()],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"error: {brief}: brief is empty\n{EMPTY_HINT}",
    )


# schedule


@pytest.fixture
def config(edition: Edition) -> str:
    return str(edition.config)


def test_schedule_prints_the_send_time_alone_on_one_line(
    config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["schedule", "--config", config, "--now", "2026-11-27T15:00"]
    assert run(argv, capsys) == (0, "2026-11-30T06:00:00-05:00\n", "")


def test_schedule_reads_a_naive_now_in_the_publications_zone(
    config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # 05:30 in New York is before Friday's 06:00 send; 05:30 UTC would be after Thursday's.
    argv = ["schedule", "--config", config, "--now", "2026-11-27T05:30"]
    _, out, _ = run(argv, capsys)
    assert out == "2026-11-27T06:00:00-05:00\n"


def test_schedule_honours_an_offset_in_now(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    # 05:30 in Los Angeles is 08:30 in New York: Friday's send has gone, Monday's is next.
    argv = ["schedule", "--config", config, "--now", "2026-11-27T05:30-08:00"]
    _, out, _ = run(argv, capsys)
    assert out == "2026-11-30T06:00:00-05:00\n"


def test_schedule_reads_z_as_utc(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    # 10:30Z is 05:30 in New York, before Friday's send; read as local 10:30 it would be after.
    argv = ["schedule", "--config", config, "--now", "2026-11-27T10:30Z"]
    _, out, _ = run(argv, capsys)
    assert out == "2026-11-27T06:00:00-05:00\n"


# user mistakes: exit 2, `error: path:line: message` and its hint on stderr, no bundle

Mistake = Callable[[Edition], tuple[list[str], str]]


def missing_content_folder(edition: Edition) -> tuple[list[str], str]:
    missing = edition.content.parent / "briefs"
    argv = edition.build_args()
    argv[1] = str(missing)
    return argv, (
        f"error: {missing}: content folder not found\n"
        "  hint: create it and put one Markdown file per brief in it\n"
    )


def empty_brief(edition: Edition) -> tuple[list[str], str]:
    brief = edition.content / "chip-exports.md"
    brief.write_text("", encoding="utf-8")
    return edition.build_args(), f"error: {brief}: brief is empty\n{EMPTY_HINT}"


def brief_not_utf8(edition: Edition) -> tuple[list[str], str]:
    brief = edition.content / "monsoon-floods.md"
    brief.write_bytes(brief.read_text(encoding="utf-8").encode("cp1252"))
    return edition.build_args(), (
        f"error: {brief}:9: not valid UTF-8 (byte 0x93)\n  hint: save the file as UTF-8\n"
    )


def bad_front_matter(edition: Edition) -> tuple[list[str], str]:
    brief = edition.content / "harbor-wind-farm.md"
    replace_in(brief, "source: GlobalPost", "souce: GlobalPost")
    return edition.build_args(), (
        f"error: {brief}:3: front matter souce: unknown key\n  hint: did you mean 'source'?\n"
    )


def several_bad_briefs(edition: Edition) -> tuple[list[str], str]:
    empty = edition.content / "chip-exports.md"
    empty.write_text("", encoding="utf-8")
    wind = edition.content / "harbor-wind-farm.md"
    replace_in(wind, "url: https://", "url: ")
    return edition.build_args(), (
        f"error: {empty}: brief is empty\n{EMPTY_HINT}"
        f"error: {wind}:4: front matter url: not a web address:"
        " 'www.example.org/news/harbor-wind-farm-foundations'\n"
        "  hint: paste the article's full address, such as https://example.org/story\n"
    )


def broken_template(edition: Edition) -> tuple[list[str], str]:
    template = override_template(
        edition,
        "email/partials/brief.mjml.j2",
        "<mj-section>\n  <mj-column>\n    <mj-text>{{ brief.title }</mj-text>\n"
        "  </mj-column>\n</mj-section>\n",
    )
    return edition.build_args(), f"error: {template}:3: template syntax error: unexpected '}}'\n"


def undefined_template_variable(edition: Edition) -> tuple[list[str], str]:
    template = override_template(
        edition,
        "email/partials/brief.mjml.j2",
        "<mj-section>\n  <mj-column>\n    <mj-text>{{ headline }}</mj-text>\n"
        "  </mj-column>\n</mj-section>\n",
    )
    return edition.build_args(), (
        f"error: {template}:3: template uses an unknown value: 'headline' is undefined\n"
        "  hint: check the variable names against docs/templates.md\n"
    )


def bad_now(edition: Edition) -> tuple[list[str], str]:
    argv = edition.build_args()
    argv[argv.index(BUILD_NOW)] = "next Friday"
    return argv, (
        "error: --now is not an ISO 8601 date and time: 'next Friday'\n"
        "  hint: write it like 2026-11-27T15:30 or 2026-11-27T15:30:00-05:00\n"
    )


def bad_now_for_schedule(edition: Edition) -> tuple[list[str], str]:
    argv = ["schedule", "--config", str(edition.config), "--now", "2026-11-31T06:00"]
    return argv, (
        "error: --now is not an ISO 8601 date and time: '2026-11-31T06:00'\n"
        "  hint: write it like 2026-11-27T15:30 or 2026-11-27T15:30:00-05:00\n"
    )


def config_unknown_key(edition: Edition) -> tuple[list[str], str]:
    replace_in(edition.config, 'send_time = "06:00"', 'send_tme = "06:00"')
    line = line_of(edition.config, 'send_tme = "06:00"')
    return edition.build_args(), (
        f"error: {edition.config}:{line}: schedule.send_tme: unknown key\n"
        "  hint: did you mean 'send_time'?\n"
    )


def missing_config(edition: Edition) -> tuple[list[str], str]:
    edition.config.unlink()
    return edition.build_args(), (
        f"error: {edition.config}: publication config not found\n"
        "  hint: run `publisher init .` to start a publication here, or pass --config FILE\n"
    )


MISTAKES: dict[str, Mistake] = {
    "missing-content-folder": missing_content_folder,
    "empty-brief": empty_brief,
    "brief-not-utf8": brief_not_utf8,
    "bad-front-matter": bad_front_matter,
    "several-bad-briefs": several_bad_briefs,
    "broken-template": broken_template,
    "undefined-template-variable": undefined_template_variable,
    "bad-now": bad_now,
    "bad-now-for-schedule": bad_now_for_schedule,
    "config-unknown-key": config_unknown_key,
    "missing-config": missing_config,
}


@pytest.fixture(params=list(MISTAKES.values()), ids=list(MISTAKES))
def mistake(request: pytest.FixtureRequest, edition: Edition) -> tuple[list[str], str]:
    make: Mistake = request.param
    return make(edition)


def test_user_mistake_exits_2(
    mistake: tuple[list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv, _ = mistake
    code, _, _ = run(argv, capsys)
    assert code == 2


def test_user_mistake_is_reported_on_stderr_with_its_hint_and_no_traceback(
    mistake: tuple[list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv, expected = mistake
    _, out, err = run(argv, capsys)
    assert (out, err) == ("", expected)


def test_user_mistake_writes_no_bundle(
    mistake: tuple[list[str], str], edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, _ = mistake
    run(argv, capsys)
    assert entries(edition.out) == []


def test_out_that_is_a_file_is_a_user_mistake(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    edition.out.write_text("", encoding="utf-8")
    code, _, _ = run(edition.build_args(), capsys)
    assert code == 2


@pytest.mark.slow
def test_failed_rebuild_leaves_the_earlier_bundle_byte_for_byte(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    run(edition.build_args(), capsys)
    before = snapshot(edition.out / SEND_DATE)
    (edition.content / "chip-exports.md").write_text("", encoding="utf-8")
    code, _, _ = run(edition.build_args(), capsys)
    assert (code, snapshot(edition.out / SEND_DATE)) == (2, before)


@pytest.mark.slow
def test_failed_rebuild_leaves_no_staging_folders(
    edition: Edition, capsys: pytest.CaptureFixture[str]
) -> None:
    run(edition.build_args(), capsys)
    override_template(edition, "email/partials/brief.mjml.j2", "{{ headline }}\n")
    run(edition.build_args(), capsys)
    assert entries(edition.out) == [SEND_DATE]


# internal errors and interruptions


def fail_rendering(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def render_email(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(build, "render_email", render_email)


def test_internal_error_exits_3(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_rendering(monkeypatch, RuntimeError("template cache is corrupt"))
    code, _, _ = run(edition.build_args(), capsys)
    assert code == 3


def test_internal_error_asks_for_a_report_without_a_traceback(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_rendering(monkeypatch, RuntimeError("template cache is corrupt"))
    _, _, err = run(edition.build_args(), capsys)
    assert err == (
        "internal error: RuntimeError: template cache is corrupt (please report this)\n"
        "  hint: run again with --debug for the traceback\n"
    )


def test_internal_error_without_text_is_named_by_its_class(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_rendering(monkeypatch, RuntimeError())
    _, _, err = run(edition.build_args(), capsys)
    assert err == (
        "internal error: RuntimeError (please report this)\n"
        "  hint: run again with --debug for the traceback\n"
    )


def test_internal_error_with_debug_shows_the_traceback(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_rendering(monkeypatch, RuntimeError("template cache is corrupt"))
    _, _, err = run(["--debug", *edition.build_args()], capsys)
    assert re.fullmatch(
        r"internal error: RuntimeError: template cache is corrupt \(please report this\)\n"
        r"Traceback \(most recent call last\):\n.*\nRuntimeError: template cache is corrupt\n",
        err,
        flags=re.DOTALL,
    )


def test_interrupted_build_exits_130(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_rendering(monkeypatch, KeyboardInterrupt())
    assert run(edition.build_args(), capsys) == (130, "", "interrupted\n")


# help


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0


def test_help_lists_the_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert re.findall(r"^    (\w+)(?: |$)", capsys.readouterr().out, flags=re.MULTILINE) == [
        "build",
        "check",
        "handoff",
        "dispatch",
        "cancel",
        "diff",
        "approve",
        "status",
        "init",
        "schedule",
        "strip",
        "import",
        "archive",
        "preview",
        "screenshots",
    ]
