"""The one exception family for problems a user can fix, each with its exit status."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class PublisherError(Exception):
    """A user-facing problem: says what is wrong, where, and what to do about it."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def location(self) -> str:
        """`path:line` (or just `path`), empty when the problem has no file."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ConfigError(PublisherError):
    """publication.toml (or edition.toml) is missing, malformed or invalid."""


class ContentError(PublisherError):
    """A brief, its front matter or the content folder is unusable."""


class TemplateError(PublisherError):
    """An email template is missing or broken."""


class RenderError(PublisherError):
    """A rendering library refused the edition (MJML, the CSS inliner)."""


class HandoffRefused(PublisherError):
    """A hand-off that must not happen as asked: too late, already sent, failing checks."""


class HandoffError(PublisherError):
    """A provider or server failed during a hand-off; the message says what was done."""

    exit_code = 4


class ProblemList(PublisherError):
    """Several problems of one kind, reported together rather than one per run."""

    def __init__(self, problems: Sequence[PublisherError]) -> None:
        first = problems[0]
        super().__init__(first.message, first.path, first.line, first.hint)
        self.problems = list(problems)
        self.exit_code = max(p.exit_code for p in problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def raise_problems(problems: Sequence[PublisherError]) -> None:
    """Raises nothing for no problems, the problem itself for one, a ProblemList for more."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ProblemList(problems)
