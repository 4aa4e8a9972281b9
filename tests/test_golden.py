"""The rendered email is pinned byte for byte; `make golden` refreshes it for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builds import build_fixture
from tests.golden import GOLDEN_DIR, GOLDEN_FILES


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("dist")).bundle.path


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_bundle_file_matches_its_golden_copy(bundle: Path, name: str) -> None:
    built = (bundle / name).read_text("utf-8")
    golden = (GOLDEN_DIR / name).read_text("utf-8")
    assert built == golden, f"{name} changed: run `make golden` and review the diff"
