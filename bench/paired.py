"""`make bench`, paired: publisher against the floor of its libraries, in turn, in one run.

Each pair times A then B back to back (A, B, A, B, ...), so a noisy, shared machine slows
both alike; the result is the median of the pairwise ratios A / B.

- whole process: `publisher build` of the sample edition against `bench.baseline`, a
  hand-rolled script doing the same job with the same libraries and no checks; once with
  the derived-data cache warm (`PUBLISHER_CACHE_DIR`, filled by the first build), once
  with an empty one for every build, as after an install;
- warm, in process: `render_edition` (checks included) against the sum of the bare
  library calls on the same input (markdown-it, Jinja2, mjml-python, premailer, bs4, the
  MIME message), at the sample's 4 briefs and at 20; and the growth per extra brief;
- warm, in process, one brief edited before each build (the preview's case: what a
  process remembers of the other briefs helps, what it remembers of the edited one cannot).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from bench.editions import BRIEF_COUNT, write_large_edition
from publisher.build import render_edition
from publisher.derived_cache import ENVIRONMENT

PROJECT = Path(__file__).resolve().parents[1]
NOW = "2026-11-25T10:00"
DEFAULT_PAIRS = 15


def _process(command: Sequence[str], cache: Callable[[], str] | None = None) -> Callable[[], float]:
    """Times one run of `command`; `cache` gives each run its PUBLISHER_CACHE_DIR."""

    def run() -> float:
        env = None if cache is None else {**os.environ, ENVIRONMENT: cache()}
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, cwd=PROJECT, env=env)
        return time.perf_counter() - start

    return run


def paired_ratio(a: Callable[[], float], b: Callable[[], float], pairs: int) -> tuple[float, ...]:
    """Median of a/b over `pairs` alternating runs, and the medians of a and b (seconds)."""
    a(), b()  # warm the file cache and the first-call costs of each side
    times = [(a(), b()) for _ in range(pairs)]
    ratio = statistics.median(x / y for x, y in times)
    return ratio, statistics.median(x for x, _ in times), statistics.median(y for _, y in times)


def _warm_build(content: Path, config: Path) -> Callable[[], float]:
    now = datetime.fromisoformat(NOW)

    def run() -> float:
        start = time.perf_counter()
        render_edition(content, config, now)
        return time.perf_counter() - start

    return run


def _edited_build(content: Path, config: Path) -> Callable[[], float]:
    """A warm build after a sentence is added to the first brief, a new one each time."""
    now = datetime.fromisoformat(NOW)
    brief = sorted(content.glob("*.md"))[0]
    original = brief.read_text("utf-8")
    edits = itertools.count()

    def run() -> float:
        brief.write_text(f"{original}\nEdit number {next(edits)} of the brief.\n", "utf-8")
        start = time.perf_counter()
        render_edition(content, config, now)
        return time.perf_counter() - start

    return run


def _bare_calls(content: Path, config: Path) -> Callable[[], float]:
    """Only the library calls a build makes, on inputs taken from one build beforehand."""
    import jinja2
    import yaml
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt
    from mjml import mjml2html
    from premailer import Premailer

    rendered = render_edition(content, config, datetime.fromisoformat(NOW))
    parser = MarkdownIt("commonmark", {"html": False})
    bodies = [brief.body for brief in rendered.edition.briefs]
    texts = [path.read_text(encoding="utf-8") for path in sorted(content.glob("*.md"))]
    fronts = [text[4:].split("\n---\n", 1)[0] for text in texts if text.startswith("---\n")]
    # A loop over the fragments: the edition's own template needs the build's context.
    template = jinja2.Environment().from_string("{% for b in briefs %}{{ b }}{% endfor %}")
    mjml, text = rendered.email.mjml, rendered.email.text

    def run() -> float:
        start = time.perf_counter()
        for front in fronts:
            yaml.safe_load(front)
        fragments = [parser.render(body) for body in bodies]
        template.render(briefs=fragments)
        html = mjml2html(mjml, fonts={})
        Premailer(html, allow_network=False, cssutils_logging_level=logging.CRITICAL).transform()
        for fragment in fragments:
            BeautifulSoup(fragment, "html.parser").get_text()
        message = EmailMessage()
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        message.as_bytes()
        return time.perf_counter() - start

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS)
    args = parser.parse_args(argv)
    config = PROJECT / "publication.toml"
    python = sys.executable
    publisher = str(Path(python).with_name("publisher"))
    with tempfile.TemporaryDirectory(prefix="publisher-paired-") as scratch:
        root = Path(scratch)
        large = write_large_edition(root / "large")
        build = [publisher, "build", "content", "--out", str(root / "dist"), "--now", NOW]
        baseline = [python, "-m", "bench.baseline", "content", str(root / "baseline")]
        empties = (str(root / f"empty-cache-{n}") for n in itertools.count())
        rows = [
            (
                "publisher build vs hand-rolled script",
                paired_ratio(
                    _process(build, lambda: str(root / "cache")), _process(baseline), args.pairs
                ),
            ),
            (
                "  the same, every build with empty caches",
                paired_ratio(
                    _process(build, lambda: next(empties)), _process(baseline), args.pairs
                ),
            ),
        ]
        warm = {}
        for name, content in (("sample", PROJECT / "content"), (f"{BRIEF_COUNT} briefs", large)):
            result = paired_ratio(
                _warm_build(content, config), _bare_calls(content, config), args.pairs
            )
            warm[name] = result
            rows.append((f"warm build vs bare library calls, {name}", result))
        edited = write_large_edition(root / "edited")
        rows.append(
            (
                f"  {BRIEF_COUNT} briefs, one edited before each build",
                paired_ratio(
                    _edited_build(edited, config), _bare_calls(edited, config), args.pairs
                ),
            )
        )
    print(f"{'measurement':<48}{'ratio':>8}{'A ms':>10}{'B ms':>10}")
    for label, (ratio, a, b) in rows:
        print(f"{label:<48}{ratio:>7.2f}×{a * 1000:>10.1f}{b * 1000:>10.1f}")
    (_, a4, b4), (_, a20, b20) = warm.values()
    extra = BRIEF_COUNT - 4
    print(
        f"per extra brief: warm build {(a20 - a4) / extra * 1000:.2f} ms, "
        f"bare calls {(b20 - b4) / extra * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
