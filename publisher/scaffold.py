"""`publisher init`: a new publication folder that builds at once, and never overwrites.

The settings file comes from the declarations (`config.starter`); the rest is a minimal
edition (one example brief and its edition.toml), a .gitignore for the bundles and a
short README for the editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.atomic import write_new_file
from publisher.config.starter import starter_settings
from publisher.errors import PublisherError

EXAMPLE_BRIEF = "content/first-brief.md"

_BRIEF = """\
---
title: {name} starts its daily briefing
source: {name}
url: https://www.example.org/news/first-brief
---

This is an example brief. Each brief is one Markdown file in the content folder: a
title in the front matter above (or a first line starting with #), then the text, in
paragraphs separated by a blank line.

Links are written [like this](https://www.example.org), and **bold** and *italic* work
as in any Markdown. Replace this file with the first real brief, or import one from a
saved web page with `publisher import page.html`.
"""

_EDITION = """\
# The next edition's subject line, inbox preview text and brief order. All three are
# optional: without them the lead brief's title is the subject.
subject = "{name} starts its daily briefing"
preheader = "What a daily briefing looks like: one example brief, ready to replace."
order = ["first-brief"]   # file names in content/, without .md
"""

_GITIGNORE = """\
# Built bundles (`publisher build`) and the web archive (`publisher archive`): both are
# made again from content/, publication.toml and the hand-off ledgers in dist/.
dist/
site/
"""

_README = """\
# {name}

The daily email of {name}, built with `publisher`.

## Every day

1. Put one Markdown file per brief in `content/` (or `publisher import page.html` to
   make one from a saved web page); set the subject and order in `content/edition.toml`.
2. `publisher build` writes the edition to `dist/<send-date>/` (the next weekday
   morning, skipping holidays): `email.html`, `email.txt`, `email.eml`, `manifest.json`.
3. Open `dist/<send-date>/email.html` in a browser to read it as subscribers will.

Pasted website boilerplate (subscription pitches, copyright lines, share prompts) is
taken out of the briefs at build time and reported; the publication's own footer is
added once, from `publication.toml`.

## Before the first send

Replace every value marked `EXAMPLE` in `publication.toml`: addresses, the postal
address and the footer texts. Templates can be overridden in `templates/`.
"""

_GITIGNORE_FILE, _README_FILE, _SETTINGS_FILE = ".gitignore", "README.md", "publication.toml"
_EDITION_FILE = "content/edition.toml"


@dataclass(frozen=True)
class NewPublication:
    """The folder `publisher init` filled and the files it wrote, in writing order."""

    folder: Path
    files: tuple[str, ...]


def starter_files(name: str) -> dict[str, str]:
    """The new publication's files by path relative to its folder."""
    return {
        _SETTINGS_FILE: starter_settings(name),
        EXAMPLE_BRIEF: _BRIEF.format(name=name),
        _EDITION_FILE: _EDITION.format(name=name),
        _GITIGNORE_FILE: _GITIGNORE,
        _README_FILE: _README.format(name=name),
    }


def name_from_folder(folder: Path) -> str:
    """`harbour-daily/` gives "Harbour Daily": a starting point the editor can change."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words) or "Our Daily"


def create_publication(folder: Path, name: str | None = None) -> NewPublication:
    """Writes a new publication into `folder`; writes nothing if any of its files exist."""
    if folder.exists() and not folder.is_dir():
        raise PublisherError(
            "is a file, not a folder", folder, hint="give publisher init a new or empty folder"
        )
    title = (name if name is not None else name_from_folder(folder)).strip()
    if not title:
        raise PublisherError(
            "--name is empty", hint='give the publication\'s name, as in --name "Harbour Daily"'
        )
    files = starter_files(title)
    existing = [relative for relative in files if (folder / relative).exists()]
    if existing:
        raise PublisherError(
            f"already has {', '.join(existing)}; nothing was written",
            folder,
            hint="publisher init never overwrites: edit those files, or pick a new folder",
        )
    for relative, text in files.items():
        target = folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(target, text.encode("utf-8"))
        except FileExistsError:  # created meanwhile by someone else: still never overwrite
            raise PublisherError(
                f"{relative} appeared while init was writing; it was left as it is",
                folder,
                hint="check the folder, then run publisher init again in an empty one",
            ) from None
        except OSError as error:
            raise PublisherError(
                f"cannot write {relative}: {error.strerror or type(error).__name__}",
                folder,
                hint="give publisher init a folder you can write to",
            ) from None
    return NewPublication(folder=folder, files=tuple(files))
