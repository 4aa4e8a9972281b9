"""Step 5: whitespace that shows nowhere, dropped from the finished HTML.

markdown-it ends every block of a brief with a line break and MJML every row of its
tables; a line break (and the indentation around it) next to a block-level tag renders as
nothing, since white space at the start or end of a block collapses away, yet each costs
two bytes in the message (CRLF). The same goes for the indentation of the template's CSS.
Line breaks between words stay (they are the spaces of a soft break), and so does every
character inside `<pre>`; so do the breaks that keep a line within `LINE_LIMIT`.
"""

from __future__ import annotations

import re

# Joined lines stay under SMTP's 998 octets a line (RFC 5322), for any sender that passes
# the HTML on without encoding it: where a line would grow longer, a line break stays.
LINE_LIMIT = 900
_BLOCK = "p|div|h[1-6]|ul|ol|li|blockquote|table|tbody|tr|td"
_WHITESPACE = re.compile(
    r"(?=[<\n])(?:"  # only a tag or a line break starts a match: twice as fast
    # 1: a <pre> element, kept whole; the line break after it goes.
    r"(<pre\b.*?</pre>)(?:[ \t]*\n\s*)?"
    # 2: a block-level tag, then a line break: the tag stays.
    rf"|(</(?:{_BLOCK})>|<(?:div|ul|ol|blockquote|table|tbody|tr|td)\b[^>]*>)[ \t]*\n\s*"
    # A line break before a closing block-level tag.
    rf"|\n\s*(?=</(?:{_BLOCK})>))",
    re.IGNORECASE | re.DOTALL,
)
# Where a line break went: a place a line may be broken again without changing the page.
_BREAK = "\0"  # never in the HTML: markdown-it replaces NUL, and templates have none
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t]+")


def _kept(match: re.Match[str]) -> str:
    if match[1] is not None:
        return match[1] + (_BREAK if match.end() > match.end(1) else "")
    return (match[2] or "") + _BREAK


def _css(style: re.Match[str]) -> str:
    return style[1] + _INDENT.sub("\n", style[2]) + style[3]


def _filled(line: str) -> str:
    """The pieces of `line` joined, starting a new line where one would pass LINE_LIMIT."""
    lines: list[str] = []
    current, size = "", 0
    for piece in line.split(_BREAK):
        length = len(piece.encode("utf-8"))
        if current and size + length > LINE_LIMIT:
            lines.append(current)
            current, size = piece, length
        else:
            current, size = current + piece, size + length
    return "\n".join([*lines, current])


def compact_html(html: str) -> str:
    """`html` without line breaks next to block-level tags (but for lines past
    LINE_LIMIT) and without CSS indentation."""
    marked = _WHITESPACE.sub(_kept, html)
    return _STYLE.sub(_css, "\n".join(_filled(line) for line in marked.split("\n")))
