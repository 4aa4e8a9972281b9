"""What the build took out of each brief, what it kept but doubts, and the credit it
gave: never a failure, always worth a look."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import BriefRecord, Finding, RemovedText

NAME = "boilerplate"


def _short(text: str) -> str:
    return text if len(text) <= 70 else text[:69] + "…"


def _removed(edition: CheckedEdition, brief: BriefRecord, removed: RemovedText) -> Finding:
    how = removed.rule if removed.score is None else f"{removed.rule}, score {removed.score}"
    return Finding(
        NAME,
        "notice",
        f"stripped pasted {removed.family} ({how}): {_short(removed.text)}",
        edition.brief_path(brief),
        removed.line,
        "nothing to do if it is the website's furniture; "
        "otherwise tell us with publisher strip --json",
        brief.slug,
    )


def _credited(edition: CheckedEdition, brief: BriefRecord, removed: RemovedText) -> Finding:
    return Finding(
        NAME,
        "notice",
        f"the brief's source is now {removed.credit!r}, the credit of the removed "
        f"{removed.family} line: {_short(removed.text)}",
        edition.brief_path(brief),
        removed.line,
        "wire and partner licences require their credit; write source: in the brief's "
        "front matter to print another",
        brief.slug,
    )


def _suspect(edition: CheckedEdition, brief: BriefRecord, suspect: RemovedText) -> Finding:
    # The signs without their matched words: "second-person +2, story-names -3".
    why = ", ".join(reason.split(" (")[0] for reason in suspect.reasons)
    return Finding(
        NAME,
        "notice",
        f"kept a paragraph that reads like pasted {suspect.family} (score {suspect.score}: "
        f"{why}): {_short(suspect.text)}",
        edition.brief_path(brief),
        suspect.line,
        "delete it if it is the website's furniture, or add a rule under "
        "[[boilerplate.rules]] (publisher strip --learn proposes some); keep it if it is news",
        brief.slug,
    )


def run(edition: CheckedEdition) -> Iterator[Finding]:
    for brief in edition.manifest.briefs:
        for removed in brief.removed:
            yield _removed(edition, brief, removed)
            if removed.credit:
                yield _credited(edition, brief, removed)
        for suspect in brief.suspects:
            yield _suspect(edition, brief, suspect)
