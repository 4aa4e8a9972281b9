"""Reads settings files into their dataclasses, reporting every problem at once.

One mechanism for publication.toml, edition.toml and a brief's front matter: the raw
mapping (from tomllib or YAML) is walked against the dataclass's type hints, so a new
setting needs no loader code. Each problem names its dotted key and, when the key can be
found in the text unambiguously, its line (neither tomllib nor our YAML loader give
positions). Secrets are refused in files: they come from the environment only.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from publisher.config.fields import (
    array_table_of,
    is_required,
    named_table_of,
    optional_of,
    type_hints,
)
from publisher.config.settings import ScheduleSection, Settings
from publisher.config.validators import Problem, holiday_subdivisions
from publisher.errors import ConfigError, ProblemList, PublisherError

# Dotted old key -> dotted new key, so that a renamed setting says where it went.
RENAMED: dict[str, str] = {}
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a mapping of settings came from, to point each problem at its line."""

    path: Path
    lines: dict[str, list[int]]
    error: type[PublisherError] = ConfigError
    # Put before each key in messages ("front matter titel: unknown key").
    label: str = ""
    top: str = "the top level"


def load_settings(path: Path) -> Settings:
    """The validated publication.toml at `path`; raises ConfigError or a ProblemList."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = "run `publisher init .` to start a publication here, or pass --config FILE"
        raise ConfigError("publication config not found", path, hint=hint) from None
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror or type(error).__name__}", path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text: {error}", path) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise toml_syntax_error(error, path, ConfigError) from None
    report = _Report(Source(path, toml_key_lines(text)))
    settings: Settings | None = report.section(Settings, raw, "")
    report.check_subdivision(raw.get("schedule"))
    report.raise_problems()
    assert settings is not None
    return dataclasses.replace(settings, root=path.parent.resolve())


def read_settings(cls: type[T], raw: dict[str, Any], source: Source) -> T:
    """An instance of dataclass `cls` from `raw`; raises every problem together."""
    report = _Report(source)
    value: T | None = report.section(cls, raw, "")
    report.raise_problems()
    assert value is not None
    return value


def toml_syntax_error(
    error: tomllib.TOMLDecodeError, path: Path, kind: type[PublisherError]
) -> PublisherError:
    """tomllib's message as a `kind` error with the line and column it gives, and a hint."""
    message = str(error) or type(error).__name__
    where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if where is None:
        return kind(f"invalid TOML: {message}", path)
    reason = message[: where.start()]
    hint = 'text needs quotes, as in name = "GlobalPost"' if reason == "Invalid value" else None
    line, column = int(where[1]), int(where[2])
    return kind(f"invalid TOML: {reason} (column {column})", path, line, hint)


_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"[ \t]*\[(\[?)[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGNMENT = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_STRING_START = re.compile(r"\"\"\"|'''|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#")
_STRING_END = {'"""': re.compile(r'(?:\\.|[^\\])*?"""'), "'''": re.compile(r".*?'''")}


def toml_key_lines(text: str) -> dict[str, list[int]]:
    """Dotted key or table -> the lines that declare it, found by scanning the text."""
    found: dict[str, list[int]] = {}
    table = ""
    for number, line in _lines_outside_strings(text):
        if header := _HEADER.match(line):
            table = _dotted(header[2])
            found.setdefault(table, []).append(number)
        elif assignment := _ASSIGNMENT.match(line):
            key = _dotted(assignment[1])
            found.setdefault(f"{table}.{key}" if table else key, []).append(number)
    return found


def _dotted(keys: str) -> str:
    return ".".join(key.strip("\"'") for key in re.findall(_KEY, keys))


def _lines_outside_strings(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines (counted as TOML counts them) that do not start inside a string."""
    closing: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if closing is None:
            yield number, line
        position = 0
        while True:
            if closing is not None:
                end = _STRING_END[closing].match(line, position)
                if end is None:
                    break
                position, closing = end.end(), None
            token = _STRING_START.search(line, position)
            if token is None or token[0] == "#":
                break
            position = token.end()
            closing = token[0] if token[0] in _STRING_END else None


# tomllib and YAML return exactly these types, so a value's kind is a lookup of its type.
_KINDS: dict[object, str] = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
    type(None): "nothing",
    datetime.datetime: "a date-time",
    datetime.date: "a date",
    datetime.time: "a time",
    tuple[str, ...]: "an array of strings",
    tuple[int, ...]: "an array of integers",
}
_ARRAYS = (tuple[str, ...], tuple[int, ...])


def _quote_hint(value: object) -> str | None:
    """TOML and YAML read an unquoted 2026-12-24 as a date; our settings want the text."""
    if isinstance(value, datetime.date | datetime.time):
        return f'quote it: "{value.isoformat()}"'
    return None


@dataclasses.dataclass
class _Report:
    """The problems found in one settings file, each with its key and line."""

    source: Source
    problems: list[PublisherError] = dataclasses.field(default_factory=list)

    def add(self, key: str, problem: Problem) -> None:
        message = f"{self.source.label}{key}: {problem.message}"
        error = self.source.error(message, self.source.path, self._line(key), problem.hint)
        self.problems.append(error)

    def raise_problems(self) -> None:
        if self.problems:
            problems = sorted(
                self.problems, key=lambda problem: (problem.line is None, problem.line or 0)
            )
            raise problems[0] if len(problems) == 1 else ProblemList(problems)

    def _line(self, key: str) -> int | None:
        """The key's line, else its table's line; none rather than a guess.

        In an array of tables, `rules[2].family` is the second `family` under
        `[[...rules]]`, when every table of the array sets it.
        """
        lines = self.source.lines
        while key:
            plain = re.sub(r"\[\d+\]", "", key)
            found = lines.get(plain, [])
            index = [int(n) for n in re.findall(r"\[(\d+)\]", key)]
            if len(found) == 1 and not index:
                return found[0]
            if index and len(found) == self._array_length(key):
                return found[index[-1] - 1]
            if found:
                return None
            key = key.rpartition(".")[0]
        return None

    def _array_length(self, key: str) -> int:
        """How many tables the innermost array of tables in `key` has."""
        array = re.sub(r"\[\d+\]", "", key[: key.rindex("[")])
        return len(self.source.lines.get(array, []))

    def section(self, cls: Any, table: dict[str, Any], prefix: str) -> Any:
        """An instance of dataclass `cls` from `table`, or None after adding its problems."""
        before = len(self.problems)
        hints = type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
        where = f"[{prefix[:-1]}]" if prefix else self.source.top
        for unknown in sorted(table.keys() - fields.keys(), key=str):
            key = prefix + str(unknown)
            self.add(key, self._unknown(key, table[unknown], list(fields), where))
        values: dict[str, Any] = {}
        for name, field in fields.items():
            key, doc = prefix + name, field.metadata["doc"]
            if field.metadata.get("secret"):
                if name in table:
                    self.add(key, self._secret_in_file(field.metadata["secret"]))
            elif name in table:
                fix = field.metadata.get("hint")
                values[name] = self._value(hints[name], table[name], key, fix)
                check = field.metadata.get("check")
                if values[name] is not None and check and (problem := check(values[name])):
                    self.add(key, Problem(problem.message, fix or problem.hint))
            elif is_required(field) and dataclasses.is_dataclass(hints[name]):
                self.add(key, Problem("missing required table", f"add a [{key}] table: {doc}"))
            elif is_required(field):
                self.add(key, Problem("missing required key", f"add it to {where}: {doc}"))
        return cls(**values) if len(self.problems) == before else None

    @staticmethod
    def _secret_in_file(env: str) -> Problem:
        # The value is never repeated: it may be a real key pasted by mistake.
        return Problem(
            "is a secret and cannot be set in a file",
            f"remove it from the file and set the environment variable {env} instead",
        )

    def _unknown(self, key: str, value: object, known: list[str], where: str) -> Problem:
        if key in RENAMED:
            parent, _, leaf = RENAMED[key].rpartition(".")
            hint = f"write it as {leaf} under [{parent}]" if parent else f"write it as {leaf}"
            return Problem(f"renamed to {RENAMED[key]}", hint)
        close = difflib.get_close_matches(key.rpartition(".")[2], known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"{where} takes: {', '.join(known)}"
        return Problem("unknown table" if isinstance(value, dict) else "unknown key", hint)

    def _value(self, hint: Any, value: object, key: str, fix: str | None = None) -> Any:
        """`value` if it has the type `hint` asks for, else None after adding a problem."""
        if (inner := optional_of(hint)) is not None:
            hint = inner
        if dataclasses.is_dataclass(hint):
            if isinstance(value, dict):
                return self.section(hint, value, key + ".")
        elif (item := array_table_of(hint)) is not None:
            if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
                items = [
                    self.section(item, entry, f"{key}[{number}].")
                    for number, entry in enumerate(value, 1)
                ]
                return None if None in items else tuple(items)
            self.add(key, Problem("expected an array of tables", f"write each as [[{key}]]"))
            return None
        elif (item := named_table_of(hint)) is not None:
            if isinstance(value, dict) and all(isinstance(entry, dict) for entry in value.values()):
                named = {
                    name: self.section(item, entry, f"{key}.{name}.")
                    for name, entry in value.items()
                }
                return None if None in named.values() else MappingProxyType(named)
            self.add(key, Problem("expected named tables", f"write each as [{key}.NAME]"))
            return None
        elif hint in _ARRAYS and isinstance(value, list):
            item_type = typing.get_args(hint)[0]
            odd = [
                (number, entry)
                for number, entry in enumerate(value, 1)
                if type(entry) is not item_type
            ]
            if not odd:
                return tuple(value)
            number, entry = odd[0]
            message = f"expected {_KINDS[hint]}, but item {number} is {_KINDS[type(entry)]}"
            self.add(key, Problem(message, _quote_hint(entry) or fix))
            return None
        elif hint not in _KINDS:
            raise TypeError(f"{key}: the loader cannot read a {hint!r} setting")
        elif type(value) is hint:
            return value
        expected = "a table" if dataclasses.is_dataclass(hint) else _KINDS[hint]
        message = f"expected {expected}, got {_KINDS.get(type(value), type(value).__name__)}"
        self.add(key, Problem(message, _quote_hint(value) or fix))
        return None

    def check_subdivision(self, schedule: object) -> None:
        """`schedule.holiday_subdivision` must be in its country's holiday calendar."""
        if not isinstance(schedule, dict):
            return
        country = schedule.get("holidays", ScheduleSection.holidays)
        subdivision = schedule.get("holiday_subdivision")
        if not isinstance(subdivision, str) or subdivision == "" or not isinstance(country, str):
            return
        key = "schedule.holiday_subdivision"
        if country == "":
            hint = "set schedule.holidays to its country, or leave the subdivision empty"
            self.add(key, Problem(f"{subdivision!r} is set but schedule.holidays is empty", hint))
            return
        subdivisions = holiday_subdivisions(country)
        if subdivisions is None or subdivision in subdivisions:
            return  # an unknown country is reported on schedule.holidays
        hint = f"{country} has: {', '.join(subdivisions)}" if subdivisions else "leave it empty"
        self.add(key, Problem(f"{country} has no holiday subdivision {subdivision!r}", hint))
