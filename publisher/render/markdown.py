"""Step 1: a brief's Markdown to an HTML fragment, with raw HTML and unsafe links neutralised."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from functools import lru_cache
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from publisher.markdown_tokens import markdown_parser, parse

# Brief titles are <h2> in the email; headings inside a brief sit below them.
HEADING_SHIFT = 2
# The template's text column: 600 px less 28 px of padding each side. Outlook shows an
# image without a width attribute at its full size; CSS max-width keeps it fluid elsewhere.
IMAGE_WIDTH = 544
UrlRewrite = Callable[[str], str]
Env = MutableMapping[str, Any]


def _heading(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    tag = tokens[idx].tag
    level = min(6, int(tag[1]) + HEADING_SHIFT)
    # `<h1>` or `</h1>` (a heading has no attributes): the tag is the first "h1" in it.
    return renderer.renderToken(tokens, idx, options, env).replace(tag, f"h{level}", 1)


def _link_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    token = tokens[idx]
    link_url: UrlRewrite | None = env.get(LINK_URL)
    if link_url is not None:
        href = link_url(str(token.attrGet("href") or ""))
        token = token.copy(attrs={**token.attrs, "href": href})
    return renderer.renderToken([token], 0, options, env)


def _image(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Env
) -> str:
    token = tokens[idx]
    attrs = {**token.attrs, "width": str(IMAGE_WIDTH)}
    image_url: UrlRewrite | None = env.get(IMAGE_URL)
    if image_url is not None:
        attrs["src"] = image_url(str(token.attrGet("src") or ""))
    return str(renderer.image([token.copy(attrs=attrs)], 0, options, env))


LINK_URL, IMAGE_URL = "publisher_link_url", "publisher_image_url"
"""Keys of the render env holding one brief's address rewrites."""
_RULES = {
    "heading_open": _heading,
    "heading_close": _heading,
    "link_open": _link_open,
    "image": _image,
}


Rewrites = tuple[tuple[str, str], ...] | None
"""What each address of a brief becomes (None: no rewrite), the key of its rendering."""


def _addresses(tokens: Sequence[Token], kind: str, attribute: str) -> Iterator[str]:
    for token in tokens:
        for child in token.children or ():
            if child.type == kind:
                yield str(child.attrGet(attribute) or "")


def rewrites(markdown: str, rewrite: UrlRewrite | None, kind: str = "link_open") -> Rewrites:
    """Each distinct link address (or image source, `kind="image"`) with what `rewrite`
    makes of it. A brief renders the same whenever its Markdown and these are the same."""
    if rewrite is None:
        return None
    tokens, _ = parse(markdown)
    attribute = "src" if kind == "image" else "href"
    return tuple((url, rewrite(url)) for url in dict.fromkeys(_addresses(tokens, kind, attribute)))


def markdown_to_html(
    markdown: str, link_url: UrlRewrite | None = None, image_url: UrlRewrite | None = None
) -> str:
    """The brief's body as an HTML fragment for the email template.

    `link_url` rewrites each link's address (campaign tags), `image_url` each image's
    (relative paths resolved against `[images] base_url`); images get the column's width.
    """
    return _rendered(markdown, rewrites(markdown, link_url), rewrites(markdown, image_url, "image"))


@lru_cache(maxsize=512)
def _rendered(markdown: str, links: Rewrites, images: Rewrites) -> str:
    """Remembered: a rebuild (the preview's, on every save) renders the same briefs again
    but for the one being edited, and the rewrites are the whole of what else they need."""
    env = {LINK_URL: _lookup(links), IMAGE_URL: _lookup(images)}
    tokens, _ = parse(markdown)
    return str(_renderer().render(tokens, markdown_parser().options, env))


@lru_cache(maxsize=1)
def _renderer() -> RendererHTML:
    """markdown-it's HTML renderer with the email's rules (`_RULES`), bound as
    `MarkdownIt.add_render_rule` binds them, on a renderer of our own: the parser the
    loader shares knows nothing of rendering."""
    renderer = RendererHTML()
    for name, rule in _RULES.items():
        renderer.rules[name] = rule.__get__(renderer)
    return renderer


def _lookup(found: Rewrites) -> UrlRewrite | None:
    return None if found is None else dict(found).__getitem__
