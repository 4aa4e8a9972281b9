"""Independent validators: programs nobody on the team wrote must agree the email is good.

Each validator is a module with `NAME`, `command(files, tools) -> Invocation` (the process
to start) and a pure `parse(outcome) -> tuple[Finding, ...]` (what it printed, as
findings). `run_external` writes the edition to a temporary folder once and runs every
validator as its own process, side by side: the whole check costs about its slowest one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from publisher.checks import sort_findings
from publisher.checks.edition import CheckedEdition
from publisher.checks.external import axe, caniemail, htmlvalidate, mjml, spamassassin
from publisher.checks.external.invocation import (
    TIMEOUT_SECONDS,
    EditionFiles,
    Invocation,
    MissingTool,
    Outcome,
    ToolTimeout,
    run_invocation,
)
from publisher.checks.external.tools import Toolbox, find_toolbox
from publisher.record import Finding


class Validator(Protocol):
    """A validator module: what to start on the edition's files, and how to read its output."""

    NAME: str

    def command(self, files: EditionFiles, tools: Toolbox) -> Invocation: ...

    def parse(self, outcome: Outcome) -> tuple[Finding, ...]: ...


# The slowest first, so they start first: axe (a browser, four views), then SpamAssassin.
VALIDATORS: dict[str, Validator] = {
    axe.NAME: axe,
    spamassassin.NAME: spamassassin,
    mjml.NAME: mjml,
    htmlvalidate.NAME: htmlvalidate,
    caniemail.NAME: caniemail,
}


def run_external(
    edition: CheckedEdition,
    validators: Mapping[str, Validator] = VALIDATORS,
    *,
    tools: Toolbox | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> tuple[Finding, ...]:
    """Every validator's findings, errors first; a missing or stuck tool is an error too."""
    toolbox = tools if tools is not None else find_toolbox()
    with tempfile.TemporaryDirectory(prefix="publisher-external-") as folder:
        files = write_edition(edition, Path(folder))
        with ThreadPoolExecutor(max_workers=max(len(validators), 1)) as pool:
            results = pool.map(
                lambda validator: validate(validator, files, toolbox, timeout),
                validators.values(),
            )
            return sort_findings(finding for found in results for finding in found)


def validate(
    validator: Validator, files: EditionFiles, tools: Toolbox, timeout: float = TIMEOUT_SECONDS
) -> tuple[Finding, ...]:
    """One validator, start to findings."""
    try:
        outcome = run_invocation(validator.command(files, tools), timeout)
    except MissingTool as missing:
        return (Finding(validator.NAME, "error", missing.message, hint=missing.hint),)
    except ToolTimeout as stuck:
        message = f"{validator.NAME} {stuck}"
        return (
            Finding(validator.NAME, "error", message, hint="run it again on a quieter machine"),
        )
    return validator.parse(outcome)


def write_edition(edition: CheckedEdition, folder: Path) -> EditionFiles:
    """The files the validators read, byte for byte as in the bundle."""
    files = EditionFiles(folder)
    files.html.write_bytes(edition.html.encode("utf-8"))
    files.eml.write_bytes(edition.eml)
    files.mjml.write_bytes(edition.mjml.encode("utf-8"))
    return files


__all__ = ["VALIDATORS", "Validator", "run_external", "validate", "write_edition"]
