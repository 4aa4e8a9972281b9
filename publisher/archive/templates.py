"""The archive's Jinja2 templates: `archive/*.j2`, overridable like the email's.

The same lookup as the email's (`publisher.render.template`): the publication's own
`templates/` first, then the packaged ones, also reachable as `default/<name>` so an
override can extend the one it replaces. Its own environment, because importing the
rendering package loads the MJML compiler and the CSS inliner, which the archive never uses.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from publisher.errors import TemplateError

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_PREFIX = "default"
FOLDER = "archive"


@lru_cache(maxsize=4)
def archive_environment(publication_root: Path) -> jinja2.Environment:
    """StrictUndefined, so a misspelt variable fails the run instead of printing blank."""
    packaged = jinja2.FileSystemLoader(PACKAGED_TEMPLATES)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(publication_root / "templates"),
            packaged,
            jinja2.PrefixLoader({DEFAULT_PREFIX: packaged}),
        ]
    )
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """One template rendered; a missing or broken one names its file and line."""
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
        raise TemplateError(
            f"template uses an unknown value: {error.message or type(error).__name__}",
            _template_file(error) or name,
            hint="check the variable names against docs/templates.md (the archive's)",
        ) from None


def _template_file(error: BaseException) -> str | None:
    """The innermost template file in an error's traceback."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(".j2"):
            found = trace.tb_frame.f_code.co_filename
        trace = trace.tb_next
    return found


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
