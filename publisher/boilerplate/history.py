"""Past briefs to learn from: folders of brief files, and the bundles of past editions.

A bundle's manifest keeps each brief's title and its body as the email carried it (its
text, already stripped by the rules of the day): what recurs there slipped through.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.boilerplate.learn import PastBrief, Proposal, proposals_json, propose_rules
from publisher.boilerplate.rules import Rule, packaged_rules_data
from publisher.content import load_brief
from publisher.errors import ContentError, PublisherError, raise_problems
from publisher.record import MANIFEST_FILE, Manifest

DEFAULT_FOLDERS = (Path("content"), Path("dist"))


@dataclass(frozen=True)
class History:
    """The briefs read, from which folders and bundles, and the bundles left unread."""

    briefs: tuple[PastBrief, ...]
    folders: tuple[Path, ...]
    bundles: tuple[Path, ...]
    unread: tuple[tuple[Path, str], ...]  # a bundle this publisher cannot read, and why


def _is_bundle(path: Path) -> bool:
    return (path / MANIFEST_FILE).is_file()


def _bundle_briefs(bundle: Path) -> list[PastBrief]:
    manifest = Manifest.read(bundle)
    return [
        PastBrief(brief.title, brief.text, f"{bundle}: {brief.file}")
        for brief in manifest.briefs
        if brief.text.strip()
    ]


def _file_briefs(files: Iterable[Path], problems: list[PublisherError]) -> list[PastBrief]:
    briefs: list[PastBrief] = []
    for path in files:
        try:
            brief = load_brief(path)
        except PublisherError as problem:
            problems.append(problem)
            continue
        briefs.append(PastBrief(brief.title, brief.body, str(path)))
    return briefs


def read_history(paths: Sequence[Path] = ()) -> History:
    """Every brief in `paths` (brief files, folders of them, bundles, folders of bundles);
    without paths, content/ and dist/ where they exist. Bad briefs are reported together."""
    given = list(paths) or [path for path in DEFAULT_FOLDERS if path.exists()]
    if not given:
        raise ContentError(
            "nothing to learn from: no content or dist folder here",
            hint="give folders of briefs or bundles: publisher strip --learn DIR...",
        )
    problems: list[PublisherError] = []
    briefs: list[PastBrief] = []
    folders: list[Path] = []
    bundles: list[Path] = []
    unread: list[tuple[Path, str]] = []
    for path in given:
        if not path.exists():
            problems.append(
                ContentError("not found", path, hint="give a folder of briefs or of bundles")
            )
        elif path.is_file():
            briefs.extend(_file_briefs([path], problems))
        elif _is_bundle(path):
            bundles.append(path)
        else:
            if any(path.glob("*.md")):
                folders.append(path)
                briefs.extend(_file_briefs(sorted(path.glob("*.md")), problems))
            bundles.extend(
                sub for sub in sorted(path.iterdir()) if sub.is_dir() and _is_bundle(sub)
            )
    raise_problems(problems)
    for bundle in bundles:
        try:
            briefs.extend(_bundle_briefs(bundle))
        except PublisherError as problem:
            unread.append((bundle, problem.message))
    return History(tuple(briefs), tuple(folders), tuple(bundles), tuple(unread))


@dataclass(frozen=True)
class Learned:
    """What `publisher strip --learn` found: the history it read and the rules it proposes."""

    history: History
    proposals: tuple[Proposal, ...]
    min_briefs: int

    def to_toml(self) -> str:
        """The proposals as `[[boilerplate.rules]]` tables to paste into publication.toml."""
        if not self.proposals:
            return ""
        head = (
            "# Proposed by publisher strip --learn: paragraphs seen in "
            f"{self.min_briefs} or more briefs with different titles.\n"
            "# Review each one before adding it to publication.toml.\n"
        )
        return head + "".join("\n" + proposal.to_toml() for proposal in self.proposals)

    def to_json(self) -> str:
        data = {
            "read": {
                "briefs": len(self.history.briefs),
                "folders": [str(path) for path in self.history.folders],
                "bundles": [str(path) for path in self.history.bundles],
                "unread": [{"bundle": str(p), "reason": why} for p, why in self.history.unread],
            },
            "proposals": proposals_json(self.proposals),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> str:
        """One line for stderr: how many rules from how much history, and what was unread."""
        count = len(self.proposals)
        rules = (
            f"proposed {count} rule{'' if count == 1 else 's'}" if count else "proposed no rules"
        )
        read = len(self.history.briefs)
        where = (
            f"{len(self.history.folders)} folder{'' if len(self.history.folders) == 1 else 's'}, "
            f"{len(self.history.bundles)} bundle{'' if len(self.history.bundles) == 1 else 's'}"
        )
        line = f"{rules} from {read} brief{'' if read == 1 else 's'} ({where})"
        if self.history.unread:
            unread = ", ".join(f"{path} ({why})" for path, why in self.history.unread)
            line += f"; could not read {unread}"
        return line


def learn_rules(paths: Sequence[Path], rules: tuple[Rule, ...]) -> Learned:
    """Rules proposed from the paragraphs that recur in past briefs (see `learn`)."""
    history = read_history(paths)
    minimum = int(packaged_rules_data()["learning"]["min_briefs"])
    return Learned(history, propose_rules(history.briefs, rules), minimum)
