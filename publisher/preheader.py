"""The default preheader: the inbox preview after the subject, when edition.toml sets none.

It adds something to the subject instead of repeating the email's first line: the other
briefs' titles, "Plus: <title 2>, <title 3> and <title 4>.", cut at a word boundary to at
most 110 characters (inbox previews show about 90 to 110) and ending with "…" when cut.
A single brief gives what follows its first paragraph instead (the first paragraph is the
email's first line, which inboxes show anyway): the leading sentences of the next
paragraph that fit, else "Today in <publication>, <dateline>.". Under 40 characters,
"Today in <publication>." is added (and the dateline, if still short).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LONGEST = 110
SHORTEST = 40
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_DANGLING = re.compile(r"(?:[\s,;:–—-]+|\s+and)+$")


def default_preheader(
    titles: Sequence[str], lead_paragraphs: Sequence[str], publication: str, dateline: str
) -> str:
    """From the briefs' titles in reading order and the lead brief's paragraphs (plain text)."""
    if len(titles) > 1:
        text = cut_to_fit(_plus(titles[1:]))
    else:
        text = _what_follows(lead_paragraphs, publication, dateline)
    return _padded(text, publication, dateline)


def cut_to_fit(text: str, limit: int = LONGEST) -> str:
    """`text` if it fits in `limit` characters, else cut after a whole word, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return _DANGLING.sub("", cut) + "…"


def _plus(titles: Sequence[str]) -> str:
    names = [" ".join(title.split()) for title in titles]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    text = f"Plus: {listed}"
    return text if _ENDS_SENTENCE.search(text) else f"{text}."


def _sentences(text: str) -> list[str]:
    """Sentences, ending at . ! ? or … (and closing quotes) before a word not in lowercase."""
    sentences: list[str] = []
    current: list[str] = []
    words = text.split()
    for index, word in enumerate(words):
        current.append(word)
        following = words[index + 1] if index + 1 < len(words) else ""
        if _ENDS_SENTENCE.search(word) and not following[:1].islower():
            sentences.append(" ".join(current))
            current = []
    if current:
        sentences.append(" ".join(current))
    return sentences


def _what_follows(paragraphs: Sequence[str], publication: str, dateline: str) -> str:
    """The whole leading sentences after the first paragraph that fit; never that paragraph."""
    rest = " ".join(paragraphs[1:])
    if not rest.strip():
        return f"Today in {publication}, {dateline}."
    chosen = ""
    for sentence in _sentences(rest):
        candidate = f"{chosen} {sentence}".strip()
        if len(candidate) > LONGEST:
            break
        chosen = candidate
    return chosen or cut_to_fit(rest)


def _padded(text: str, publication: str, dateline: str) -> str:
    if len(text) >= SHORTEST:
        return text
    padded = text
    for tail in (f"Today in {publication}.", f"Today in {publication}, {dateline}."):
        padded = f"{text} {tail}".strip()
        if len(padded) >= SHORTEST:
            break
    return cut_to_fit(padded)
