"""One validator process: the command to start, what it left behind, and running it.

Every validator is a program nobody on the team wrote, started as its own process; the
runner only starts them side by side and hands what they printed to pure parsers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.record import EML_FILE, HTML_FILE, MJML_FILE, Finding

TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class EditionFiles:
    """The edition's files on disk, where the validators read them, and a scratch folder."""

    folder: Path

    @property
    def html(self) -> Path:
        return self.folder / HTML_FILE

    @property
    def eml(self) -> Path:
        return self.folder / EML_FILE

    @property
    def mjml(self) -> Path:
        return self.folder / MJML_FILE

    def scratch(self, name: str) -> Path:
        """A path of the validator's own (its report, its HOME), made fresh for each run."""
        return self.folder / f"scratch-{name}"


@dataclass(frozen=True)
class Invocation:
    """A validator's command line; `report` is the file it writes, read after it exits."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    report: Path | None = None
    stdin: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What a validator left: exit status, both streams, the report file's text if any."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    report: str | None = None

    def last_words(self) -> str:
        """The last non-empty line it printed: enough to say why a tool failed."""
        lines = [line.strip() for line in (self.stderr + "\n" + self.stdout).splitlines()]
        return next((line for line in reversed(lines) if line), "no output")

    def json_report(self) -> Any:
        """The report file read as JSON; None when the tool left none, or half of one."""
        try:
            return json.loads(self.report or "")
        except json.JSONDecodeError:
            return None

    def failure(self, check: str, what: str, hint: str) -> Finding:
        """The one error of a tool that left no report: `what`, then why in its own words."""
        message = f"{what} (exit {self.returncode}): {self.last_words()}"
        return Finding(check, "error", message, path=HTML_FILE, hint=hint)


class MissingTool(Exception):
    """A validator's program is not installed; the message names it, the hint the fix."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ToolTimeout(Exception):
    """A validator did not finish within its time."""


def run_invocation(invocation: Invocation, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """Runs the command to its end and collects its output; never raises on a failed exit.

    The command gets a process group of its own, so a stuck one is ended with everything
    it started (node's Chromium), not only its first process.
    """
    stdin = invocation.stdin.open("rb") if invocation.stdin is not None else None
    try:
        with subprocess.Popen(
            invocation.argv,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **invocation.env},
            start_new_session=True,
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise ToolTimeout(f"did not finish within {timeout:g} s") from None
    finally:
        if stdin is not None:
            stdin.close()
    report = None
    if invocation.report is not None and invocation.report.exists():
        report = invocation.report.read_text("utf-8", errors="replace")
    return Outcome(
        process.returncode,
        stdout.decode("utf-8", errors="replace"),
        stderr.decode("utf-8", errors="replace"),
        report,
    )
