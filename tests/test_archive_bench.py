"""The archive's benchmark: its rows and ratios on a small archive, never its timings."""

from __future__ import annotations

import re

import pytest

from bench.archive import main

pytestmark = pytest.mark.slow
ROWS = (
    "read every manifest",
    "from scratch",
    "nothing changed",
    "after one change",
    "process, after one change",
)


def test_the_table_has_every_measurement_with_a_ratio_and_the_memory_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--editions", "12", "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[2:7]
    assert [re.split(r"\s{2,}|\s\(", line)[0] for line in table] == list(ROWS)
    assert all(re.search(r"\d+\.\d{3}\s+\d+\.\d+ (×|%)", line) for line in table)
    assert lines[8].startswith("peak memory, from scratch (3): ")
    assert lines[10].startswith("memory per added edition: ")
