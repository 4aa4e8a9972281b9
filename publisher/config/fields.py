"""How a setting is declared: a documented dataclass field, maybe validated, maybe secret.

Secrets (ESP keys, SMTP passwords) are declared with the environment variable they come
from; the loader refuses them in a file and never puts their value in a repr or message.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Any

from publisher.config.validators import Problem

Validator = Callable[[Any], Problem | None]


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """A declaration's field types, resolved once: `typing.get_type_hints` evaluates every
    string annotation again on each call, and every build loads every section."""
    return typing.get_type_hints(cls)


def setting(
    doc: str,
    default: Any = None,
    *,
    required: bool = False,
    check: Validator | None = None,
    example: object = None,
    hint: str | None = None,
    default_factory: Callable[[], Any] | None = None,
) -> Any:
    """A documented field; `required` ones have no default.

    `example` is the clearly marked value `publisher init` writes for a required setting;
    `hint` replaces the generic one when the value has the wrong type or fails `check`.
    """
    metadata = {"doc": doc, "check": check, "example": example, "hint": hint}
    if required:
        return field(metadata=metadata)
    if default_factory is not None:  # a table of named tables: [handoff.NAME]
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def is_required(declared: dataclasses.Field[Any]) -> bool:
    """Whether a setting has no default: the file must give it."""
    return (
        declared.default is dataclasses.MISSING and declared.default_factory is dataclasses.MISSING
    )


class Secret:
    """A value that lives only in the environment, under `env`; its repr never shows it.

    Not a dataclass on purpose: the loader and the generated docs treat dataclasses as
    tables of settings, and a secret is one setting.
    """

    __slots__ = ("env",)

    def __init__(self, env: str) -> None:
        self.env = env

    def value(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """The secret from the environment, or None when it is not set."""
        return environ.get(self.env) or None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.env == self.env

    def __hash__(self) -> int:
        return hash(self.env)

    def __repr__(self) -> str:
        return f"Secret(env={self.env!r})"


def secret(doc: str, env: str) -> Any:
    """A setting read from environment variable `env`, never from a file."""
    return field(default=Secret(env), metadata={"doc": doc, "secret": env, "check": None})


def optional_of(hint: Any) -> Any:
    """X for an optional section or value `X | None`, else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return None


def array_table_of(hint: Any) -> Any:
    """D for `tuple[D, ...]` of a dataclass D (an array of tables: [[boilerplate.rules]])."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0] if dataclasses.is_dataclass(args[0]) else None
    return None


def named_table_of(hint: Any) -> Any:
    """D for `Mapping[str, D]` of a dataclass D (named tables: [handoff.NAME])."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (Mapping, dict) and len(args) == 2:
        return args[1] if dataclasses.is_dataclass(args[1]) else None
    return None


def toml_value(value: object) -> str:
    """A default or example as TOML: a JSON string or number is valid TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)
