"""Markdown escapes for text that was never Markdown, so that it renders as the same words.

Only what CommonMark would read as markup gets a backslash: inside a line `*`, backticks,
`_` at a word's edge (`snake_case` stays), `](`, an entity such as `&amp;`, an autolink's
`<` and backslashes; at a line's start a heading `#`, a quote `>`, a bullet `-`/`+`/`*`
and a space, a number and `.` or `)`, a rule, a fence, a setext underline or a link
definition. Curly quotes, dashes and every other character stay as they are.
"""

from __future__ import annotations

import re

_INLINE = re.compile(
    r"[\\*`]"  # escapes, emphasis and code spans
    r"|(?<![^\W_])_|_(?![^\W_])"  # `_` unless between letters or digits
    r"|\](?=\()"  # the middle of [text](address)
    r"|&(?=#?\w+;)"  # an entity or character reference
    r"|<(?=[^\s<>]*[:@][^\s<>]*>)"  # <https://...> or <name@example.org>
)
_NUMBERED = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
_BLOCK_START = re.compile(
    r"#{1,6}(?:\s|$)"  # heading
    r"|>"  # block quote
    r"|[-+*](?:\s|$)"  # bullet
    r"|[-=]+\s*$"  # setext underline
    r"|(?:[-*_]\s*){3,}$"  # thematic break
    r"|```|~~~"  # code fence
    r"|\[[^\]]*\]:"  # link reference definition
)


def escape_inline(text: str) -> str:
    """`text` with the characters escaped that CommonMark would read as inline markup."""
    return _INLINE.sub(lambda found: "\\" + found.group(0), text)


def escape_line_start(line: str) -> str:
    """`line` with a backslash where its start would make a heading, list, quote or rule."""
    if numbered := _NUMBERED.match(line):
        return f"{numbered.group(0)}\\{line[numbered.end() :]}"
    return "\\" + line if _BLOCK_START.match(line) else line


def escape_line(line: str) -> str:
    """A line of plain text as Markdown that renders as the same text."""
    return escape_line_start(escape_inline(line))
