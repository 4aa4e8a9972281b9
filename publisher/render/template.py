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

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context

from publisher.errors import TemplateError

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The packaged template `email/x.j2` is also `default/email/x.j2`, for overrides to extend.
DEFAULT_PREFIX = "default"
EDITION_MJML = "email/edition.mjml.j2"
EDITION_TEXT = "email/edition.txt.j2"
_NO_ATTRIBUTE = re.compile(r"^'[^']*' has no attribute '([^']*)'$")
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
    packaged = jinja2.FileSystemLoader(PACKAGED_TEMPLATES)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(publication_root / "templates"),
            packaged,
            jinja2.PrefixLoader({DEFAULT_PREFIX: packaged}),
        ]
    )
    environment = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("mjml.j2", "html.j2"), default_for_string=True, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["tracked"] = tracked
    return environment


def render_template(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Renders one template; a missing or broken template names its file and line."""
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateError(
            f"template not found: {error.name}",
            hint="restore it from the project or add it to the publication's templates/",
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"template syntax error: {error.message or type(error).__name__}",
            error.filename or error.name,
            error.lineno,
        ) from None
    except jinja2.UndefinedError as error:
        path, line = _template_position(error)
        # "'dict object' has no attribute 'x'" names Python's type, not the template's value.
        message = _NO_ATTRIBUTE.sub(r"'\1' is undefined", error.message or type(error).__name__)
        raise TemplateError(
            f"template uses an unknown value: {message}",
            path or name,
            line,
            hint="check the variable names against docs/templates.md",
        ) from None


def _template_position(error: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of an error: Jinja maps its frames to template lines."""
    position: tuple[str | None, int | None] = (None, None)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            position = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return position
