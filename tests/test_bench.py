"""The benchmark's table: its rows and ratio column, never its timings."""

from __future__ import annotations

import re

import pytest

from bench.run import main

IN_PROCESS_ROWS = (
    "load config",
    "load briefs",
    "strip",
    "schedule",
    "render",
    "render: markdown",
    "render: text",
    "render: mjml",
    "render: inline",
    "render: template, rest (diff)",
    "bundle files",
    "write bundle",
    "in-process build",
)
RATIO = re.compile(r"^-?\d+\.\d+ (%|×)$")


@pytest.mark.slow
def test_in_process_table_has_every_stage_of_both_editions_with_a_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--runs", "1", "--in-process-only"]) == 0

    header, _, *lines = capsys.readouterr().out.splitlines()
    cells = [re.split(r"\s{2,}", line) for line in lines if line]
    assert re.split(r"\s{2,}", header) == [
        "edition",
        "measurement",
        "median ms",
        "ratio",
        "baseline",
    ]
    assert [(edition, label) for edition, label, *_ in cells] == [
        (edition, label) for edition in ("sample", "20 briefs") for label in IN_PROCESS_ROWS
    ]
    assert all(RATIO.match(ratio) for _, _, _, ratio, _ in cells)


def test_paired_ratio_is_the_median_of_the_pairwise_ratios() -> None:
    from bench.paired import paired_ratio

    a = iter([9.0, 2.0, 4.0, 6.0]).__next__  # the first of each side warms up
    b = iter([1.0, 1.0, 1.0, 2.0]).__next__
    assert paired_ratio(a, b, 3) == (3.0, 4.0, 1.0)
