"""`make golden`: rebuilds tests/golden/ with the real CLI over the fixture edition.

Review the diff before committing it: every change to the rendered email shows there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.golden import GOLDEN_DIR, GOLDEN_FILES, fixture_build_command


def main() -> int:
    with tempfile.TemporaryDirectory() as out:
        command = fixture_build_command(out)
        bundle = Path(
            subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
        )
        for name in GOLDEN_FILES:
            shutil.copyfile(bundle / name, GOLDEN_DIR / name)
            print(f"updated {GOLDEN_DIR / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
