"""The preview benchmark: its figures and its table, never its timings."""

from __future__ import annotations

import re

import pytest

from bench.preview import Result, format_result, main, percentile
from tests.browser import chromium


def test_the_95th_percentile_lies_between_the_two_nearest_samples() -> None:
    samples = [float(n) for n in range(1, 21)]

    assert percentile(samples, 95) == pytest.approx(19.05)
    assert percentile([42.0], 95) == 42.0


def test_the_table_gives_median_and_p95_against_the_goal() -> None:
    result = Result(3, (100.0, 120.0, 400.0), (60.0, 70.0, 80.0))

    lines = format_result(result).splitlines()

    assert lines[0] == "preview: 3 edits of the sample edition, both frames visible"
    assert lines[1].endswith("120.0 ms  (goal ≤ 150 ms: met)")
    assert lines[2].endswith("372.0 ms  (goal ≤ 300 ms: missed)")
    assert lines[5].startswith("rebuild in the preview process, median")


def test_fewer_than_ten_edits_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--edits", "9"])

    assert "--edits must be at least 10" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.slow
def test_the_bench_times_ten_edits_in_the_browser(capsys: pytest.CaptureFixture[str]) -> None:
    chromium()

    assert main(["--edits", "10"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("preview: 10 edits of the sample edition")
    assert re.search(r"median +\d+\.\d ms  \(goal ≤ 150 ms: (met|missed)\)", out)
    assert re.search(r"rebuild in the preview process, median +\d+\.\d ms", out)
