"""The article of a saved page, found by trafilatura and given back as plain HTML.

Finding the story in any site's markup is trafilatura's work: reader comments off, links
and emphasis kept, and recall favoured (an editor deletes a stray line at a glance, but
misses a paragraph that never arrived). Before it looks, the page is narrowed to what a
reader sees and to what the site itself marks as the story:

1. what is never text goes (scripts, styles, AMP's ads, sidebars and share buttons), and
   so do hidden elements: `hidden`, `display: none`, `visibility: hidden` (menus, mobile
   copies) and `aria-hidden` (icons, duplicates, the page behind an open dialog: what a
   screen reader skips);
2. furniture goes: `<header>`s (the masthead; the story's headline, kicker, byline and
   date), small elements whose class (or component name, or microdata property) names a
   byline, date, label, standfirst, tag list, share row, newsletter box, promotion, advert,
   menu or related links, photo galleries, slideshows and carousels (pictures and
   captions: a brief has no pictures) and reader comments, discussions and responses;
3. the story is the site's `itemprop=articleBody` elements when they hold text, else the
   `<article>` with the most paragraph text (a third of the page's at least) when the page
   has several (teaser cards, a "more stories" rail, comments written as `<article>`s);
   with one or none, the page.

Nothing in 1 and 2 is removed when that would leave less than a quarter of the page's
text (a page its scripts reveal once loaded, a story wrapped in `<div class="paywall">`).
When no article is found there, the whole page is tried as saved; a page that gives back
little but its own links' texts (a section front, an index) has no article. trafilatura
is imported here only, so that `publisher build` and the CLI's start-up never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

_LOWER = ("ABCDEFGHIJKLMNOPQRSTUVWXYZ ", "abcdefghijklmnopqrstuvwxyz")
_STYLE = f"translate(@style, '{_LOWER[0]}', '{_LOWER[1]}')"
_HIDDEN = etree.XPath(
    f"//body//*[@hidden or @aria-hidden = 'true' or contains({_STYLE}, 'display:none')"
    f" or contains({_STYLE}, 'visibility:hidden')]"
)
# Removing more than this share of the page's text would remove the story itself.
_MOST_OF_THE_PAGE = 0.75
# Class names of furniture, in elements of at most _SMALL characters of text that are not
# words of a sentence (an inline element with _SENTENCE words around it).
_FURNITURE = re.compile(
    r"(?<![a-z])(?:byline|author|auteur|autor|date|time|published|updated|kicker|label"
    r"|eyebrow|subtitle|standfirst|strapline|dek|tags|topics|share|sharing|social|newsletter"
    r"|promo|related|advert|sponsor|breadcrumb|sidebar"
    r"|(?:left|right|top|sub|side|site|main|mobile)?[-_]?"
    r"(?:nav|navbar|navigation|menu)(?![a-z]))",
    re.IGNORECASE,
)
_SMALL = 200
# Where sites name an element's role: class, component names (data-component, data-testid)
# and microdata (itemprop="author"). Not id: ids are often made from a heading's words.
_MARKS = ("class", "data-component", "data-testid", "itemprop")
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "cite", "em", "font", "i", "small", "span", "strong", "sub", "sup", "time"}
)
_SENTENCE = 4
_PICTURES = re.compile(r"(?<![a-z])(?:gallery|slideshow|carousel|lightbox)", re.IGNORECASE)
# Reader comments, also under names trafilatura does not know ("reader-responses").
_READERS = re.compile(r"(?<![a-z])(?:comments?(?![a-z])|discussion|responses|replies)", re.I)
_NEVER_TEXT = (
    "script", "style", "noscript", "template", "amp-ad", "amp-embed", "amp-sticky-ad",
    "amp-sidebar", "amp-social-share", "amp-consent", "amp-user-notification",
    "amp-analytics", "amp-pixel", "amp-iframe", "amp-video", "amp-youtube", "amp-img",
)  # fmt: skip
# Less paragraph text than this is a teaser or an empty placeholder, not a story; so is an
# `<article>` with less than a third of the page's paragraph text.
_STORY_TEXT = 200
_SPACE = re.compile(r"\s+")
# An article has at least this many characters of text that are not the page's link texts:
# a short brief, or two sentences in Chinese.
_PROSE = 80
# trafilatura's output format (its XML) as the HTML it stands for.
_TAGS = {"item": "li", "quote": "blockquote", "lb": "br", "ref": "a", "row": "tr"}
_HIGHLIGHTS = {"#b": "strong", "#i": "em", "#t": "code", "#sub": "sub", "#sup": "sup"}


def load_page(text: str) -> HtmlElement | None:
    """The page's element tree, or None when the text is no HTML at all."""
    from trafilatura import load_html

    return load_html(text)


def _length(element: HtmlElement) -> int:
    """How many characters other than spaces the element's text has."""
    return len(_SPACE.sub("", "".join(element.itertext())))


def _is_short(element: HtmlElement) -> bool:
    """Whether the element has at most _SMALL characters of text, reading no further."""
    length = 0
    for text in element.itertext():
        length += len(_SPACE.sub("", text))
        if length > _SMALL:
            return False
    return True


def _paragraph_length(element: HtmlElement) -> int:
    return sum(_length(paragraph) for paragraph in element.iter("p"))


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """The elements not inside another of them, in the page's order."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _in_comments(element: HtmlElement) -> bool:
    """Whether the element is (in) a comment section, by its class or id."""
    nodes = (element, *element.iterancestors())
    return any(_READERS.search(f"{node.get('id', '')} {node.get('class', '')}") for node in nodes)


def _in_sentence(element: HtmlElement) -> bool:
    """Whether an inline element is part of a sentence: words run around it in its parent."""
    parent = element.getparent()
    if element.tag not in _INLINE_TAGS or parent is None:
        return False
    around = [parent.text or "", *(child.tail or "" for child in parent)]
    return len(" ".join(around).split()) >= _SENTENCE


def _furniture(body: HtmlElement) -> Iterator[HtmlElement]:
    """The body's headers, small furniture and picture galleries (see the docstring)."""
    yield from body.iter("header")
    for element in body.iter("*"):
        marks = " ".join(element.get(name) or "" for name in _MARKS)
        small = _FURNITURE.search(marks) and _is_short(element)
        listed = _PICTURES.search(marks) or _READERS.search(marks)
        if listed or (small and not _in_sentence(element)):
            yield element


def _remove(elements: list[HtmlElement], body: HtmlElement, least: int) -> None:
    """Removes the elements from `body`, as long as `least` characters of text remain."""
    remaining = _length(body)
    for element in elements:
        inside = next(element.iterancestors("body"), None) is body
        if inside and remaining - (length := _length(element)) >= least:
            element.drop_tree()
            remaining -= length


def _readable(page: HtmlElement) -> HtmlElement:
    """A copy of the page as a reader sees it, without its furniture (see the docstring)."""
    readable = deepcopy(page)
    body = readable.find("body")
    if body is None:
        return readable
    etree.strip_elements(body, *_NEVER_TEXT, with_tail=False)
    least = int(_length(body) * (1 - _MOST_OF_THE_PAGE))
    hidden = _outermost(_HIDDEN(readable))
    if _length(body) - sum(_length(element) for element in hidden) >= least:
        _remove(hidden, body, least)
    _remove(list(_furniture(body)), body, least)
    return readable


def _story(page: HtmlElement) -> list[HtmlElement]:
    """The site's own story elements (see the module's docstring), or [] for the page."""
    bodies = _outermost(page.findall(".//*[@itemprop='articleBody']"))
    if sum(_paragraph_length(body) for body in bodies) >= _STORY_TEXT:
        return bodies
    articles = [
        article for article in _outermost(list(page.iter("article"))) if not _in_comments(article)
    ]
    if len(articles) < 2:
        return []
    longest = max(articles, key=_paragraph_length)
    length = _paragraph_length(longest)
    return [longest] if length >= _STORY_TEXT and length >= _paragraph_length(page) / 3 else []


def _narrowed(page: HtmlElement, story: list[HtmlElement]) -> HtmlElement:
    root = page.makeelement("html")
    body = etree.SubElement(root, "body")
    for element in story:
        body.append(deepcopy(element))
    return root


def _attempts(page: HtmlElement) -> Iterator[HtmlElement]:
    """The page narrowed to its story, then as read, then as saved (trafilatura copies it)."""
    readable = _readable(page)
    if story := _story(readable):
        yield _narrowed(readable, story)
    yield readable
    yield page


def _extracted(page: HtmlElement, url: str) -> Any:
    """trafilatura's article of the page, as its XML tree, or None."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        page,
        url=url or None,
        output_format="xml",  # the tree only: "python" also renders the text, unused here
        include_comments=False,
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        favor_recall=True,
    )
    return getattr(document, "body", None)


def _as_html(body: Any) -> str:
    """trafilatura's XML as HTML: `<list rend="ol">` as `<ol>`, `<hi rend="#b">` as `<strong>`."""
    for element in body.iter("*"):
        tag, rend = element.tag, element.get("rend", "")
        if tag == "list":
            element.tag = "ol" if rend == "ol" else "ul"
        elif tag == "head":
            element.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
        elif tag == "hi":
            element.tag = _HIGHLIGHTS.get(rend, "span")
        elif tag == "ref":
            element.set("href", element.get("target", ""))
        elif tag == "cell":
            element.tag = "th" if element.get("role") == "head" else "td"
        elif tag == "code" and element.getparent() is body:
            element.tag = "pre"
        if element.tag in _TAGS:
            element.tag = _TAGS[element.tag]
        for name in [name for name in element.attrib if name != "href"]:
            del element.attrib[name]
    body.tag = "div"
    return str(etree.tostring(body, encoding="unicode", method="html"))


def _words(text: str) -> str:
    return " ".join(text.split())


def _has_prose(body: Any, page: HtmlElement) -> bool:
    """Whether the extracted text is an article, not the page's link texts, line by line.

    A section front or an index gives back little besides its links' texts.
    """
    links = {_words("".join(link.itertext())) for link in page.iter("a")}
    lines = [_words(line) for line in "\n".join(body.itertext()).split("\n")]
    prose = sum(len(line) for line in lines if line not in links)
    return prose >= _PROSE or prose > sum(len(line) for line in lines if line in links)


def find_article(page: HtmlElement, url: str = "") -> str:
    """The page's article as simple HTML, or "" when there is none; `page` is left as it was.

    Relative links are made absolute against `url` when it is given.
    """
    for attempt in _attempts(page):
        body = _extracted(attempt, url)
        if body is not None and _has_prose(body, attempt):
            return _as_html(body)
    return ""
