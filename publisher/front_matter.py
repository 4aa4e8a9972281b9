"""Brief files as text: UTF-8 with the line of any bad byte, and YAML front matter.

Every problem names the file and the line, so an editor can go straight to it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import ContentError, PublisherError

FRONT_MATTER_KEYS = ("title", "source", "url", "order")


def suggest_key(key: str, allowed: tuple[str, ...]) -> str | None:
    """A "did you mean" for a misspelt key, else the list of keys allowed."""
    close = difflib.get_close_matches(key, allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"


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
        data = yaml.safe_load(block) if block.strip() else {}
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


def _front_matter_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
            return number
        if line.rstrip() == "---":
            return None
    return None


def check_front_matter(data: dict[str, Any], text: str, path: Path) -> list[PublisherError]:
    problems: list[PublisherError] = []
    for key, value in data.items():
        line = _front_matter_line(text, str(key))
        if key not in FRONT_MATTER_KEYS:
            problems.append(
                ContentError(
                    f"unknown front matter key '{key}'",
                    path,
                    line,
                    hint=suggest_key(str(key), FRONT_MATTER_KEYS),
                )
            )
        elif key == "order" and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(
                ContentError(
                    "front matter 'order' must be a whole number",
                    path,
                    line,
                    hint="write it like order: 1 (lower numbers come first)",
                )
            )
        elif key != "order" and not isinstance(value, str):
            problems.append(ContentError(f"front matter '{key}' must be text", path, line))
        elif key == "url" and not re.match(r"https?://[^\s/]+", value):
            problems.append(
                ContentError(
                    "front matter 'url' must start with http:// or https://",
                    path,
                    line,
                    hint="paste the article's full address, such as https://example.org/story",
                )
            )
    return problems
