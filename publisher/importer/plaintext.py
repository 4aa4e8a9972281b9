"""An article pasted as plain text: the headline on the first line, blank lines between paragraphs.

Spaces are layout debris from the website, not typography: every run of spaces, tabs and
no-break spaces (U+00A0) inside a line becomes one plain space, and spaces at the start and
end of a line go (four leading spaces would make a Markdown code block). Everything else,
curly quotes and dashes included, is kept exactly; Markdown characters are escaped so the
brief renders as the text that was pasted.
"""

from __future__ import annotations

import re

from publisher.importer.article import Article
from publisher.importer.escape import escape_line

_SPACES = re.compile(r"[^\S\r\n]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# "Source: NBC News", "Via The Meridian": a credit line, not a sentence that starts with "via",
# so a name after "via" is a few words, each capitalised or short ("The Times of India").
_SOURCE = re.compile(
    r"(?:(?i:source)\s*:\s*(?P<named>.{1,80}?)|(?i:via)\s+(?P<via>[^,.;:!?]{1,60}?))\s*\.?"
)


def tidy_line(line: str) -> str:
    """The line without leading or trailing spaces, inner runs of spaces made one plain space."""
    return _SPACES.sub(" ", line).strip()


def _is_name_word(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or len(word) <= 3


def _source_line(lines: list[str], index: int) -> str:
    """The name credited by the one-line paragraph at `index`, or "" when it is not a credit."""
    is_alone = all(
        not lines[near].strip() for near in (index - 1, index + 1) if 0 <= near < len(lines)
    )
    credit = _SOURCE.fullmatch(lines[index]) if is_alone else None
    if credit is None:
        return ""
    if credit.group("named"):
        return credit.group("named").strip()
    words = credit.group("via").split()
    is_name = len(words) <= 6 and all(_is_name_word(word) for word in words)
    return " ".join(words) if is_name else ""


def _take_source(lines: list[str]) -> str:
    """The source credited at the start or end of the body, blanking that line in `lines`.

    The line is blanked rather than deleted so that later line numbers still match the file.
    """
    filled = [index for index, line in enumerate(lines) if line]
    for index in filled[:1] + filled[-1:]:
        if source := _source_line(lines, index):
            lines[index] = ""
            return source
    return ""


def read_pasted_text(text: str) -> Article:
    """The headline (first non-blank line), any credited source, and the body as Markdown."""
    lines = [tidy_line(line) for line in _LINE_BREAK.split(text)]
    start = next((index for index, line in enumerate(lines) if line), len(lines))
    if start == len(lines):
        return Article(title="", body="")
    body = lines[start + 1 :]
    source = _take_source(body)
    markdown = "\n".join(escape_line(line) for line in body)
    return Article(title=lines[start], body=markdown, body_line=start + 2, source=source)
