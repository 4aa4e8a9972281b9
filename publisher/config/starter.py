"""The commented publication.toml that `publisher init` writes, from the declarations.

Every setting appears, with its description: required ones hold a clearly marked example
value, the rest are commented out at their default, so the file is the reference and a
new setting shows up in new publications without anyone editing a template.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterator
from typing import Any

from publisher.config.fields import (
    array_table_of,
    is_required,
    named_table_of,
    optional_of,
    toml_value,
    type_hints,
)
from publisher.config.settings import Settings

EXAMPLE_MARK = "# EXAMPLE: replace"
# The one example that is not an example: the name given to `publisher init`.
_THE_NAME = "{name}"
_HEADER = """\
# {name}: the publication's settings, made by `publisher init`.
#
# Values marked EXAMPLE (example.org addresses and the like) are placeholders:
# replace them before the first send. A commented-out key shows its default; remove
# the leading # to change it. Secrets (ESP keys, SMTP passwords) never go in this
# file: they come from the environment variables named below.
"""


def starter_settings(name: str) -> str:
    """publication.toml for a new publication called `name`; it loads as it is."""
    lines = [_HEADER.format(name=name).rstrip("\n")]
    lines += _section(Settings, "", name, commented=False)
    return "\n".join(lines) + "\n"


def _example(field: dataclasses.Field[Any], name: str) -> tuple[str, bool]:
    """The example value as TOML, and whether it is one to replace."""
    example = field.metadata.get("example")
    if example is None:
        raise TypeError(f"required setting {field.name!r} declares no example")
    if not isinstance(example, str):
        return toml_value(example), True
    return toml_value(example.format(name=name)), example != _THE_NAME


def _comment(text: str) -> Iterator[str]:
    for line in textwrap.wrap(text, width=86):
        yield f"# {line}"


def _section(cls: Any, prefix: str, name: str, *, commented: bool) -> Iterator[str]:
    """The keys of `cls`, then its sub-tables, each under its own header."""
    hints = type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]
    tables: list[tuple[dataclasses.Field[Any], Any]] = []
    for field in fields:
        hint = hints[field.name]
        if dataclasses.is_dataclass(optional_of(hint) or hint) or named_table_of(hint):
            tables.append((field, hint))
            continue
        yield from _comment(field.metadata["doc"])
        if env := field.metadata.get("secret"):
            yield f"# {field.name}: from the environment variable {env}, never this file"
        elif (item := array_table_of(hint)) is not None:
            yield f"# [[{prefix}{field.name}]]"
            yield from _section(item, f"{prefix}{field.name}.", name, commented=True)
        elif is_required(field):
            value, is_example = _example(field, name)
            if commented:
                yield f"# {field.name} = {value}"
            else:
                yield f"{field.name} = {value}" + (f"  {EXAMPLE_MARK}" if is_example else "")
        else:
            yield f"# {field.name} = {toml_value(field.default)}"
    for field, hint in tables:
        yield ""
        yield from _comment(field.metadata["doc"])
        key = f"{prefix}{field.name}"
        if (named := named_table_of(hint)) is not None:
            yield f"# [{key}.NAME]"
            yield from _section(named, f"{key}.NAME.", name, commented=True)
            continue
        optional = optional_of(hint) is not None
        yield f"{'# ' if commented or optional else ''}[{key}]"
        section = optional_of(hint) or hint
        yield from _section(section, f"{key}.", name, commented=commented or optional)
