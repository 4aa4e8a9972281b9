"""html-validate on email.html, with a configuration that allows email markup only.

`htmlvalidate.json` beside this module turns off exactly the rules that email HTML must
break (inline styles, Outlook's conditional comments, presentational attributes); every
other rule of the recommended preset stays an error.
"""

from __future__ import annotations

from typing import Any

from publisher.checks.external.invocation import EditionFiles, Invocation, Outcome
from publisher.checks.external.tools import SCRIPTS, Toolbox
from publisher.record import HTML_FILE, Finding, Severity

NAME = "html-validate"
CONFIG = SCRIPTS / "htmlvalidate.json"
_SEVERITIES: dict[int, Severity] = {2: "error", 1: "warning"}


def command(files: EditionFiles, tools: Toolbox) -> Invocation:
    """The JSON report goes to a file: on a pipe, html-validate cuts it at 64 KiB."""
    cli = tools.package("html-validate") / "bin" / "html-validate.mjs"
    report = files.scratch(NAME).with_suffix(".json")
    return Invocation(
        (
            tools.node(),
            str(cli),
            "--config",
            str(CONFIG),
            f"--formatter=json={report}",
            str(files.html),
        ),
        report=report,
    )


def parse(outcome: Outcome) -> tuple[Finding, ...]:
    """One finding per message, at its line of email.html; no report at all is one error."""
    results: list[dict[str, Any]] | None = outcome.json_report()
    if results is None:
        hint = "run html-validate by hand on the bundle's email.html to see why"
        return (outcome.failure(NAME, "html-validate failed", hint),)
    return tuple(_finding(message) for result in results for message in result["messages"])


def _finding(message: dict[str, Any]) -> Finding:
    rule = message.get("ruleId") or "html-validate"
    return Finding(
        NAME,
        _SEVERITIES.get(message.get("severity", 2), "error"),
        f"{message['message']} [{rule}]",
        path=HTML_FILE,
        line=message.get("line"),
        hint=f"fix the template markup there; {message.get('ruleUrl') or 'see html-validate.org'}",
    )
