"""`python -m publisher.checks.external BUNDLE [--config FILE]`: the validators on a bundle.

Prints each finding on one line (`severity: location: check: message`, then its hint);
exit status 1 when one is an error, 2 when the bundle or config cannot be read. Stands
in for `publisher check --external` in `make check-external`, and imports as little.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from publisher.checks.edition import CheckedEdition
from publisher.checks.external import VALIDATORS, run_external
from publisher.config import load_settings
from publisher.errors import ProblemList, PublisherError
from publisher.record import Finding


def format_finding(finding: Finding) -> str:
    """`error: email.mjml:37: mjml: Element mj-buton ...`, and `  hint: ...` below it."""
    where = finding.location()
    line = f"{finding.severity}: {where + ': ' if where else ''}{finding.check}: {finding.message}"
    return f"{line}\n  hint: {finding.hint}" if finding.hint else line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m publisher.checks.external",
        description="Runs the independent validators (" + ", ".join(VALIDATORS) + ") on a bundle.",
    )
    parser.add_argument("bundle", metavar="BUNDLE_DIR", help="a folder publisher build wrote")
    parser.add_argument(
        "--config", default="publication.toml", metavar="FILE", help="default: publication.toml"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=list(VALIDATORS),
        metavar="NAME",
        help="run only this validator (repeatable)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(Path(args.config))
        edition = CheckedEdition.read(Path(args.bundle), settings)
    except PublisherError as error:
        for problem in error.problems if isinstance(error, ProblemList) else [error]:
            print(f"error: {problem}", file=sys.stderr)
            if problem.hint:
                print(f"  hint: {problem.hint}", file=sys.stderr)
        return error.exit_code
    validators = {name: VALIDATORS[name] for name in args.only} if args.only else VALIDATORS
    findings = run_external(edition, validators)
    for finding in findings:
        print(format_finding(finding))
    errors = sum(finding.severity == "error" for finding in findings)
    counted = f"{errors} error{'' if errors == 1 else 's'}"
    print(f"external checks ({', '.join(validators)}): {counted}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
