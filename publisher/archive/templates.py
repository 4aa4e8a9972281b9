"""The archive's Jinja2 templates: `archive/*.j2`, overridable like the email's.

The same lookup and error reports as the email's (`publisher.templating`), in an
environment of its own: HTML autoescaping and no link tagger.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from publisher.templating import PACKAGED_TEMPLATES, render_named, template_loader

FOLDER = "archive"


@lru_cache(maxsize=4)
def archive_environment(publication_root: Path) -> jinja2.Environment:
    """StrictUndefined, so a misspelt variable fails the run instead of printing blank."""
    return jinja2.Environment(
        loader=template_loader(publication_root),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """One template rendered; a missing or broken one names its file and line."""
    return render_named(environment, name, context, "docs/templates.md (the archive's)")


def templates_fingerprint(publication_root: Path) -> str:
    """SHA-256 over every archive template that could be used, the publication's and ours.

    A changed template changes every page, so the incremental run rewrites them all.
    """
    digest = hashlib.sha256()
    for root in (publication_root / "templates", PACKAGED_TEMPLATES):
        folder = root / FOLDER
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.j2")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()
