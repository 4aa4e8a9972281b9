"""Which bundle `publisher check` reads when none is named: the newest one built."""

from __future__ import annotations

from pathlib import Path

from publisher.bundle_names import parse_bundle_name
from publisher.errors import PublisherError


def find_bundle(out_dir: Path) -> Path:
    """The bundle in `out_dir` written last (by modification time, then name)."""
    named = []
    if out_dir.is_dir():
        for path in out_dir.iterdir():
            parsed = parse_bundle_name(path.name)
            if parsed is not None and path.is_dir():
                named.append((path.stat().st_mtime_ns, path.name, path))
    if not named:
        raise PublisherError(
            "no bundle found",
            out_dir,
            hint="run publisher build first, or name the bundle: publisher check dist/2026-11-27",
        )
    return max(named)[2]
