"""Regular expressions compiled once per interpreter and kept in the derived-data cache.

The boilerplate rules are about 60 large alternations; `re.compile` spends some 55 ms on
them in every new process, in its pure-Python parser and code generator. What that work
produces is a list of integers for the C matcher, so it is stored and handed back to the
matcher's constructor, which validates it, as `re` does itself. An entry is keyed by the
interpreter's exact version and the matcher's `MAGIC`; the patterns are compared whole
on reading, and a pattern built from a cached entry compares equal to `re.compile`'s
(the test checks it). Anything unexpected, from an unreadable file to a CPython that
builds patterns differently, falls back to `re.compile`.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

from publisher.derived_cache import (
    digest,
    prune_entries,
    read_binary_entry,
    write_binary_entry,
)

KIND = "patterns"
KEPT = 8  # entries kept per family of patterns
Entry = list[Any]  # [pattern, flags, code, groups, groupindex, indexgroup, lengths]
UNBOUNDED = sys.maxsize


class Compiled(NamedTuple):
    """A compiled pattern and the lengths of text it can match whole: none other can
    `fullmatch`, so a text outside them need not be tried at all."""

    pattern: re.Pattern[str]
    shortest: int = 0
    longest: int = UNBOUNDED


def _entry(pattern: str) -> Entry:
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    names = parsed.state.groupdict
    index: list[str | None] = [None] * parsed.state.groups
    for name, number in names.items():
        index[number] = name
    shortest, longest = parsed.getwidth()
    lengths = [shortest, min(longest, UNBOUNDED)]
    return [pattern, parsed.state.flags, code, parsed.state.groups - 1, names, index, lengths]


def _from_entry(entry: Entry) -> Compiled:
    import _sre  # type: ignore[import-not-found]

    pattern, flags, code, groups, names, index, (shortest, longest) = entry
    compiled: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, names, tuple(index))
    return Compiled(compiled, int(shortest), int(longest))


def _matcher_stamp() -> str | None:
    """What the matcher's code depends on; None where this is not CPython's `_sre`, or
    its code words do not fit the array type the entry is stored in."""
    try:
        import _sre

        if array("I").itemsize != _sre.CODESIZE:
            return None
        return f"{_sre.MAGIC} {_sre.CODESIZE} {_sre.MAXGROUPS} {sys.byteorder}"
    except (ImportError, AttributeError):
        return None


def _dump(entries: list[Entry]) -> bytes:
    """A line of JSON (everything but the code), then every pattern's code words."""
    head = [
        [p, flags, groups, names, index, lengths, len(code)]
        for p, flags, code, groups, names, index, lengths in entries
    ]
    words = array("I", [word for entry in entries for word in entry[2]])
    return json.dumps(head, separators=(",", ":")).encode("utf-8") + b"\n" + words.tobytes()


def _load(stored: bytes) -> list[Entry]:
    head, _, body = stored.partition(b"\n")
    words = array("I")
    words.frombytes(body)
    entries, start = [], 0
    for pattern, flags, groups, names, index, lengths, length in json.loads(head):
        code = words[start : start + length].tolist()
        entries.append([pattern, flags, code, groups, names, index, lengths])
        start += length
    if start != len(words):
        raise ValueError("code words left over")
    return entries


def compile_all(name: str, patterns: Sequence[str]) -> list[Compiled]:
    """`re.compile` of each pattern (no flags), from the cache when it holds these
    patterns for this interpreter; otherwise compiled here and stored. Each comes with
    the lengths of text it can match whole (unbounded where `re` is not CPython's).

    `name` groups the entries of one family: only its newest few are kept, so a rule
    file edited every day leaves no trail of stale entries.
    """
    stamp = _matcher_stamp()
    if stamp is None:
        return [Compiled(re.compile(pattern)) for pattern in patterns]
    key = f"{name}-{digest(KIND, stamp, *patterns)}"
    stored = read_binary_entry(KIND, key)
    try:
        cached = _load(stored) if stored is not None else None
        if cached is not None and [entry[0] for entry in cached] == list(patterns):
            return [_from_entry(entry) for entry in cached]
    except (TypeError, ValueError, IndexError, KeyError, RuntimeError):
        pass  # damaged or from another layout: compile afresh
    try:
        entries = [_entry(pattern) for pattern in patterns]
        compiled = [_from_entry(entry) for entry in entries]
    except (AttributeError, TypeError, ValueError, RuntimeError):
        return [Compiled(re.compile(pattern)) for pattern in patterns]
    write_binary_entry(KIND, key, _dump(entries))
    prune_entries(KIND, f"{name}-", KEPT)
    return compiled
