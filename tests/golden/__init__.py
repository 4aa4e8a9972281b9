"""Golden files: the fixture edition as built by the real CLI (`make golden` refreshes)."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
GOLDEN_DIR = TESTS / "golden"
FIXTURE_EDITION = TESTS / "fixtures" / "edition"
FIXTURE_CONFIG = TESTS / "fixtures" / "publication.toml"
# Wednesday before Thanksgiving 2026: the edition goes out Friday 2026-11-27 at 06:00.
FIXTURE_NOW = "2026-11-25T10:00:00-05:00"
GOLDEN_FILES = ("email.html", "email.txt", "email.mjml", "manifest.json")


def fixture_build_command(out: Path | str) -> list[str]:
    """`publisher build` of the fixture edition into `out`, as a real process runs it."""
    import sys

    return [
        sys.executable,
        "-m",
        "publisher",
        "build",
        str(FIXTURE_EDITION),
        "--config",
        str(FIXTURE_CONFIG),
        "--out",
        str(out),
        "--now",
        FIXTURE_NOW,
    ]
