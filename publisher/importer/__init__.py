"""`publisher import`: an article pasted as text or saved as a web page becomes a brief.

1. read the file: UTF-8, else for a web page the charset it declares, else the one its
   bytes and language point to (`encoding`);
2. read the article: `plaintext` (headline on the first line) or `webpage` (saved HTML:
   the story found by trafilatura, the headline, site and address from the page's
   metadata), either giving the headline, the site, the address and a Markdown body;
3. strip pasted boilerplate with the publication's rules, recording each removal;
4. write `<slug of the headline>.md` with YAML front matter, never over an existing file.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from publisher.atomic import write_new_file
from publisher.boilerplate import Rule, judge_text
from publisher.content import Removal
from publisher.errors import ContentError
from publisher.importer.article import brief_text, file_stem
from publisher.importer.encoding import declared_charset, decode_undeclared
from publisher.importer.plaintext import read_pasted_text
from publisher.importer.webpage import is_webpage, read_webpage
from publisher.slug import slugify

__all__ = ["ImportedBrief", "import_article"]

_BOM = b"\xef\xbb\xbf"
_TEXT_HINT = "paste the headline on the first line and the article's text below it"
_PAGE_HINT = "save the complete web page, or paste the article into a text file instead"
_NO_ARTICLE_HINT = (
    "paste the article's text into a .txt file, headline on the first line, and import that"
)


@dataclass(frozen=True)
class ImportedBrief:
    """The brief file written, its title, and the pasted boilerplate left out of it."""

    path: Path
    title: str
    removals: tuple[Removal, ...]


def _read_bytes(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise ContentError(
            "file not found", source, hint="check the name, or save the article there first"
        ) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ContentError(f"cannot read: {reason}", source) from None


def _decode(raw: bytes, source: Path, is_page: bool) -> str:
    """The text as UTF-8; a page that is not UTF-8 is read as browsers read it (`encoding`)."""
    try:
        return raw.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start + (len(_BOM) if raw.startswith(_BOM) else 0)
    charset = declared_charset(raw) if is_page else None
    if charset not in (None, "utf-8"):
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(charset)
    elif is_page and charset is None:
        with contextlib.suppress(UnicodeDecodeError):
            return decode_undeclared(raw)
    declared = f" or its declared {charset}" if charset not in (None, "utf-8") else ""
    raise ContentError(
        f"not valid UTF-8{declared} (byte 0x{raw[bad]:02x})",
        source,
        raw.count(b"\n", 0, bad) + 1,
        hint="save the file as UTF-8 text",
    )


def _write_new(target: Path, text: str) -> None:
    if not target.parent.is_dir():
        raise ContentError(
            "folder not found", target.parent, hint="create it, or import into another folder"
        )
    try:
        write_new_file(target, text.encode("utf-8"))
    except FileExistsError:
        raise ContentError(
            f"{target.name} already exists", target, hint="move or rename it, or remove it first"
        ) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ContentError(f"cannot write: {reason}", target) from None


def import_article(source: Path, into: Path, rules: tuple[Rule, ...]) -> ImportedBrief:
    """Turns one pasted (.txt) or saved (.html) article into a new brief in `into`.

    Typography is kept; stray spaces are not (see `plaintext`). Raises ContentError naming
    `source` (or the target) when the article is unusable or the brief exists already.
    Removal lines count in `source` for pasted text, in the Markdown body for a web page.
    """
    raw = _read_bytes(source)
    is_page = is_webpage(source.suffix, raw)
    text = _decode(raw, source, is_page)
    hint = _PAGE_HINT if is_page else _TEXT_HINT
    if not text.strip():
        raise ContentError("file is empty", source, hint=hint)
    article = read_webpage(text) if is_page else read_pasted_text(text)
    if not article.body.strip() and is_page:
        raise ContentError("no article found in the page", source, hint=_NO_ARTICLE_HINT)
    if not article.body.strip():
        raise ContentError("no article text found", source, hint=hint)
    stripped = judge_text(article.body, rules, article.body_line)
    # A removed wire credit ("© 2026 The Associated Press") becomes the source, as the
    # build does: the brief no longer holds the line the build would have taken it from.
    origin, removals = stripped.credited(article.source)
    body = stripped.text
    if not body.strip():
        raise ContentError(
            "nothing left once pasted boilerplate is removed",
            source,
            hint="paste the article's text too, not only the site's footer",
        )
    target = into / f"{file_stem(slugify(article.title))}.md"
    _write_new(target, brief_text(dataclasses.replace(article, source=origin), body))
    return ImportedBrief(target, article.title, removals)
