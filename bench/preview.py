"""`python -m bench.preview`: from saving a brief to the open preview showing the new words.

Runs `publisher preview` as an editor does (one warm process, rebuilding on each save) on a
copy of the sample edition, opens the page in headless Chromium (both frames visible), and
times each save until every frame shows the edit, as the page paints it. Prints the median
and 95th percentile against the goal (median ≤ 150 ms, p95 ≤ 300 ms), which is absolute on
purpose: it is what the editor feels. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.preview.chromium import open_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_EDITS = 20
MIN_EDITS = 10
WARM_UP = 2
"""Edits before the timed ones: the first rebuilds compile what a warm process keeps."""
SETTLE_SECONDS = 0.3
"""Pause between edits, so one edit's rebuild never overlaps the next one's."""
GOAL_MEDIAN_MS, GOAL_P95_MS = 150.0, 300.0
BUILT = re.compile(r"^preview: built in (\d+) ms$")
VIEWPORT: ViewportSize = {"width": 1600, "height": 1000}
CALIBRATIONS = 15

# Polls on every frame the page paints until each frame's email holds `token`; records
# the wall-clock time (the same clock as Python's time.time) at that paint.
WATCH = """token => {
  window.benchSeen = null;
  const frames = [...document.querySelectorAll("iframe[data-frame]")];
  const check = () => {
    if (frames.every(f => f.contentDocument && f.contentDocument.body
        && f.contentDocument.body.textContent.includes(token))) {
      window.benchSeen = performance.timeOrigin + performance.now();
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}"""
BROWSER_NOW = "() => performance.timeOrigin + performance.now()"


@dataclass(frozen=True)
class Result:
    """Save-to-screen times of the timed edits, and the server's own rebuild times."""

    edits: int
    latencies_ms: tuple[float, ...]
    rebuilds_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return float(statistics.median(self.latencies_ms))

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 95)


def percentile(samples: Sequence[float], rank: int) -> float:
    """The `rank`th percentile, interpolated between the two nearest samples."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return float(ordered[0])
    return float(statistics.quantiles(ordered, n=100, method="inclusive")[rank - 1])


def _copy_sample(into: Path) -> tuple[Path, Path]:
    content = into / "content"
    shutil.copytree(PROJECT / "content", content)
    config = into / "publication.toml"
    shutil.copyfile(PROJECT / "publication.toml", config)
    return content, config


def _clock_offset(page: Page) -> float:
    """Browser clock minus Python's, in ms, from the quickest of a few round trips."""
    best: tuple[float, float] = (float("inf"), 0.0)
    for _ in range(CALIBRATIONS):
        before = time.time() * 1000
        browser_now = float(page.evaluate(BROWSER_NOW))
        after = time.time() * 1000
        best = min(best, (after - before, browser_now - (before + after) / 2))
    return best[1]


class _Server:
    """`publisher preview` in its own process, its stderr read as it comes."""

    def __init__(self, content: Path, config: Path) -> None:
        command = [sys.executable, "-m", "publisher", "preview", str(content)]
        command += ["--config", str(config), "--port", "0", "--no-open"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.process.kill()
            _, errors = self.process.communicate()
            raise SystemExit(f"bench: the preview did not start:\n{errors}")
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def rebuilds_ms(self) -> list[float]:
        return [float(found[1]) for line in self.lines if (found := BUILT.match(line))]

    def stop(self) -> None:
        self.process.terminate()  # SIGTERM: the preview stops cleanly, as on Ctrl-C
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _edit(page: Page, brief: Path, original: str, token: str, offset_ms: float) -> float:
    """Saves `brief` with a new last paragraph; ms until every frame paints it."""
    page.evaluate(WATCH, token)
    saved = time.time() * 1000
    brief.write_text(f"{original.rstrip()}\n\nLate update: {token} confirmed.\n", "utf-8")
    page.wait_for_function("() => window.benchSeen !== null", timeout=15000)
    seen = float(page.evaluate("() => window.benchSeen"))
    return seen - offset_ms - saved


def measure(edits: int) -> Result:
    """Starts the preview on a copy of the sample, edits its briefs in turn, and times them."""
    with tempfile.TemporaryDirectory(prefix="publisher-bench-preview-") as scratch:
        content, config = _copy_sample(Path(scratch))
        briefs = sorted(content.glob("*.md"))
        originals = {brief: brief.read_text("utf-8") for brief in briefs}
        server = _Server(content, config)
        try:
            with open_chromium() as browser:
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(server.url)
                page.wait_for_selector("[data-live=live]")
                offset = _clock_offset(page)
                first_timed = len(server.rebuilds_ms()) + WARM_UP
                latencies = []
                for number in range(WARM_UP + edits):
                    brief = briefs[number % len(briefs)]
                    token = f"bench{number:03d}tide"
                    latency = _edit(page, brief, originals[brief], token, offset)
                    if number >= WARM_UP:
                        latencies.append(latency)
                    time.sleep(SETTLE_SECONDS)
        finally:
            server.stop()
        rebuilds = server.rebuilds_ms()[first_timed:]
    return Result(edits, tuple(latencies), tuple(rebuilds))


def format_result(result: Result) -> str:
    def verdict(value: float, goal: float) -> str:
        return "met" if value <= goal else "missed"

    rebuild = statistics.median(result.rebuilds_ms) if result.rebuilds_ms else float("nan")
    rows = [
        ("save → page shows the edit, median", result.median_ms, GOAL_MEDIAN_MS),
        ("save → page shows the edit, p95", result.p95_ms, GOAL_P95_MS),
        ("save → page shows the edit, fastest", min(result.latencies_ms), None),
        ("save → page shows the edit, slowest", max(result.latencies_ms), None),
        ("rebuild in the preview process, median", rebuild, None),
    ]
    width = max(len(label) for label, _, _ in rows)
    lines = [f"preview: {result.edits} edits of the sample edition, both frames visible"]
    for label, value, goal in rows:
        line = f"{label.ljust(width)}  {value:7.1f} ms"
        if goal is not None:
            line += f"  (goal ≤ {goal:.0f} ms: {verdict(value, goal)})"
        lines.append(line)
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.preview",
        description="Times saving a brief until the open preview shows it, in Chromium.",
    )
    parser.add_argument(
        "--edits",
        type=int,
        default=DEFAULT_EDITS,
        metavar="N",
        help=f"timed edits, at least {MIN_EDITS} (default: {DEFAULT_EDITS})",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.edits < MIN_EDITS:
        parser.error(f"--edits must be at least {MIN_EDITS}")
    print(f"bench: preview ×{args.edits} (+{WARM_UP} warm-up)", file=sys.stderr)
    result = measure(args.edits)
    print(format_result(result))
    if args.json:
        data = {**asdict(result), "median_ms": result.median_ms, "p95_ms": result.p95_ms}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
