"""The lines of an extracted article that are not the story's, and what is left.

trafilatura keeps a few lines that sit inside the story's markup on many sites:

- the headline, which the brief's front matter already holds;
- a byline before the story's first sentences ("By Ana Ribeiro, health reporter");
- a paragraph that is only a date ("Updated 2 hours ago", "Tuesday, 9 December 2026");
- a paragraph without a word ("___", "* * *");
- a short paragraph whose every word is a link: "Back to news | Print this page", a
  teaser's headline, "Learn more".
"""

from __future__ import annotations

import re

from bs4.element import PageElement, Tag

from publisher.importer.html_markdown import is_block

_SPACE = re.compile(r"\s+")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_WHEN = (
    r"published|updated|posted|modified|last|first|on|at|ago|today|yesterday|am|pm|a\.m\.|p\.m\."
    r"|gmt|utc|bst|cet|cest|est|edt|pst|pdt|\d+(?:st|nd|rd|th)?|(?:second|minute|hour|day|week)s?"
)
_DATE_WORD = re.compile(rf"(?:{_MONTH}|{_DAY}|{_WHEN})\.?", re.IGNORECASE)
_DATE_SIGN = re.compile(rf"\b(?:{_MONTH})\b|\bago\b|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}", re.I)
_DATE_SEPARATORS = re.compile(r"[\s,|·•/:–—-]+")
_DATELINE_WORDS = 12
_WORD_CHARACTER = re.compile(r"[^\W_]")
# A teaser's headline or a "Learn more" is short; a paragraph of the story can be a link too.
_LINK_LINE_WORDS = 15
# "By" in the languages of Western Europe, then a name; never a sentence ("By noon, ...").
_BYLINE = re.compile(r"(?:By|Par|Von|Por|Di|Door|Av|Af)\s+[A-ZÀ-Þ][^.!?]*")
_BYLINE_WORDS = 12
# A paragraph this long is the story's own: no byline follows it.
_STORY_WORDS = 20


def _same_words(one: str, other: str) -> bool:
    return _SPACE.sub(" ", one).strip().casefold() == _SPACE.sub(" ", other).strip().casefold()


def _is_date(text: str) -> bool:
    """Whether the text is only a date and time, as "Published 25 November 2026, 8:00 GMT"."""
    words = [word for word in _DATE_SEPARATORS.split(text.strip()) if word]
    return (
        0 < len(words) <= _DATELINE_WORDS
        and all(_DATE_WORD.fullmatch(word) for word in words)
        and _DATE_SIGN.search(text) is not None
    )


def _is_byline(text: str) -> bool:
    return len(text.split()) <= _BYLINE_WORDS and _BYLINE.fullmatch(text) is not None


def _is_links_only(paragraph: Tag) -> bool:
    """Whether the paragraph is a few words, each of them in a link to another page.

    A link to a place on the same page (`#notes`) is a footnote or a contents entry.
    """
    if len(paragraph.get_text().split()) > _LINK_LINE_WORDS:
        return False
    outside = "".join(
        str(text) for text in paragraph.find_all(string=True) if not text.find_parent("a")
    )
    hrefs = [str(link.get("href", "")).strip() for link in paragraph.find_all("a")]
    return any(href and "#" not in href for href in hrefs) and not _WORD_CHARACTER.search(outside)


def _with_paragraphs(container: Tag) -> None:
    """Wraps each run of text between blocks (`<td>Headline<p>...</p>Back</td>`) in a `<p>`."""
    children = list(container.children)
    if not any(is_block(child) for child in children):
        return
    run: list[PageElement] = []
    for child in [*children, None]:
        if child is not None and not is_block(child):
            run.append(child)
            continue
        if any(str(node).strip() for node in run):
            paragraph = run[0].wrap(Tag(name="p"))
            for node in run[1:]:
                paragraph.append(node.extract())
        run = []
        if isinstance(child, Tag):
            _with_paragraphs(child)


def story_only(article: Tag, title: str) -> Tag:
    """The article without the lines that are not the story's (see the docstring), in place."""
    _with_paragraphs(article)
    first = article.find(["p", *_HEADINGS])
    if title and isinstance(first, Tag) and _same_words(first.get_text(), title):
        first.decompose()
    story_started = False
    for paragraph in article.find_all("p"):
        text = " ".join(paragraph.get_text().split())
        byline = not story_started and _is_byline(text)
        story_started = story_started or len(text.split()) >= _STORY_WORDS
        wordless = not _WORD_CHARACTER.search(text)
        if byline or wordless or _is_date(text) or _is_links_only(paragraph):
            paragraph.decompose()
    return article
