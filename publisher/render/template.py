"""Step 2: the edition as MJML (and plain text) from Jinja2 templates.

The default templates ship inside the package. A publication may override any of them by
putting a file of the same name in its own `templates/` folder, which is searched first;
the packaged ones stay reachable as `default/<name>`, so an override can extend the
template it replaces (`{% extends "default/email/partials/brief.mjml.j2" %}`) instead of
copying it whole.

Templates tag their links with the `tracked` filter (`{{ website_url | tracked }}`,
`{{ brief.url | tracked(brief.slug) }}`): it applies the edition's `[tracking]` campaign
tags, through the function `render_email` puts in the context under `TRACKED_URL`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context

from publisher.templating import PACKAGED_TEMPLATES, render_named, template_cache, template_loader

__all__ = ["PACKAGED_TEMPLATES", "render_template", "template_environment", "tracked"]

EDITION_MJML = "email/edition.mjml.j2"
EDITION_TEXT = "email/edition.txt.j2"
# Context key of the edition's link tagger: (url, content=slug or None) -> url as sent.
TRACKED_URL = "_tracked_url"
LinkTagger = Callable[..., str]


@jinja2.pass_context
def tracked(context: Context, url: object, content: object = None) -> str:
    """The filter `tracked`: the link with the edition's campaign tags, when it gets them.

    `content` (a brief's slug) becomes utm_content. The tagger comes from the context, as
    the cached environment is shared by every edition of the publication.
    """
    tagger: LinkTagger = context[TRACKED_URL]
    return tagger(str(url), content=None if content is None else str(content))


@lru_cache(maxsize=4)
def template_environment(publication_root: Path) -> jinja2.Environment:
    """StrictUndefined so a typo in a template fails the build instead of printing blank.

    Cached per publication: Jinja re-reads a template whose file changed, so a long-lived
    process (the preview) still sees edits, without recompiling on every render.
    """
    environment = jinja2.Environment(
        loader=template_loader(publication_root),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("mjml.j2", "html.j2"), default_for_string=True, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_cache("email"),
    )
    environment.filters["tracked"] = tracked
    return environment


def render_template(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Renders one template; a missing or broken template names its file and line."""
    return render_named(environment, name, context, "docs/templates.md")
