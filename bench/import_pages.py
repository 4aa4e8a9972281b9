"""`make bench-import`: how well `publisher import` finds the article in real saved pages.

The corpus (default ../shared/corpora/readability-test-pages, see its README) holds one
folder per page: `source.html` as saved from the web and `expected.html`, the article as
Mozilla's Readability extracts it. Each page is imported in-process, as `publisher import`
does it, with the boilerplate rules of `publication.toml`; the words of the brief's body as
a reader sees it (its Markdown rendered) are compared with those of `expected.html`:
lowercase `\\w+` tokens, counted, give a precision, a recall and an F1 per page, then the
mean over all pages. A page the importer refuses scores 0. Prints the mean F1, the pages
under 0.8 with their scores, and the median time of one import. Nothing here asserts a
figure: the expected articles are one extractor's output, not a hand-made truth.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html  # type: ignore[import-untyped]

from publisher.boilerplate import Rule, load_rules
from publisher.config.loader import load_settings
from publisher.content import load_brief
from publisher.errors import PublisherError
from publisher.importer import import_article
from publisher.render.markdown import markdown_to_html

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpora" / "readability-test-pages"
LOW = 0.8
_WORD = re.compile(r"\w+")
# Elements a browser shows inline: their text joins the words around it without a space
# ("<b>W</b>ord" is one word); every other element's text stands apart.
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "time", "u", "var",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Score:
    """One page: how many of the brief's words are the article's, and the reverse."""

    page: str
    precision: float
    recall: float
    f1: float
    seconds: float
    error: str = ""


def visible_text(html: str) -> str:
    """The text of an HTML fragment as a browser lays it out: blocks apart, inline joined."""
    if not html.strip():
        return ""
    pieces: list[str] = []

    def walk(element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if tag is not None and tag not in ("script", "style"):
            gap = "" if tag in _INLINE else " "
            pieces.extend((gap, element.text or ""))
            for child in element:
                walk(child)
            pieces.append(gap)
        pieces.append(element.tail or "")

    walk(lxml_html.fragment_fromstring(html, create_parent="div"))
    return "".join(pieces)


def words(text: str) -> Counter[str]:
    """The text's lowercase `\\w+` tokens, counted."""
    return Counter(_WORD.findall(text.lower()))


def f1(got: Counter[str], expected: Counter[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the words `got` against the words `expected`."""
    common = sum((got & expected).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(expected.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def score_page(folder: Path, rules: tuple[Rule, ...], scratch: Path) -> Score:
    """Imports the folder's `source.html` and scores its brief against `expected.html`."""
    expected = words(visible_text((folder / "expected.html").read_text("utf-8")))
    into = scratch / folder.name
    into.mkdir()
    start = time.perf_counter()
    try:
        imported = import_article(folder / "source.html", into, rules)
    except PublisherError as error:
        return Score(folder.name, 0.0, 0.0, 0.0, time.perf_counter() - start, str(error))
    seconds = time.perf_counter() - start
    body = load_brief(imported.path).body
    precision, recall, score = f1(words(visible_text(markdown_to_html(body))), expected)
    return Score(folder.name, precision, recall, score, seconds)


def report(scores: Sequence[Score]) -> str:
    """The mean F1, the pages under 0.8 (worst first) and the median time per page."""
    low = sorted((score for score in scores if score.f1 < LOW), key=lambda score: score.f1)
    lines = [
        f"pages: {len(scores)}",
        f"mean F1: {statistics.mean(score.f1 for score in scores):.4f}",
        f"median time per page: {statistics.median(s.seconds for s in scores) * 1000:.1f} ms",
        f"pages under {LOW}: {len(low)}",
    ]
    for score in low:
        detail = score.error or f"precision {score.precision:.3f}, recall {score.recall:.3f}"
        lines.append(f"  {score.page:<44} F1 {score.f1:.3f}  ({detail})")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.import_pages", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of page folders")
    parser.add_argument(
        "--config", type=Path, default=PROJECT / "publication.toml", help="boilerplate rules"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Scores every page of the corpus and prints the report; 0 when the corpus is absent."""
    args = _parser().parse_args(argv)
    folders = sorted(path for path in args.corpus.glob("*") if (path / "source.html").is_file())
    if not folders:
        print(f"bench-import: no pages in {args.corpus}, skipped", file=sys.stderr)
        return 0
    rules = load_rules(load_settings(args.config))
    with tempfile.TemporaryDirectory(prefix="publisher-bench-import-") as scratch:
        scores = [score_page(folder, rules, Path(scratch)) for folder in folders]
    print(report(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
