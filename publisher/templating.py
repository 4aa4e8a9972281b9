"""Where templates are found and how a broken one is reported, for every family of pages.

The email, the archive, the diff page and the preview all use Jinja2 templates that ship
in the package (`publisher/templates/`). A publication's own `templates/` comes first,
and the packaged ones stay reachable as `default/<name>`, so an override can extend the
template it replaces. Imports only Jinja2, so the archive and the diff need not load the
renderer (MJML, the CSS inliner) to use it.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from publisher.derived_cache import kind_dir
from publisher.errors import TemplateError

PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"
# The packaged template `email/x.j2` is also `default/email/x.j2`, for overrides to extend.
DEFAULT_PREFIX = "default"
_NO_ATTRIBUTE = re.compile(r"^'[^']*' has no attribute '([^']*)'$")


def template_loader(publication_root: Path | None) -> jinja2.BaseLoader:
    """The publication's templates/ (when there is a publication), then the packaged ones."""
    packaged = jinja2.FileSystemLoader(PACKAGED_TEMPLATES)
    own = [jinja2.FileSystemLoader(publication_root / "templates")] if publication_root else []
    return jinja2.ChoiceLoader([*own, packaged, jinja2.PrefixLoader({DEFAULT_PREFIX: packaged})])


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the derived-data cache. Jinja checks each entry against its
    template's source and its own bytecode version; a write that fails only costs time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(family: str) -> jinja2.BytecodeCache | None:
    """The bytecode cache for one family of templates (`email`, ...): one folder per
    family and Jinja version, as an environment's options shape its compiled code."""
    folder = kind_dir(f"templates-{family}-jinja2-{jinja2.__version__}")
    return None if folder is None else _TemplateCache(str(folder))


def render_named(
    environment: jinja2.Environment, name: str, context: dict[str, Any], variables_doc: str
) -> str:
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
            hint=f"check the variable names against {variables_doc}",
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
