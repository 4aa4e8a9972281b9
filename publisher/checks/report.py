"""Findings for people and for programs: a table grouped by severity, or JSON.

The JSON shape is documented in the README ("Checks"): it is what the preview page and
other tools read, so change it only with a new `version`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from publisher.record import SEVERITIES, Finding

JSON_VERSION = 1
_HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {severity: sum(f.severity == severity for f in findings) for severity in SEVERITIES}


def summary(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning, 0 notices`."""
    return ", ".join(
        f"{count} {severity}{'' if count == 1 else 's'}"
        for severity, count in counts(findings).items()
    )


def format_table(findings: Sequence[Finding]) -> str:
    """Findings grouped by severity, each with where it is, the check, and the fix."""
    lines: list[str] = []
    for severity in SEVERITIES:
        group = [finding for finding in findings if finding.severity == severity]
        if not group:
            continue
        lines.append(f"{_HEADINGS[severity]} ({len(group)})")
        for finding in group:
            where = finding.location() or "(the email)"
            lines.append(f"  {where}  [{finding.check}] {finding.message}")
            if finding.hint and severity != "notice":
                lines.append(f"      fix: {finding.hint}")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def findings_json(findings: Sequence[Finding], bundle: Path | None) -> str:
    """`{"version", "bundle", "counts", "findings": [{check, severity, message, path, line,
    hint, brief}]}`, stable key order."""
    data = {
        "version": JSON_VERSION,
        "bundle": str(bundle) if bundle is not None else None,
        "counts": counts(findings),
        "findings": [asdict(finding) for finding in findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
