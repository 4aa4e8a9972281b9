"""Loads the next edition's briefs from content/: Markdown, optional YAML front matter.

All bad briefs are reported together, each with its file and line, so an editor fixes
every problem in one pass instead of one per build.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from publisher.config import read_settings, validators
from publisher.config.fields import setting
from publisher.config.loader import Source, toml_key_lines, toml_syntax_error
from publisher.config.settings import ImagesSection
from publisher.errors import ContentError, ProblemList, PublisherError, raise_problems
from publisher.front_matter import read_front_matter, read_text, split_front_matter
from publisher.markdown_tokens import find_images
from publisher.record import RemovedText
from publisher.slug import slugify

EDITION_FILE = "edition.toml"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


Removal = RemovedText
"""One pasted boilerplate paragraph taken out of a brief (or a suspect, kept for the
editor), as manifest.json records it: the loader, the strip stage and the bundle share
the one shape."""


@dataclass(frozen=True)
class Brief:
    """One news brief: its title, Markdown body and where each body line came from."""

    slug: str
    path: Path
    title: str
    body: str
    body_line: int
    source: str = ""
    url: str = ""
    order: int | None = None
    removals: tuple[Removal, ...] = field(default=())
    # Paragraphs that read like pasted boilerplate but were kept: the editor decides.
    suspects: tuple[Removal, ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class EditionSettings:
    """content/edition.toml: what the desk sets for the next edition, all optional."""

    subject: str | None = setting(
        "The subject line; default: the lead brief's title.",
        None,
        check=validators.filled_in(
            "write the subject, or remove the line to use the lead brief's title"
        ),
    )
    preheader: str | None = setting(
        "The inbox preview text shown after the subject; default: the other briefs' titles.",
        None,
        check=validators.filled_in(
            "write the preheader, or remove the line to list the other briefs' titles"
        ),
    )
    order: tuple[str, ...] = setting(
        "Brief file names (without .md) in reading order; the others follow.",
        (),
        hint='write it like order = ["ceasefire-talks", "harbor-wind-farm"]',
    )


@dataclass(frozen=True)
class Edition:
    """The briefs of one edition in reading order, with its subject and preheader."""

    briefs: tuple[Brief, ...]
    subject: str | None
    preheader: str | None
    folder: Path


def _take_title(body: str, first_line: int) -> tuple[str, str, int]:
    """Title from the first `#` heading, else the first non-blank line (a pasted headline).

    The heading's line is blanked rather than deleted, so every body line keeps its
    number in the file.
    """
    lines = body.split("\n")
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            lines[index] = ""
            return heading.group(1).strip(), "\n".join(lines), first_line
    for index, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[index + 1 :]), first_line + index + 1
    return "", body, first_line


def load_brief(path: Path, images: ImagesSection | None = None) -> Brief:
    """Reads one brief; raises ContentError naming the file (and line) when unusable.

    Relative image paths are a mistake unless `images` (publication.toml's `[images]`)
    says where they point.
    """
    text = read_text(path)
    data, body, body_line = split_front_matter(text, path)
    front_matter = read_front_matter(data, text, path)
    title = front_matter.title.strip()
    if title:
        heading = _HEADING.match(body.lstrip("\n").split("\n", 1)[0])
        if heading and heading.group(1).strip() == title:
            _, body, body_line = _take_title(body, body_line)
    else:
        title, body, body_line = _take_title(body, body_line)
    if not title:
        raise ContentError(
            "brief is empty", path, hint="write a title and the brief's text, or remove the file"
        )
    if not body.strip():
        raise ContentError(
            "brief has a title but no text",
            path,
            hint="write the brief's text below its title, or remove the file",
        )
    raise_problems(_image_problems(path, body, body_line, images))
    return Brief(
        slug=slugify(path.stem),
        path=path,
        title=title,
        body=body,
        body_line=body_line,
        source=front_matter.source.strip(),
        url=front_matter.url.strip(),
        order=front_matter.order,
    )


def _image_problems(
    path: Path, body: str, body_line: int, images: ImagesSection | None
) -> list[PublisherError]:
    """Images without alt text, and relative ones no mail client can load, in file order."""
    problems: list[PublisherError] = []
    for image in find_images(body):
        line = body_line + image.offset
        if not image.alt:
            hint = (
                "describe the image in the brackets: "
                "![a crowd outside the station](https://www.example.org/photo.jpg)"
            )
            problems.append(ContentError("image has no alt text", path, line, hint))
        if not image.src:
            hint = "write the image's full https:// address in the parentheses"
            problems.append(ContentError("image has no address", path, line, hint))
        elif image.is_relative and images is None:
            problems.append(
                ContentError(
                    f"image {image.src!r} has a relative address, which no mail client can load",
                    path,
                    line,
                    hint="write its full https:// address, or set base_url under [images] in "
                    "publication.toml to resolve relative ones",
                )
            )
    return problems


def _edition_settings(content_dir: Path) -> EditionSettings:
    path = content_dir / EDITION_FILE
    if not path.exists():
        return EditionSettings()
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise toml_syntax_error(error, path, ContentError) from None
    source = Source(path, toml_key_lines(text), ContentError, top=EDITION_FILE)
    return read_settings(EditionSettings, data, source)


def _ordered(briefs: list[Brief], order: list[str], content_dir: Path) -> tuple[Brief, ...]:
    """edition.toml's order first, then front matter `order`, then file name."""
    by_slug = {brief.slug: brief for brief in briefs}
    unknown = [name for name in order if slugify(Path(name).stem) not in by_slug]
    if unknown:
        raise ContentError(
            f"order names briefs that are not in {content_dir}: {', '.join(unknown)}",
            content_dir / EDITION_FILE,
            hint=f"known briefs: {', '.join(sorted(by_slug))}",
        )
    listed = [by_slug[slugify(Path(name).stem)] for name in order]
    rest = sorted(
        (b for b in briefs if b not in listed),
        key=lambda b: (b.order is None, b.order or 0, b.path.name),
    )
    return tuple(dict.fromkeys(listed + rest))


def _slug_clashes(briefs: list[Brief]) -> list[PublisherError]:
    """Two files whose names make the same slug would share an anchor and a manifest entry."""
    first: dict[str, Brief] = {}
    clashes: list[PublisherError] = []
    for brief in briefs:
        if brief.slug in first:
            clashes.append(
                ContentError(
                    f"same brief name as {first[brief.slug].path.name} ({brief.slug})",
                    brief.path,
                    hint="rename one of the two files",
                )
            )
        first.setdefault(brief.slug, brief)
    return clashes


def load_edition(content_dir: Path, images: ImagesSection | None = None) -> Edition:
    """Every `*.md` brief in the folder, in reading order, plus edition.toml's settings.

    `images` is publication.toml's `[images]`: with it, relative image paths are allowed.
    """
    if not content_dir.is_dir():
        raise ContentError(
            "is a file, not a content folder"
            if content_dir.exists()
            else "content folder not found",
            content_dir,
            hint="create it and put one Markdown file per brief in it",
        )
    paths = sorted(content_dir.glob("*.md"))
    if not paths:
        raise ContentError(
            "no briefs found (no *.md files)",
            content_dir,
            hint="add one Markdown file per brief",
        )
    briefs: list[Brief] = []
    problems: list[PublisherError] = []
    settings = EditionSettings()
    for path in paths:
        try:
            briefs.append(load_brief(path, images))
        except ProblemList as many:
            problems.extend(many.problems)
        except PublisherError as problem:
            problems.append(problem)
    problems.extend(_slug_clashes(briefs))
    try:
        settings = _edition_settings(content_dir)
    except ProblemList as many:
        problems.extend(many.problems)
    except PublisherError as problem:
        problems.append(problem)
    raise_problems(problems)
    return Edition(
        briefs=_ordered(briefs, list(settings.order), content_dir),
        subject=settings.subject,
        preheader=settings.preheader,
        folder=content_dir,
    )


def with_removals(brief: Brief, body: str, removals: tuple[Removal, ...]) -> Brief:
    """The brief with a cleaned body and the record of what was taken out."""
    return replace(brief, body=body, removals=brief.removals + removals)
