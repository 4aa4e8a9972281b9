"""What the build took out of each brief: never a failure, always worth a look."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import Finding

NAME = "boilerplate"


def run(edition: CheckedEdition) -> Iterator[Finding]:
    for brief in edition.manifest.briefs:
        for removed in brief.removed:
            text = removed.text if len(removed.text) <= 70 else removed.text[:69] + "…"
            yield Finding(
                NAME,
                "notice",
                f"stripped pasted {removed.family} ({removed.rule}): {text}",
                edition.brief_path(brief),
                removed.line,
                "nothing to do if it is the website's furniture; "
                "otherwise tell us with publisher strip --json",
                brief.slug,
            )
