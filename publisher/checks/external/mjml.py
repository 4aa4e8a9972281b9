"""The MJML reference validator: npm `mjml` with strict validation, on email.mjml.

mjml-python (what renders the email) silently drops an unknown tag such as `<mj-buton>`
and lets `align="lefty"` pass; the reference implementation rejects both, with the line.
"""

from __future__ import annotations

import re

from publisher.checks.external.invocation import EditionFiles, Invocation, Outcome
from publisher.checks.external.tools import Toolbox
from publisher.record import MJML_FILE, Finding

NAME = "mjml"
# "Line 37 of /tmp/.../email.mjml (mj-buton) — Element mj-buton doesn't exist or is ..."
_ERROR = re.compile(r"^\s*Line (?P<line>\d+) of .*? \((?P<tag>[^()]*)\) — (?P<message>.+?)\s*$")


def command(files: EditionFiles, tools: Toolbox) -> Invocation:
    """Compiles with `validationLevel=strict`, which fails on any validation error."""
    cli = tools.package("mjml") / "bin" / "mjml"
    output = files.scratch(NAME).with_suffix(".html")
    return Invocation(
        (
            tools.node(),
            str(cli),
            str(files.mjml),
            "--config.validationLevel=strict",
            "-o",
            str(output),
        )
    )


def parse(outcome: Outcome) -> tuple[Finding, ...]:
    """One error per validation message, at its line of email.mjml; a crash is one error."""
    matches = (_ERROR.match(line) for line in (outcome.stderr + outcome.stdout).splitlines())
    findings = tuple(
        Finding(
            NAME,
            "error",
            found["message"],
            path=MJML_FILE,
            line=int(found["line"]),
            hint=f"fix the <{found['tag']}> the template writes there; MJML rejects it",
        )
        for found in matches
        if found is not None
    )
    if findings or outcome.returncode == 0:
        return findings
    return (
        Finding(
            NAME,
            "error",
            f"mjml failed (exit {outcome.returncode}): {outcome.last_words()}",
            path=MJML_FILE,
            hint="run the mjml command by hand on the bundle's email.mjml to see why",
        ),
    )
