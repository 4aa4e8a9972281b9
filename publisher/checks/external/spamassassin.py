"""SpamAssassin on email.eml: local tests only, Bayes off, a throwaway HOME.

Without `-L` its DNS rules fire at random; without its own HOME and Bayes off it would
learn from the mail it tests. An edition scoring above 0.0 has something to fix: a clean
newsletter scores 0, and every point counts against it at the reader's provider.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from publisher.checks.external.invocation import EditionFiles, Invocation, Outcome
from publisher.checks.external.tools import SCRIPTS, Toolbox
from publisher.record import EML_FILE, Finding

NAME = "spamassassin"
HINTS = SCRIPTS / "spamassassin-hints.toml"
_SCORE = re.compile(r"Content analysis details:\s+\((?P<score>-?[\d.]+) points?, (?P<req>-?[\d.]+)")
_RULE = re.compile(r"^\s*(?P<points>-?\d+(?:\.\d+)?)\s+(?P<rule>[A-Z0-9_]+)\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Rule:
    """One rule that fired: its name, the points it added, SpamAssassin's description."""

    name: str
    points: float
    description: str


@dataclass(frozen=True)
class SpamReport:
    """The score and the rules, as the report table of `spamassassin -t` lists them."""

    score: float
    required: float
    rules: tuple[Rule, ...]


def command(files: EditionFiles, tools: Toolbox) -> Invocation:
    program = tools.program("spamassassin")
    home = files.scratch(NAME)
    home.mkdir(exist_ok=True)
    argv = (
        program,
        "-t",
        "-L",
        "--cf=use_bayes 0",
        "--cf=bayes_auto_learn 0",
    )
    return Invocation(argv, env={"HOME": str(home)}, stdin=files.eml)


def read_report(output: str) -> SpamReport | None:
    """The first report table in the output, or None when there is none."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if _SCORE.search(line)), None)
    if start is None:
        return None
    header = _SCORE.search(lines[start])
    assert header is not None
    rules = []
    table = lines[start + 1 :]
    ruler = next((i for i, line in enumerate(table) if line.startswith("----")), len(table))
    for line in table[ruler + 1 :]:
        if not line.strip():
            break
        found = _RULE.match(line)
        if found is not None:
            rules.append(Rule(found["rule"], float(found["points"]), found["text"].strip()))
    return SpamReport(float(header["score"]), float(header["req"]), tuple(rules))


def parse(outcome: Outcome) -> tuple[Finding, ...]:
    """One error when the score is above 0.0, naming the score and each scoring rule."""
    report = read_report(outcome.stdout)
    if report is None:
        return (
            Finding(
                NAME,
                "error",
                f"spamassassin gave no report (exit {outcome.returncode}): {outcome.last_words()}",
                path=EML_FILE,
                hint="run spamassassin -t -L by hand on the bundle's email.eml to see why",
            ),
        )
    if report.score <= 0.0:
        return ()
    scoring = [rule for rule in report.rules if rule.points != 0.0]
    listed = ", ".join(f"{rule.name} {rule.points:+.1f}" for rule in scoring)
    return (
        Finding(
            NAME,
            "error",
            f"SpamAssassin scores {report.score:.1f}" + (f" ({listed})" if listed else ""),
            path=EML_FILE,
            hint=_hint(scoring),
        ),
    )


def _hint(scoring: list[Rule]) -> str:
    """The hint of the highest-scoring rule that has one."""
    hints = rule_hints()
    for rule in sorted(scoring, key=lambda rule: -rule.points):
        if rule.name in hints:
            return hints[rule.name]
    return "look each rule up in SpamAssassin's rule list and change what it names"


@cache
def rule_hints() -> dict[str, str]:
    with HINTS.open("rb") as file:
        return {str(name): str(hint) for name, hint in tomllib.load(file).items()}
