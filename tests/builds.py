"""Builds editions for tests: the fixture edition, or a copy of it with changes."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from publisher.build import BuiltEdition, build_edition
from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW


def copy_fixture_edition(into: Path) -> tuple[Path, Path]:
    """A writable copy of the fixture briefs and config: (content dir, config path)."""
    content = into / "content"
    shutil.copytree(FIXTURE_EDITION, content)
    config = into / "publication.toml"
    shutil.copyfile(FIXTURE_CONFIG, config)
    return content, config


def build_fixture(
    out: Path,
    content: Path = FIXTURE_EDITION,
    config: Path = FIXTURE_CONFIG,
    now: str = FIXTURE_NOW,
    edition_name: str | None = None,
) -> BuiltEdition:
    """Builds in-process with a pinned clock; `edition_name` makes it a second edition."""
    return build_edition(content, config, out, datetime.fromisoformat(now), edition_name)
