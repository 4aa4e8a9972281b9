"""axe-core in headless Chromium: WCAG 2.1 A and AA, at two widths, light and dark.

One browser (Debian's chromium, driven by playwright-core from `axe.mjs`) renders the
email at 600 px (desktop clients) and 375 px (a phone), each in light and in emulated
dark colour scheme, in turn. A violation seen alike in several views is one finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from publisher.checks.external.invocation import EditionFiles, Invocation, Outcome
from publisher.checks.external.tools import CHROMIUM_FLAGS, NODE_MODULES_ENV, SCRIPTS, Toolbox
from publisher.record import HTML_FILE, Finding

NAME = "axe"
SCRIPT = SCRIPTS / "axe.mjs"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
VIEWS = ((600, "light"), (600, "dark"), (375, "light"), (375, "dark"))
# Playwright adds its own headless flag and sets the viewport.
FLAGS = (*CHROMIUM_FLAGS, "--hide-scrollbars")


@dataclass(frozen=True)
class Violation:
    """A rule that failed on the same elements, with every view it failed in."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    views: tuple[str, ...]


def command(files: EditionFiles, tools: Toolbox) -> Invocation:
    playwright = tools.package("playwright-core")
    tools.package("axe-core")
    report = files.scratch(NAME).with_suffix(".json")
    views = [{"width": width, "scheme": scheme} for width, scheme in VIEWS]
    argv = (
        tools.node(),
        str(SCRIPT),
        str(files.html),
        str(report),
        tools.program("chromium", "chromium-browser"),
        json.dumps(FLAGS),
        json.dumps(views),
        json.dumps(TAGS),
    )
    return Invocation(argv, env={NODE_MODULES_ENV: str(playwright.parent)}, report=report)


def violations(report: dict[str, Any]) -> tuple[Violation, ...]:
    """The report's violations in the order first seen; the same rule failing on the same
    elements in several views is one violation."""
    merged: dict[tuple[str, tuple[str, ...]], Violation] = {}
    for run in report["runs"]:
        view = f"{run['width']} px {run['scheme']}"
        for found in run["violations"]:
            targets = tuple(found["targets"]) or ("document",)
            seen = merged.get((found["id"], targets))
            merged[(found["id"], targets)] = Violation(
                found["id"],
                found.get("impact") or "unknown",
                found["help"],
                found["helpUrl"],
                targets,
                (*seen.views, view) if seen else (view,),
            )
    return tuple(merged.values())


def parse(outcome: Outcome) -> tuple[Finding, ...]:
    """One error per violation: rule, impact, views and the first element's selector."""
    report = outcome.json_report()
    if report is None:
        hint = "run `make node-deps` and `make system-deps`, then try again"
        return (outcome.failure(NAME, "axe did not run", hint),)
    return tuple(_finding(violation) for violation in violations(report))


def _finding(violation: Violation) -> Finding:
    count = len(violation.targets)
    others = f" and {count - 1} more" if count > 1 else ""
    return Finding(
        NAME,
        "error",
        f"{violation.rule} ({violation.impact}) at {', '.join(violation.views)}: "
        f"{violation.targets[0]}{others}",
        path=HTML_FILE,
        hint=f"{violation.help} ({violation.help_url})",
    )
