"""`python -m bench.diff`: how long the edition diff takes on the 20-brief edition, one
word changed in every brief, against reading the two bundles alone (the baseline, in the
same run). Goal from issue 17: under 100 ms for a typical edition (4 to 20 briefs)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.editions import write_large_edition
from publisher.build import build_edition
from publisher.diff.compare import compare
from publisher.diff.snapshot import read_snapshot
from tests.golden import FIXTURE_CONFIG, FIXTURE_NOW

RUNS = 20


def _median_ms(thunk: object) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        thunk()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    from datetime import datetime

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        content = write_large_edition(root / "content")
        now = datetime.fromisoformat(FIXTURE_NOW)
        old = build_edition(content, FIXTURE_CONFIG, root / "old", now).bundle.path
        for brief in sorted(content.glob("*.md")):
            text = brief.read_text("utf-8")
            brief.write_text(text.replace(" said ", " told reporters ", 1), "utf-8")
        new = build_edition(content, FIXTURE_CONFIG, root / "new", now).bundle.path
        read = _median_ms(lambda: (read_snapshot(old), read_snapshot(new)))
        whole = _median_ms(lambda: compare(read_snapshot(old), read_snapshot(new)))
    print(
        f"diff of the 20-brief edition: {whole:.1f} ms median over {RUNS} runs"
        f" (reading the two bundles: {read:.1f} ms; ratio {whole / read:.2f}); goal < 100 ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
