"""`make bench`: times each pipeline stage and the whole CLI over two editions.

Prints a table of medians, each with a ratio to a baseline measured in the same run:
an in-process stage as its share of the in-process build, a whole process against the
start-up of a bare `python -c pass` on the same interpreter. Nothing here asserts a
timing; the numbers are for reading, and only comparable within one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.editions import BRIEF_COUNT, write_large_edition
from publisher.boilerplate import load_rules, strip_edition
from publisher.boilerplate.canonical import canonical_footer
from publisher.build import build_edition
from publisher.bundle import bundle_files, email_files, manifest_for, write_bundle
from publisher.config.loader import load_settings
from publisher.content import load_edition
from publisher.render import render_email
from publisher.render.inline import inline_css
from publisher.render.markdown import markdown_to_html
from publisher.render.mjml import mjml_to_html
from publisher.render.text import markdown_to_text
from publisher.schedule import aware_now, next_send_time, send_policy

PROJECT = Path(__file__).resolve().parents[1]
NOW = "2026-11-25T10:00"
DEFAULT_RUNS = 7
SAMPLE, LARGE = "sample", f"{BRIEF_COUNT} briefs"

LOAD_CONFIG, LOAD_BRIEFS, STRIP, SCHEDULE = "load config", "load briefs", "strip", "schedule"
RENDER, MARKDOWN, TEXT = "render", "render: markdown", "render: text"
MJML, INLINE, RENDER_REST = "render: mjml", "render: inline", "render: template, rest (diff)"
BUNDLE, WRITE_BUNDLE, BUILD = "bundle files", "write bundle", "in-process build"
COLD_IMPORT, COLD_BUILD = "cold: import publisher.build", "cold: first build"
COLD_REST = "cold: start-up and exit"
PROCESS_BUILD, PROCESS_BUILD_VS_SAMPLE = "publisher build", "publisher build vs sample"
PYTHON_PASS, HELP = "python -c pass", "publisher --help"
RENDER_STEPS = (MARKDOWN, TEXT, MJML, INLINE)
"""Timed on their own; what render_email spends besides them is shown by difference."""

# Runs in a fresh interpreter: the import and the first build pay for what a warm process
# already holds (premailer's import and cssutils' first parse, holidays' country list).
# The process's wall time less these two is interpreter start-up and shutdown.
COLD_SCRIPT = """\
import sys, time
from datetime import datetime
from pathlib import Path
start = time.perf_counter_ns()
from publisher.build import build_edition
imported = time.perf_counter_ns()
content, config, out, now = sys.argv[1:]
build_edition(Path(content), Path(config), Path(out), datetime.fromisoformat(now))
print(imported - start, time.perf_counter_ns() - imported)
"""


@dataclass(frozen=True)
class EditionCase:
    """An edition to benchmark: its briefs and the publication config it builds with."""

    name: str
    content_dir: Path
    config_path: Path


@dataclass(frozen=True)
class Row:
    """One line of the table: a median and its ratio to a named baseline."""

    edition: str
    measurement: str
    median_ns: float
    ratio: float
    unit: str
    """`%` for a share of the baseline, `×` for a multiple of it."""
    baseline: str
    samples_ns: tuple[int, ...] = ()
    """Empty for a row derived from other medians."""


def _median(samples: Sequence[int]) -> float:
    return float(statistics.median(samples))


def _elapsed_ns(thunk: Callable[[], object]) -> int:
    start = time.perf_counter_ns()
    thunk()
    return time.perf_counter_ns() - start


def _stages(case: EditionCase, out_dir: Path) -> list[tuple[str, Callable[[], object]]]:
    """Each stage as a call on the previous stage's output, which is computed once here.

    Computing the inputs runs every stage once, and a whole build follows: the warm-up,
    so the timed runs do not pay for first imports and cssutils' first parse.
    """
    now = datetime.fromisoformat(NOW)
    settings = load_settings(case.config_path)
    loaded = load_edition(case.content_dir)
    rules = load_rules(settings)
    edition = strip_edition(loaded, rules)
    policy = send_policy(settings.schedule)
    send_at = next_send_time(aware_now(now, policy), policy)
    footer = canonical_footer(settings, send_at.date())
    email = render_email(edition, settings, footer, send_at.date())
    compiled = mjml_to_html(email.mjml)
    files = email_files(email, settings, send_at)
    manifest = manifest_for(email, edition, settings, send_at, files)
    build_edition(case.content_dir, case.config_path, out_dir, now)

    def schedule() -> datetime:
        policy = send_policy(settings.schedule)
        return next_send_time(aware_now(now, policy), policy)

    return [
        (LOAD_CONFIG, lambda: load_settings(case.config_path)),
        (LOAD_BRIEFS, lambda: load_edition(case.content_dir)),
        (STRIP, lambda: strip_edition(loaded, load_rules(settings))),
        (SCHEDULE, schedule),
        (RENDER, lambda: render_email(edition, settings, footer, send_at.date())),
        (MARKDOWN, lambda: [markdown_to_html(brief.body) for brief in edition.briefs]),
        (TEXT, lambda: [markdown_to_text(brief.body) for brief in edition.briefs]),
        (MJML, lambda: mjml_to_html(email.mjml)),
        (INLINE, lambda: inline_css(compiled)),
        (BUNDLE, lambda: bundle_files(email_files(email, settings, send_at), manifest)),
        (WRITE_BUNDLE, lambda: write_bundle(out_dir, files, manifest)),
        (BUILD, lambda: build_edition(case.content_dir, case.config_path, out_dir, now)),
    ]


def time_stages(case: EditionCase, runs: int, out_dir: Path) -> dict[str, list[int]]:
    """`runs` timings of every stage, interleaved so a burst of load hits all stages alike."""
    stages = _stages(case, out_dir)
    samples: dict[str, list[int]] = {label: [] for label, _ in stages}
    for _ in range(runs):
        for label, thunk in stages:
            samples[label].append(_elapsed_ns(thunk))
    return samples


def _run(command: Sequence[str]) -> tuple[int, str]:
    """Wall time of one process and its standard output; a failing command stops the bench."""
    start = time.perf_counter_ns()
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, check=False)
    elapsed = time.perf_counter_ns() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: {Path(command[0]).name} {command[1]} ... failed:\n{done.stderr}")
    return elapsed, done.stdout


def time_command(command: Sequence[str], runs: int) -> list[int]:
    """`runs` wall times of a whole process, after one untimed run warms the page cache."""
    _run(command)
    return [_run(command)[0] for _ in range(runs)]


def _publisher_command() -> list[str]:
    script = Path(sys.executable).with_name("publisher")
    return [str(script)] if script.exists() else [sys.executable, "-m", "publisher"]


def time_cold_build(
    case: EditionCase, runs: int, out_dir: Path
) -> tuple[list[int], list[int], list[int]]:
    """Per fresh interpreter: import time, first-build time, and the rest of its wall time."""
    command = [
        sys.executable,
        "-c",
        COLD_SCRIPT,
        str(case.content_dir),
        str(case.config_path),
        str(out_dir),
        NOW,
    ]
    imports, builds, rest = [], [], []
    for _ in range(runs):
        elapsed, output = _run(command)
        imported, built = (int(part) for part in output.split())
        imports.append(imported)
        builds.append(built)
        rest.append(elapsed - imported - built)
    return imports, builds, rest


def _row(edition: str, label: str, samples: Sequence[int], base: float, unit: str, of: str) -> Row:
    median = _median(samples)
    ratio = 100 * median / base if unit == "%" else median / base
    return Row(edition, label, median, ratio, unit, of, tuple(samples))


def in_process_rows(
    case: EditionCase, samples: dict[str, list[int]], sample_build: float
) -> list[Row]:
    """Stage rows as shares of this edition's build; the build itself against the sample's."""
    build = _median(samples[BUILD])
    rows = []
    for label, timings in samples.items():
        if label == BUILD:
            continue
        rows.append(_row(case.name, label, timings, build, "%", BUILD))
        if label == INLINE:
            rest = _median(samples[RENDER]) - sum(_median(samples[step]) for step in RENDER_STEPS)
            rows.append(Row(case.name, RENDER_REST, rest, 100 * rest / build, "%", BUILD))
    rows.append(_row(case.name, BUILD, samples[BUILD], sample_build, "×", f"{SAMPLE} {BUILD}"))
    return rows


def bench_in_process(cases: Sequence[EditionCase], runs: int, scratch: Path) -> list[Row]:
    """The in-process rows of every edition; the first edition is the ratio's reference."""
    timings = {}
    for case in cases:
        print(f"bench: {case.name}: in-process stages ×{runs}", file=sys.stderr)
        timings[case.name] = time_stages(case, runs, scratch / case.name / "stages")
    sample_build = _median(timings[cases[0].name][BUILD])
    rows = []
    for case in cases:
        rows.extend(in_process_rows(case, timings[case.name], sample_build))
    return rows


def bench_processes(
    cases: Sequence[EditionCase], runs: int, scratch: Path, warm_builds: dict[str, float]
) -> list[Row]:
    """Start-up rows, then each edition's cold build and whole `publisher build` process.

    The cold rows are in-process times, so their baseline is the warm in-process build.
    """
    print(f"bench: start-up ×{runs}", file=sys.stderr)
    bare = time_command([sys.executable, "-c", "pass"], runs)
    base = _median(bare)
    help_samples = time_command([*_publisher_command(), "--help"], runs)
    rows = [
        _row("any", PYTHON_PASS, bare, base, "×", PYTHON_PASS),
        _row("any", HELP, help_samples, base, "×", PYTHON_PASS),
    ]
    sample_process: float | None = None
    for case in cases:
        print(f"bench: {case.name}: processes ×{runs}", file=sys.stderr)
        out_dir = scratch / case.name / "process"
        build = [
            *_publisher_command(),
            *("build", str(case.content_dir), "--out", str(out_dir), "--now", NOW),
            *("--config", str(case.config_path)),
        ]
        process = time_command(build, runs)
        cold = time_cold_build(case, runs, scratch / case.name / "cold")
        warm = warm_builds[case.name]
        rows.append(_row(case.name, COLD_IMPORT, cold[0], warm, "×", BUILD))
        rows.append(_row(case.name, COLD_BUILD, cold[1], warm, "×", BUILD))
        rows.append(_row(case.name, COLD_REST, cold[2], base, "×", PYTHON_PASS))
        rows.append(_row(case.name, PROCESS_BUILD, process, base, "×", PYTHON_PASS))
        if sample_process is None:
            sample_process = _median(process)
        else:
            of = f"{SAMPLE} {PROCESS_BUILD}"
            rows.append(_row(case.name, PROCESS_BUILD_VS_SAMPLE, process, sample_process, "×", of))
    return rows


HEADERS = ("edition", "measurement", "median ms", "ratio", "baseline")
RIGHT_ALIGNED = (False, False, True, True, False)


def _ratio_text(row: Row) -> str:
    return f"{row.ratio:.1f} %" if row.unit == "%" else f"{row.ratio:.2f} ×"


def format_table(rows: Sequence[Row]) -> str:
    """Rows as aligned plain-text columns, editions separated by a blank line."""
    cells = [
        (row.edition, row.measurement, f"{row.median_ns / 1e6:.2f}", _ratio_text(row), row.baseline)
        for row in rows
    ]
    widths = [max(len(line[column]) for line in [HEADERS, *cells]) for column in range(5)]

    def line(values: Sequence[str]) -> str:
        padded = (
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, RIGHT_ALIGNED, strict=True)
        )
        return "  ".join(padded).rstrip()

    lines = [line(HEADERS), line(["-" * width for width in widths])]
    for index, values in enumerate(cells):
        if index and values[0] != cells[index - 1][0]:
            lines.append("")
        lines.append(line(values))
    return "\n".join(lines)


def results_json(rows: Sequence[Row], runs: int) -> dict[str, Any]:
    """The table's content, with every sample, for comparing runs by machine."""
    return {
        "runs": runs,
        "now": NOW,
        "python": sys.version.split()[0],
        "rows": [
            {
                "edition": row.edition,
                "measurement": row.measurement,
                "median_ms": row.median_ns / 1e6,
                "ratio": row.ratio,
                "unit": row.unit,
                "baseline": row.baseline,
                "samples_ms": [sample / 1e6 for sample in row.samples_ns],
            }
            for row in rows
        ],
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Times each pipeline stage and the whole CLI over two editions.",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"timed runs per measurement; the median is shown (default: {DEFAULT_RUNS})",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--in-process-only",
        action="store_true",
        help="skip the subprocess rows (start-up, cold build, publisher build)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark, prints the table, and writes JSON when asked."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    config = PROJECT / "publication.toml"
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as scratch:
        root = Path(scratch)
        cases = [
            EditionCase(SAMPLE, PROJECT / "content", config),
            EditionCase(LARGE, write_large_edition(root / "large-content"), config),
        ]
        rows = bench_in_process(cases, args.runs, root)
        if not args.in_process_only:
            warm_builds = {row.edition: row.median_ns for row in rows if row.measurement == BUILD}
            rows += bench_processes(cases, args.runs, root, warm_builds)
    order = {"any": 0, **{case.name: index + 1 for index, case in enumerate(cases)}}
    rows.sort(key=lambda row: order[row.edition])
    print(format_table(rows))
    if args.json:
        text = json.dumps(results_json(rows, args.runs), indent=2, ensure_ascii=False)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
