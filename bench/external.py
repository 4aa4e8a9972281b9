"""`make bench`, second part: how long the external validators take on the sample edition.

The goal is the whole external check under 10 seconds on this 2-core machine, an absolute
figure on purpose: it is what an editor waits for. Prints the median of the validators run
side by side (as `run_external` does, and as the whole `make check-external` process),
then each one alone, for seeing which one to speed up. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

from publisher.build import build_edition
from publisher.checks.edition import CheckedEdition
from publisher.checks.external import VALIDATORS, run_external
from publisher.config.loader import load_settings

PROJECT = Path(__file__).resolve().parents[1]
NOW = "2026-11-25T10:00"
DEFAULT_RUNS = 3
GOAL_SECONDS = 10.0
ALL = "all, side by side"
PROCESS = "python -m publisher.checks.external"


def _seconds(thunk: Callable[[], object]) -> float:
    start = time.perf_counter()
    thunk()
    return time.perf_counter() - start


def sample_bundle(scratch: Path, config: Path) -> Path:
    """The sample edition (content/ with `config`), built into `scratch`."""
    built = build_edition(PROJECT / "content", config, scratch, datetime.fromisoformat(NOW))
    return built.bundle.path


def _check_process(bundle: Path, config: Path) -> None:
    """The whole entry point, start-up included; exit 1 only means it found something."""
    command = [sys.executable, "-m", "publisher.checks.external", str(bundle)]
    done = subprocess.run([*command, "--config", str(config)], capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {PROCESS} failed:\n{done.stderr.decode(errors='replace')}")


def time_external(bundle: Path, config: Path, runs: int) -> dict[str, list[float]]:
    """`runs` wall times of all validators together in-process, as a whole process, then
    of each validator alone, after a warm-up."""
    edition = CheckedEdition.read(bundle, load_settings(config))
    run_external(edition)
    checks: dict[str, Callable[[], object]] = {
        ALL: partial(run_external, edition),
        PROCESS: partial(_check_process, bundle, config),
    }
    for name, validator in VALIDATORS.items():
        checks[name] = partial(run_external, edition, {name: validator})
    timings: dict[str, list[float]] = {label: [] for label in checks}
    for _ in range(runs):
        for label, check in checks.items():
            timings[label].append(_seconds(check))
    return timings


def format_table(timings: dict[str, list[float]]) -> str:
    width = max(len(label) for label in timings)
    lines = [f"{'external check'.ljust(width)}  median s", f"{'-' * width}  --------"]
    lines += [
        f"{label.ljust(width)}  {statistics.median(samples):8.2f}"
        for label, samples in timings.items()
    ]
    whole = max(statistics.median(timings[ALL]), statistics.median(timings[PROCESS]))
    verdict = "met" if whole < GOAL_SECONDS else "missed"
    lines.append(f"goal: the whole check under {GOAL_SECONDS:.0f} s: {verdict} ({whole:.2f} s)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.external",
        description="Times the external validators on the sample edition.",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"timed runs per measurement; the median is shown (default: {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=PROJECT / "publication.toml",
        metavar="FILE",
        help="the publication config to build content/ with (default: publication.toml)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="publisher-bench-external-") as scratch:
        bundle = sample_bundle(Path(scratch), args.config)
        print(f"bench: external validators ×{args.runs}", file=sys.stderr)
        timings = time_external(bundle, args.config, args.runs)
    print(format_table(timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
