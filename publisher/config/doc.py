"""The README's configuration table, generated from the settings' declarations in `config`.

Run `python -m publisher.config.doc README.md` after changing a setting; a test fails while
the README and the declarations disagree.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publisher.atomic import write_file
from publisher.config.fields import is_required, named_table_of, optional_of, toml_value, type_hints
from publisher.config.settings import Settings
from publisher.errors import PublisherError

START = "<!-- config-table:start -->"
END = "<!-- config-table:end -->"


def configuration_table() -> str:
    """A Markdown table of every setting: dotted key, default as TOML, description."""
    rows = [f"| `{key}` | {default} | {doc} |" for key, default, doc in declared_settings()]
    return "\n".join(["| Key | Default | Description |", "| --- | --- | --- |", *rows]) + "\n"


def declared_settings() -> Iterator[tuple[str, str, str]]:
    """(dotted key, default, description) of every setting publication.toml takes."""
    return _settings(Settings)


def _settings(cls: Any, prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(dotted key, default, doc) of every setting; named tables show as `NAME`."""
    hints = type_hints(cls)
    for field in dataclasses.fields(cls):
        if field.metadata.get("internal"):
            continue
        hint = optional_of(hints[field.name]) or hints[field.name]
        if dataclasses.is_dataclass(hint):
            yield from _settings(hint, f"{prefix}{field.name}.")
            continue
        if (named := named_table_of(hint)) is not None:
            yield from _settings(named, f"{prefix}{field.name}.NAME.")
            continue
        if env := field.metadata.get("secret"):
            default = f"environment variable `{env}`"
        elif is_required(field):
            default = "required"
        else:
            default = f"`{toml_value(field.default)}`"
        yield prefix + field.name, default, field.metadata["doc"].replace("|", "\\|")


def update_readme(readme: Path) -> bool:
    """Replace the table between the README's markers; whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise PublisherError(f"no {START} ... {END} markers", readme)
    updated = f"{before}{START}\n{configuration_table()}{END}{after}"
    if updated == text:
        return False
    write_file(readme, updated.encode("utf-8"))
    return True


def main(argv: list[str]) -> int:
    """`python -m publisher.config.doc README.md`: regenerate the table in each file."""
    try:
        for name in argv or ["README.md"]:
            changed = update_readme(Path(name))
            print(f"{name}: configuration table {'updated' if changed else 'already up to date'}")
    except (OSError, PublisherError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
