"""`make bench`, last part: the web archive over 1,000 generated editions.

Builds the archive from scratch, again with nothing changed, and again after one edition
changed, and prints their medians with ratios: from scratch against reading and parsing
every manifest (the floor: the archive cannot be faster than reading its input), the
reruns against the build from scratch. The issue's goals are absolute on purpose (this
2-core machine: at most 3 s from scratch, 0.3 s after one change); they are printed beside
the figures, never asserted; `publisher archive` as a whole process is timed against the
same run in-process. Peak memory (tracemalloc) is measured at two archive sizes, to
show it grows with the index, not with the editions' full text.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.editions import write_large_edition
from publisher.archive import build_archive
from publisher.content import load_edition
from publisher.record import MANIFEST_FILE, BriefRecord, Manifest
from publisher.render.markdown import markdown_to_html
from publisher.render.text import markdown_to_text

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_EDITIONS = 1000
DEFAULT_RUNS = 3
BRIEFS_PER_EDITION = 5
BREAKING_EVERY = 40
"""Every 40th edition is a second edition of its day, `<date>-breaking`."""
FIRST_DAY = date(2023, 1, 2)
SEED = 20261127
GOALS = {"from scratch": 3.0, "after one change": 0.3}
ARCHIVE_SETTINGS = """
[archive]
base_url = "https://www.globalpost.example/archive/"
subscribe_url = "https://www.globalpost.example/subscribe"
"""


def archive_config(folder: Path) -> Path:
    """The project's publication.toml, with an [archive] section if it has none, in `folder`."""
    config = folder / "publication.toml"
    text = (PROJECT / "publication.toml").read_text("utf-8")
    has_archive = any(line.strip() == "[archive]" for line in text.splitlines())
    config.write_text(text if has_archive else text + ARCHIVE_SETTINGS, "utf-8")
    return config


def _sample_briefs(scratch: Path) -> list[BriefRecord]:
    """Twenty realistic briefs (bench.editions), rendered as the email carries them."""
    edition = load_edition(write_large_edition(scratch / "briefs"))
    records = []
    for brief in edition.briefs:
        html = markdown_to_html(brief.body)
        records.append(
            BriefRecord(
                slug=brief.slug,
                title=brief.title,
                file=f"{brief.slug}.md",
                source=brief.source,
                url=brief.url,
                word_count=len(brief.body.split()),
                html=html,
                text=markdown_to_text(brief.body),
            )
        )
    return records


def _weekdays(count: int) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def write_bundles(dist: Path, count: int, scratch: Path, *, handed_off: bool = True) -> list[Path]:
    """`count` bundles of five briefs each on consecutive weekdays, as `publisher build`
    writes their manifests, each with a ledger saying it was sent (unless not `handed_off`),
    and a `*.screenshots` folder beside some, which the archive must ignore."""
    rng = random.Random(SEED)
    samples = _sample_briefs(scratch)
    dist.mkdir(parents=True, exist_ok=True)
    bundles = []
    days = _weekdays(count)
    for number, day in enumerate(days):
        name = day.isoformat()
        hour = 11
        if number % BREAKING_EVERY == BREAKING_EVERY - 1:
            name, hour = f"{days[number - 1].isoformat()}-breaking", 17
            day = days[number - 1]
        briefs = tuple(
            replace(brief, slug=f"{brief.slug}-{number}", title=f"{brief.title}, No. {number}")
            for brief in rng.sample(samples, BRIEFS_PER_EDITION)
        )
        send_at = datetime(day.year, day.month, day.day, hour)
        manifest = Manifest(
            publication="GlobalPost",
            subject=f"Edition {number}: {briefs[0].title}",
            preheader=f"Plus: {briefs[1].title} and more.",
            sender_name="GlobalPost Daily",
            sender_address="daily@globalpost.example",
            reply_to="editors@globalpost.example",
            send_at=f"{send_at.isoformat()}-05:00",
            send_at_utc=f"{(send_at + timedelta(hours=5)).isoformat()}Z",
            timezone="America/New_York",
            briefs=briefs,
            files={},
            edition="breaking" if name.endswith("-breaking") else None,
        )
        bundle = dist / name
        bundle.mkdir()
        (bundle / MANIFEST_FILE).write_text(manifest.to_json(), "utf-8")
        if handed_off:
            handoff = dist / f"{name}.handoff"
            handoff.mkdir()
            ledger = {"version": 1, "destinations": {"mailchimp": {"state": "sent"}}}
            (handoff / "ledger.json").write_text(json.dumps(ledger), "utf-8")
        if number % 10 == 0:
            (dist / f"{name}.screenshots").mkdir()
        bundles.append(bundle)
    return bundles


def change_one(bundle: Path, run: int) -> None:
    """Rebuilds one bundle as a correction would: its lead brief's body changes."""
    manifest = Manifest.read(bundle)
    lead = manifest.briefs[0]
    corrected = replace(lead, html=f"{lead.html}<p>Correction {run}.</p>\n")
    briefs = (corrected, *manifest.briefs[1:])
    (bundle / MANIFEST_FILE).write_text(replace(manifest, briefs=briefs).to_json(), "utf-8")


def _seconds(thunk: Callable[[], object]) -> float:
    start = time.perf_counter()
    thunk()
    return time.perf_counter() - start


def read_manifests(bundles: Sequence[Path]) -> None:
    """The floor: read and parse every manifest, and nothing else."""
    for bundle in bundles:
        json.loads((bundle / MANIFEST_FILE).read_bytes())


def time_archive(
    dist: Path, bundles: Sequence[Path], config: Path, scratch: Path, runs: int
) -> dict[str, list[float]]:
    """`runs` timings of each measurement, interleaved, after one untimed warm-up build."""
    site = scratch / "site"
    build_archive(dist, scratch / "warm-up", config)
    middle = bundles[len(bundles) // 2]
    samples: dict[str, list[float]] = {
        "read every manifest": [],
        "from scratch": [],
        "nothing changed": [],
        "after one change": [],
        "process, after one change": [],
    }
    command = [sys.executable, "-m", "publisher", "archive", str(dist), "--out", str(site)]
    command += ["--config", str(config)]
    for run in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        samples["read every manifest"].append(_seconds(lambda: read_manifests(bundles)))
        samples["from scratch"].append(_seconds(lambda: build_archive(dist, site, config)))
        samples["nothing changed"].append(_seconds(lambda: build_archive(dist, site, config)))
        change_one(middle, run)
        report = build_archive(dist, site, config)
        change_one(middle, run + runs)
        samples["after one change"].append(_seconds(lambda: build_archive(dist, site, config)))
        change_one(middle, run + 2 * runs)
        samples["process, after one change"].append(
            _seconds(lambda: subprocess.run(command, check=True, capture_output=True))
        )
        assert report.written == 1, report
    return samples


def peak_memory(count: int, scratch: Path, config: Path) -> tuple[float, int, int]:
    """Peak traced memory (MiB) of a build from scratch of `count` editions, the size in
    bytes of its index (the state file, which holds every entry) and of its manifests."""
    dist = scratch / f"memory-{count}" / "dist"
    bundles = write_bundles(dist, count, scratch / f"memory-{count}")
    manifests = sum((bundle / MANIFEST_FILE).stat().st_size for bundle in bundles)
    site = scratch / f"memory-{count}" / "site"
    tracemalloc.start()
    build_archive(dist, site, config)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, (site / ".publisher-archive.json").stat().st_size, manifests


def format_table(samples: dict[str, list[float]], editions: int) -> str:
    base = statistics.median(samples["read every manifest"])
    scratch = statistics.median(samples["from scratch"])
    lines = [
        f"{'measurement':<36}{'median s':>10}  {'ratio':>9}  {'baseline':<22}goal",
        "-" * 80,
    ]
    for label, timings in samples.items():
        median = statistics.median(timings)
        if label == "read every manifest":
            ratio, of = "1.00 ×", "itself"
        elif label == "from scratch":
            ratio, of = f"{median / base:.2f} ×", "read every manifest"
        elif label.startswith("process"):
            # The same run as a whole process: start-up, imports and first template compiles.
            in_process = statistics.median(samples["after one change"])
            ratio, of = f"{median / in_process:.2f} ×", "after one change"
        else:
            ratio, of = f"{100 * median / scratch:.1f} %", "from scratch"
        goal = f"≤ {GOALS[label]:g} s" if label in GOALS else ""
        name = f"{label} ({editions:,})"
        lines.append(f"{name:<36}{median:>10.3f}  {ratio:>9}  {of:<22}{goal}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.archive", description="Times the web archive over many editions."
    )
    parser.add_argument("--editions", type=int, default=DEFAULT_EDITIONS, metavar="N")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, metavar="N")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument(
        "--scratch",
        type=Path,
        metavar="DIR",
        help="where to write the bundles and sites (default: the system's temporary folder);"
        " creating files costs very different times on different file systems",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.scratch is not None:
        args.scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="publisher-bench-archive-", dir=args.scratch) as folder:
        scratch = Path(folder)
        config = archive_config(scratch)
        print(f"bench: generating {args.editions:,} bundles", file=sys.stderr)
        bundles = write_bundles(scratch / "dist", args.editions, scratch)
        print(f"bench: archive ×{args.runs}", file=sys.stderr)
        samples = time_archive(scratch / "dist", bundles, config, scratch, args.runs)
        print(format_table(samples, args.editions))
        if not args.no_memory:
            small = max(args.editions // 4, 1)
            print(f"bench: peak memory at {small:,} and {args.editions:,}", file=sys.stderr)
            counts = (small, args.editions)
            rows = [(count, *peak_memory(count, scratch, config)) for count in counts]
            print()
            for count, mebibytes, index, manifests in rows:
                print(
                    f"peak memory, from scratch ({count:,}): {mebibytes:.1f} MiB"
                    f" (index {index / 2**20:.1f} MiB, manifests {manifests / 2**20:.1f} MiB)"
                )
            (small_count, small_peak, small_index, small_text), (count, peak, index, text) = rows
            added = max(count - small_count, 1)
            growth = (peak - small_peak) * 2**20 / added
            print(
                f"memory per added edition: {growth / 1024:.1f} KiB (its index entry:"
                f" {(index - small_index) / added / 1024:.1f} KiB, its manifest:"
                f" {(text - small_text) / added / 1024:.1f} KiB)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
