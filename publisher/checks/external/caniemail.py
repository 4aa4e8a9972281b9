"""caniemail: HTML and CSS features that some email client does not support at all.

MJML's own output needs about twenty of them, each with a fallback (Outlook's tables,
`@media` for phones); `caniemail-baseline.json` lists those, reviewed, with the reason.
Only a feature outside it is reported: a template change that some reader cannot see.
Partial support is not reported: nearly every property is partial in some client.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.checks.external.invocation import EditionFiles, Invocation, Outcome
from publisher.checks.external.tools import NODE_MODULES_ENV, SCRIPTS, Toolbox
from publisher.record import HTML_FILE, Finding

NAME = "caniemail"
SCRIPT = SCRIPTS / "caniemail.mjs"
BASELINE = SCRIPTS / "caniemail-baseline.json"
_SHOWN_CLIENTS = 4


@dataclass(frozen=True)
class Feature:
    """A feature the email uses, the clients that lack it, and its first line in the HTML."""

    title: str
    unsupported: tuple[str, ...]
    line: int | None


def command(files: EditionFiles, tools: Toolbox) -> Invocation:
    package = tools.package("caniemail")
    report = files.scratch(NAME).with_suffix(".json")
    argv = (tools.node(), str(SCRIPT), str(files.html), str(report))
    return Invocation(argv, env={NODE_MODULES_ENV: str(package.parent)}, report=report)


def unsupported_features(report: list[dict[str, Any]]) -> tuple[Feature, ...]:
    """The features of the report that at least one client does not support."""
    return tuple(
        Feature(entry["title"], tuple(sorted(entry["unsupported"])), entry.get("line"))
        for entry in report
        if entry["unsupported"]
    )


def new_features(report: list[dict[str, Any]], baseline: dict[str, str]) -> tuple[Finding, ...]:
    """One error per unsupported feature that the reviewed baseline does not list."""
    return tuple(
        Finding(
            NAME,
            "error",
            f"{feature.title} is not supported by {_clients(feature.unsupported)}",
            path=HTML_FILE,
            line=feature.line,
            hint="do without it in the template or the brief, or review it into "
            "caniemail-baseline.json",
        )
        for feature in unsupported_features(report)
        if feature.title not in baseline
    )


def parse(outcome: Outcome) -> tuple[Finding, ...]:
    report = outcome.json_report()
    if report is None:
        hint = "run `make node-deps`, then try again"
        return (outcome.failure(NAME, "caniemail did not run", hint),)
    return new_features(report, load_baseline())


def load_baseline(path: Path = BASELINE) -> dict[str, str]:
    """Feature title → why MJML's output needs it though some client lacks it."""
    features: dict[str, str] = json.loads(path.read_text("utf-8"))["features"]
    return features


def _clients(clients: tuple[str, ...]) -> str:
    shown = ", ".join(clients[:_SHOWN_CLIENTS])
    more = len(clients) - _SHOWN_CLIENTS
    return f"{shown} and {more} more" if more > 0 else shown
