"""An imported article as read (headline, Markdown body, site, address) and as written."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml

# Long slugs are cut at a word boundary: file systems refuse names past 255 bytes.
MAX_SLUG = 100


@dataclass(frozen=True)
class Article:
    """What an importer read: `body` is Markdown and starts on line `body_line` of the file."""

    title: str
    body: str
    body_line: int = 1
    source: str = ""
    url: str = ""


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: safe for any text, never wrapped over two lines."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=sys.maxsize)
    return dumped.strip()


def brief_text(article: Article, body: str) -> str:
    """The brief file: front matter with title, source and url (when known), then `body`."""
    fields = {"title": article.title, "source": article.source, "url": article.url}
    front_matter = "".join(f"{key}: {_quoted(value)}\n" for key, value in fields.items() if value)
    return f"---\n{front_matter}---\n\n{body.strip()}\n"


def file_stem(slug: str) -> str:
    """The slug, cut at its last hyphen within MAX_SLUG characters when it is longer."""
    if len(slug) <= MAX_SLUG:
        return slug
    return slug[:MAX_SLUG].rsplit("-", 1)[0]
