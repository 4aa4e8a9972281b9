"""How a setting is declared: a documented dataclass field, maybe validated, maybe secret.

Secrets (ESP keys, SMTP passwords) are declared with the environment variable they come
from; the loader refuses them in a file and never puts their value in a repr or message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from publisher.config.validators import Problem

Validator = Callable[[Any], Problem | None]


def setting(
    doc: str,
    default: Any = None,
    *,
    required: bool = False,
    check: Validator | None = None,
    example: object = None,
) -> Any:
    """A documented field; `required` ones have no default.

    `example` is the clearly marked value `publisher init` writes for a required setting.
    """
    metadata = {"doc": doc, "check": check, "example": example}
    if required:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Secret:
    """A value that lives only in the environment, under `env`; its repr never shows it."""

    env: str

    def value(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """The secret from the environment, or None when it is not set."""
        return environ.get(self.env) or None

    def __repr__(self) -> str:
        return f"Secret(env={self.env!r})"


def secret(doc: str, env: str) -> Any:
    """A setting read from environment variable `env`, never from a file."""
    return field(default=Secret(env), metadata={"doc": doc, "secret": env, "check": None})
