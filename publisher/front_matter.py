"""Brief files as text: UTF-8 with the line of any bad byte, and YAML front matter.

Front matter is declared and validated like publication.toml (`config.read_settings`),
so the same mistake reads the same in every file. Every problem names the file and the
line, so an editor can go straight to it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publisher.config import read_settings, validators
from publisher.config.fields import setting
from publisher.config.loader import Source
from publisher.errors import ContentError


@dataclass(frozen=True, kw_only=True)
class FrontMatter:
    """The `key: value` lines between two `---` lines at the top of a brief."""

    title: str = setting("The headline; else the first # heading, else the first line.", "")
    source: str = setting("Who reported it, printed under the brief.", "")
    url: str = setting(
        "The original article's address.",
        "",
        check=validators.web_url,
        hint="paste the article's full address, such as https://example.org/story",
    )
    order: int | None = setting(
        "A number: lower comes first.", None, hint="write it like order: 1 (lower comes first)"
    )


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER_KEYS = tuple(field.name for field in dataclasses.fields(FrontMatter))


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(
            f"cannot read brief: {error.strerror or type(error).__name__}", path
        ) from None
    try:
        # Decode as UTF-8 and drop the BOM after: "utf-8-sig" would count error offsets
        # from after the BOM, pointing at the wrong byte and line.
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ContentError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            path,
            line,
            hint="save the file as UTF-8",
        ) from None


def _load_yaml(block: str) -> Any:
    """libyaml's safe loader when PyYAML has it (the same values, ten times as fast);
    a block it refuses is read again by the pure-Python one, whose messages and line
    numbers say better what is wrong."""
    try:
        return yaml.load(block, Loader=_FAST_LOADER)  # CSafeLoader or SafeLoader
    except yaml.YAMLError:
        return yaml.safe_load(block)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Returns the front matter mapping, the rest of the text, and the rest's first line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise ContentError(
            "front matter is not closed", path, 1, hint="end it with a line of three dashes: ---"
        )
    block = "\n".join(lines[1:index])
    try:
        data = _load_yaml(block) if block.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or type(error).__name__
        raise ContentError(
            f"front matter is not valid YAML: {problem}",
            path,
            line,
            hint="write front matter as `key: value` lines between two --- lines",
        ) from None
    if not isinstance(data, dict):
        raise ContentError(
            "front matter must be `key: value` lines",
            path,
            2,
            hint=f"allowed keys: {', '.join(FRONT_MATTER_KEYS)}",
        )
    return data, "\n".join(lines[index + 1 :]), index + 2


def _front_matter_lines(text: str) -> dict[str, list[int]]:
    """Each top-level front matter key -> the line it is on."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if key := re.match(r"([^\s:#][^:]*?)\s*:(\s|$)", line):
            lines.setdefault(key[1], []).append(number)
    return lines


def read_front_matter(data: dict[str, Any], text: str, path: Path) -> FrontMatter:
    """The validated front matter; raises every problem in it together."""
    source = Source(
        path, _front_matter_lines(text), ContentError, label="front matter ", top="front matter"
    )
    return read_settings(FrontMatter, data, source)
