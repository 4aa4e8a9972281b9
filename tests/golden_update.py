"""`make golden`: rebuilds tests/golden/ with the real CLI over the fixture edition.

Review the diff before committing it: every change to the rendered email shows there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW, GOLDEN_DIR, GOLDEN_FILES


def main() -> int:
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "publisher",
            "build",
            str(FIXTURE_EDITION),
            "--config",
            str(FIXTURE_CONFIG),
            "--out",
            out,
            "--now",
            FIXTURE_NOW,
        ]
        bundle = Path(
            subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
        )
        for name in GOLDEN_FILES:
            shutil.copyfile(bundle / name, GOLDEN_DIR / name)
            print(f"updated {GOLDEN_DIR / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
