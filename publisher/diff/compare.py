"""What changed between two snapshots of an edition, in the order an editor reads it:
the inbox row, the briefs' order, each changed brief word by word, links, images, sizes,
and the checks' findings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from publisher.diff.snapshot import BriefSnapshot, Snapshot


@dataclass(frozen=True)
class Field:
    name: str  # subject, preheader, sender, send time
    old: str
    new: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a changed brief: `same` (folded), `added`, `removed` or `changed`,
    with the words as (kind, text) runs: kind is "same", "added" or "removed"."""

    kind: str
    words: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BriefChange:
    slug: str
    title: str
    old_title: str
    paragraphs: tuple[Paragraph, ...]
    links: tuple[tuple[str, str, str], ...]  # (kind, visible text, address or "old -> new")
    images: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class EditionDiff:
    old: str
    new: str
    fields: tuple[Field, ...] = ()
    added: tuple[str, ...] = ()  # brief titles
    removed: tuple[str, ...] = ()
    moved: tuple[tuple[str, int, int], ...] = ()  # (title, old position, new position), 1-based
    briefs: tuple[BriefChange, ...] = ()
    sizes: tuple[tuple[str, int, int], ...] = ()  # (part, old bytes, new bytes)
    findings_new: tuple[str, ...] = ()
    findings_gone: tuple[str, ...] = ()

    @property
    def has_changes(self) -> bool:
        parts = (self.fields, self.added, self.removed, self.moved, self.briefs, self.sizes)
        return any(parts) or bool(self.findings_new or self.findings_gone)


def compare(old: Snapshot, new: Snapshot) -> EditionDiff:
    fields = tuple(
        Field(name, before, after)
        for name, before, after in (
            ("subject", old.subject, new.subject),
            ("preheader", old.preheader, new.preheader),
            ("sender", old.sender, new.sender),
            ("send time", old.send_at, new.send_at),
        )
        if before != after
    )
    old_by_slug = {brief.slug: brief for brief in old.briefs}
    new_by_slug = {brief.slug: brief for brief in new.briefs}
    added = tuple(b.title for b in new.briefs if b.slug not in old_by_slug)
    removed = tuple(b.title for b in old.briefs if b.slug not in new_by_slug)
    moved = _moved(old.briefs, new.briefs)
    changed = tuple(
        change
        for brief in new.briefs
        if brief.slug in old_by_slug
        and (change := _brief_change(old_by_slug[brief.slug], brief)) is not None
    )
    sizes = tuple(
        (part, before, after)
        for part, before, after in (
            ("email", old.html_bytes, new.html_bytes),
            ("text part", old.text_bytes, new.text_bytes),
        )
        if before != after
    )
    old_findings = {_finding(f) for f in old.findings if f.severity != "notice"}
    new_findings = {_finding(f) for f in new.findings if f.severity != "notice"}
    return EditionDiff(
        old=old.label,
        new=new.label,
        fields=fields,
        added=added,
        removed=removed,
        moved=moved,
        briefs=changed,
        sizes=sizes,
        findings_new=tuple(sorted(new_findings - old_findings)),
        findings_gone=tuple(sorted(old_findings - new_findings)),
    )


def _finding(finding: object) -> str:
    from publisher.record import Finding

    assert isinstance(finding, Finding)
    where = f" ({finding.location()})" if finding.location() else ""
    return f"{finding.severity}: [{finding.check}] {finding.message}{where}"


def _moved(
    old: tuple[BriefSnapshot, ...], new: tuple[BriefSnapshot, ...]
) -> tuple[tuple[str, int, int], ...]:
    """Briefs present in both whose place among the shared briefs changed."""
    shared = {b.slug for b in old} & {b.slug for b in new}
    old_order = [b.slug for b in old if b.slug in shared]
    new_order = [b for b in new if b.slug in shared]
    return tuple(
        (brief.title, old_order.index(brief.slug) + 1, position)
        for position, brief in enumerate(new_order, 1)
        if old_order.index(brief.slug) + 1 != position
    )


def _brief_change(old: BriefSnapshot, new: BriefSnapshot) -> BriefChange | None:
    paragraphs = _paragraphs(old.paragraphs, new.paragraphs)
    links = _pairs(old.links, new.links)
    images = _pairs(old.images, new.images)
    if (
        old.title == new.title
        and all(p.kind == "same" for p in paragraphs)
        and not links
        and not images
    ):
        return None
    return BriefChange(new.slug, new.title, old.title, paragraphs, links, images)


def _paragraphs(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[Paragraph, ...]:
    result: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(Paragraph("same", (("same", text),)) for text in old[i1:i2])
        elif tag == "delete":
            result.extend(Paragraph("removed", (("removed", text),)) for text in old[i1:i2])
        elif tag == "insert":
            result.extend(Paragraph("added", (("added", text),)) for text in new[j1:j2])
        else:
            olds, news = old[i1:i2], new[j1:j2]
            for index in range(max(len(olds), len(news))):
                if index < len(olds) and index < len(news):
                    result.append(Paragraph("changed", words(olds[index], news[index])))
                elif index < len(olds):
                    result.append(Paragraph("removed", (("removed", olds[index]),)))
                else:
                    result.append(Paragraph("added", (("added", news[index]),)))
    return tuple(result)


def words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The word-level diff of two paragraphs as runs of same, removed and added words."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(b[j1:j2])))
    return tuple(runs)


def _pairs(
    old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str, str], ...]:
    """(visible text, address) pairs compared by their visible text."""
    old_map, new_map = dict(old), dict(new)
    changes = [("removed", text, old_map[text]) for text in old_map if text not in new_map]
    changes += [("added", text, new_map[text]) for text in new_map if text not in old_map]
    changes += [
        ("changed", text, f"{old_map[text]} -> {new_map[text]}")
        for text in new_map
        if text in old_map and old_map[text] != new_map[text]
    ]
    return tuple(changes)
