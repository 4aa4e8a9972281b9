"""The checks every edition goes through before it goes out: one module each, one registry.

A check is a module with `NAME` and `run(edition) -> Iterator[Finding]`; it never prints.
`publisher build` runs them all on the edition it just rendered and writes the findings
into the manifest; `publisher check BUNDLE` runs them on a bundle on disk; the preview
and the hand-off show and gate on the same findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from publisher.checks import (
    boilerplate,
    compliance,
    copy,
    images,
    integrity,
    links,
    plain_text,
    size,
    structure,
)
from publisher.checks.edition import CheckedEdition
from publisher.config import Settings
from publisher.record import SEVERITIES, Finding


class Check(Protocol):
    NAME: str

    def run(self, edition: CheckedEdition) -> Iterator[Finding]: ...


CHECKS: dict[str, Check] = {
    integrity.NAME: integrity,
    size.NAME: size,
    images.NAME: images,
    links.NAME: links,
    compliance.NAME: compliance,
    copy.NAME: copy,
    structure.NAME: structure,
    plain_text.NAME: plain_text,
    boilerplate.NAME: boilerplate,
}


def run_checks(
    edition: CheckedEdition, checks: Mapping[str, Check] = CHECKS
) -> tuple[Finding, ...]:
    """Every check's findings: errors first, then warnings, then notices, by file and line.

    Each check counts as its `[checks]` level says: "off" is not run, "warning" has its
    errors reported as warnings (the build no longer fails on them).
    """
    found: list[Finding] = []
    for name, check in checks.items():
        level = level_of(edition.settings, name)
        if level == "off":
            continue
        for finding in check.run(edition):
            if level == "warning" and finding.severity == "error":
                finding = dataclasses.replace(finding, severity="warning")
            found.append(finding)
    return sort_findings(found)


def level_of(settings: Settings, check: str) -> str:
    """The check's `[checks]` level; "error" for one that always counts in full."""
    return str(getattr(settings.checks, check.replace("-", "_"), "error"))


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(
        sorted(
            findings,
            key=lambda f: (SEVERITIES.index(f.severity), f.path or "", f.line or 0, f.check),
        )
    )


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """Whether the findings fail the edition: errors, and warnings too when strict."""
    failing = {"error", "warning"} if strict else {"error"}
    return any(finding.severity in failing for finding in findings)


__all__ = ["CHECKS", "Check", "CheckedEdition", "Finding", "has_errors", "run_checks"]
