"""The import benchmark's measure and report, on a corpus of two pages written here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.import_pages import f1, main, visible_text, words

STORY = (
    "<p>The harbour council voted on Tuesday to build a flood wall along the old quay.</p>"
    "<p>Work starts in the spring and should take two years, the engineer said, and the"
    " quay stays open to walkers while it lasts.</p>"
)


def _corpus(root: Path) -> Path:
    found = root / "found"
    found.mkdir()
    (found / "source.html").write_text(
        "<html><head><title>Flood wall approved</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Flood wall approved</h1>{STORY}</article>"
        "</body></html>",
        "utf-8",
    )
    (found / "expected.html").write_text(f"<div>{STORY}</div>", "utf-8")
    index = root / "index"
    index.mkdir()
    links = "".join(f"<li><a href='/{n}'>Story {n} of the day</a></li>" for n in range(9))
    (index / "source.html").write_text(
        f"<html><head><title>News</title></head><body><ul>{links}</ul></body></html>", "utf-8"
    )
    (index / "expected.html").write_text("<div><p>Story 1 of the day</p></div>", "utf-8")
    return root


def test_words_are_lowercase_word_tokens_counted() -> None:
    assert words("The wall, the WALL – 2 walls.") == Counter(
        {"the": 2, "wall": 2, "2": 1, "walls": 1}
    )


def test_f1_weighs_precision_and_recall_of_the_words() -> None:
    precision, recall, score = f1(words("a b c d"), words("a b e f g h"))
    assert (precision, recall, round(score, 3)) == (0.5, pytest.approx(1 / 3), 0.4)


def test_visible_text_joins_inline_elements_and_separates_blocks() -> None:
    html = "<p>W<b>ord</b><!-- note --></p><p>next<br>line</p><script>x()</script>"
    assert visible_text(html).split() == ["Word", "next", "line"]


def test_report_gives_mean_f1_pages_under_0_8_and_median_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--corpus", str(_corpus(tmp_path))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["pages: 2", "mean F1: 0.5000"]
    assert lines[2].startswith("median time per page: ") and lines[2].endswith(" ms")
    assert lines[3:] == [
        "pages under 0.8: 1",
        f"  {'index':<44} F1 0.000  ({tmp_path / 'index' / 'source.html'}:"
        " no article found in the page)",
    ]


def test_missing_corpus_is_skipped_with_a_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--corpus", str(tmp_path / "nowhere")]) == 0
    assert capsys.readouterr().err == f"bench-import: no pages in {tmp_path / 'nowhere'}, skipped\n"
