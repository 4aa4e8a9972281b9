"""The edition diff for a terminal (coloured when it is one), as JSON, or as a web page.

JSON shape (`version` 1), documented in the README ("Edition diff"):
{"version", "old", "new", "changed", "fields": [{"name", "old", "new"}],
 "briefs": {"added": [title], "removed": [title], "moved": [{"title", "from", "to"}],
            "changed": [{"slug", "title", "old_title", "unchanged_paragraphs",
                         "paragraphs": [{"kind", "words": [{"kind", "text"}]}],
                         "links": [{"kind", "text", "address"}], "images": [...]}]},
 "sizes": [{"part", "old", "new"}], "findings": {"appeared": [...], "gone": [...]}}
"""

from __future__ import annotations

import json
from typing import Any

from publisher.diff.compare import BriefChange, EditionDiff

JSON_VERSION = 1
_COLOURS = {"removed": "\033[31m", "added": "\033[32m", "heading": "\033[1m", "end": "\033[0m"}


def _runs(words: tuple[tuple[str, str], ...], colour: bool) -> str:
    shown = []
    for kind, text in words:
        if kind == "same":
            shown.append(text)
        elif colour:
            shown.append(f"{_COLOURS[kind]}{text}{_COLOURS['end']}")
        else:
            shown.append(f"[-{text}-]" if kind == "removed" else f"{{+{text}+}}")
    return " ".join(shown)


def _brief_lines(change: BriefChange, colour: bool) -> list[str]:
    title = (
        change.title
        if change.title == change.old_title
        else (f"{change.old_title} -> {change.title}")
    )
    lines = [f"  brief changed: {title}"]
    folded = 0
    for paragraph in change.paragraphs:
        if paragraph.kind == "same":
            folded += 1
            continue
        if folded:
            lines.append(f"    ({folded} unchanged paragraph{'s' if folded > 1 else ''})")
            folded = 0
        marker = {"added": "+", "removed": "-", "changed": "~"}[paragraph.kind]
        lines.append(f"    {marker} {_runs(paragraph.words, colour)}")
    if folded:
        lines.append(f"    ({folded} unchanged paragraph{'s' if folded > 1 else ''})")
    lines += [f"    link {kind}: {text!r} {address}" for kind, text, address in change.links]
    lines += [f"    image {kind}: {alt!r} {address}" for kind, alt, address in change.images]
    return lines


def format_terminal(diff: EditionDiff, *, colour: bool = False) -> str:
    if not diff.has_changes:
        return f"No changes between {diff.old} and {diff.new}.\n"
    heading = f"Changes from {diff.old} to {diff.new}"
    lines = [f"{_COLOURS['heading']}{heading}{_COLOURS['end']}" if colour else heading]
    lines += [f"  {f.name}: {f.old!r} -> {f.new!r}" for f in diff.fields]
    lines += [f"  brief added: {title}" for title in diff.added]
    lines += [f"  brief removed: {title}" for title in diff.removed]
    lines += [f"  brief moved: {title} ({old} -> {new})" for title, old, new in diff.moved]
    for change in diff.briefs:
        lines += _brief_lines(change, colour)
    lines += [
        f"  size of the {part}: {old / 1024:.1f} KB -> {new / 1024:.1f} KB"
        for part, old, new in diff.sizes
    ]
    lines += [f"  finding appeared: {finding}" for finding in diff.findings_new]
    lines += [f"  finding gone: {finding}" for finding in diff.findings_gone]
    return "\n".join(lines) + "\n"


def as_data(diff: EditionDiff) -> dict[str, Any]:
    def brief(change: BriefChange) -> dict[str, Any]:
        return {
            "slug": change.slug,
            "title": change.title,
            "old_title": change.old_title,
            "unchanged_paragraphs": sum(p.kind == "same" for p in change.paragraphs),
            "paragraphs": [
                {"kind": p.kind, "words": [{"kind": k, "text": t} for k, t in p.words]}
                for p in change.paragraphs
                if p.kind != "same"
            ],
            "links": [{"kind": k, "text": t, "address": a} for k, t, a in change.links],
            "images": [{"kind": k, "alt": t, "address": a} for k, t, a in change.images],
        }

    return {
        "version": JSON_VERSION,
        "old": diff.old,
        "new": diff.new,
        "changed": diff.has_changes,
        "fields": [{"name": f.name, "old": f.old, "new": f.new} for f in diff.fields],
        "briefs": {
            "added": list(diff.added),
            "removed": list(diff.removed),
            "moved": [{"title": t, "from": a, "to": b} for t, a, b in diff.moved],
            "changed": [brief(change) for change in diff.briefs],
        },
        "sizes": [{"part": p, "old": a, "new": b} for p, a, b in diff.sizes],
        "findings": {"appeared": list(diff.findings_new), "gone": list(diff.findings_gone)},
    }


def format_json(diff: EditionDiff) -> str:
    return json.dumps(as_data(diff), indent=2, ensure_ascii=False) + "\n"


def format_html(diff: EditionDiff) -> str:
    """A page a person can read: the same report, from publisher/templates/diff/page.html.j2."""
    import jinja2

    from publisher.templating import render_named, template_loader

    environment = jinja2.Environment(
        loader=template_loader(None),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return render_named(environment, "diff/page.html.j2", {"diff": as_data(diff)}, "README.md")
