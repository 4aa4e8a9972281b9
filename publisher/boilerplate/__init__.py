"""Boilerplate: strip what editors pasted from the website, re-add the canonical version."""

from __future__ import annotations

from publisher.boilerplate.rules import Rule, load_rules
from publisher.boilerplate.strip import strip_text
from publisher.content import Brief, Edition, with_removals
from publisher.errors import ContentError, ProblemList

__all__ = ["Rule", "load_rules", "strip_boilerplate", "strip_edition", "strip_text"]


def strip_boilerplate(brief: Brief, rules: tuple[Rule, ...]) -> Brief:
    """The brief with pasted boilerplate removed and recorded in `removals`."""
    body, removals = strip_text(brief.body, rules, brief.body_line)
    return with_removals(brief, body, removals)


def strip_edition(edition: Edition, rules: tuple[Rule, ...]) -> Edition:
    """Every brief of the edition stripped; order, subject and preheader unchanged.

    A brief that was nothing but boilerplate is an error, not a silently empty section.
    """
    briefs = tuple(strip_boilerplate(brief, rules) for brief in edition.briefs)
    emptied = [
        ContentError(
            "brief has no text left once pasted boilerplate is removed",
            brief.path,
            brief.body_line,
            hint="paste the article's text too, or remove the file",
        )
        for brief in briefs
        if not brief.body.strip()
    ]
    if emptied:
        raise ProblemList(emptied)
    return Edition(briefs, edition.subject, edition.preheader)
