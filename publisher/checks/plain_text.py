"""The text part: what plain-text clients, screen readers and spam filters read instead."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import TEXT_FILE, Finding

NAME = "plain-text"
LINE_LENGTH = 78  # RFC 5322's recommended limit
_URL = re.compile(r"(?:https?://|mailto:)[^\s()<>]+")
# What separates the words an address can be: an address is a word with an @ that is
# neither its first nor its last character (what `[^sep]+@[^sep]+` finds, word by word,
# without trying the pattern at every letter of a long tagged link).
_SEPARATORS = re.compile(r"[\s()<>,;:]+")
_LONE_URL = re.compile(r"^\s*(\S+ )?\(?(https?://|mailto:)\S+\)?[.,;]?\s*$")
TEMPLATE = "email/edition.txt.j2"


def run(edition: CheckedEdition) -> Iterator[Finding]:
    text = edition.text
    if not text.strip():
        yield Finding(NAME, "error", "the text part is empty", TEXT_FILE, None, f"check {TEMPLATE}")
        return
    flat = " ".join(text.split())
    for brief in edition.manifest.briefs:
        if " ".join(brief.title.split()) not in flat:
            yield Finding(
                NAME,
                "error",
                f"the text part lacks the brief title {brief.title!r}",
                TEXT_FILE,
                None,
                f"keep {{{{ brief.title }}}} in {TEMPLATE}",
                brief.slug,
            )
    written = {url.rstrip(".,;") for url in _URL.findall(text)}
    written |= {
        word.rstrip(".")
        for line in text.split("\n")
        if "@" in line  # a line break separates words too: only lines with an @ can hold one
        for word in _SEPARATORS.split(line)
        if "@" in word[1:-1]
    }
    for href in dict.fromkeys(str(a.get("href", "")) for a in edition.document.iter("a")):
        if href and href not in written and href.removeprefix("mailto:") not in written:
            yield Finding(
                NAME,
                "error",
                f"the text part lacks a link of the HTML: {href}",
                TEXT_FILE,
                None,
                f"write every link into {TEMPLATE} as well",
            )
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > LINE_LENGTH and not _LONE_URL.match(line):
            yield Finding(
                NAME,
                "warning",
                f"line {number} of the text part is {len(line)} characters (over {LINE_LENGTH})",
                TEXT_FILE,
                number,
                f"wrap it in {TEMPLATE} (the wordwrap filter), or shorten the title",
            )
