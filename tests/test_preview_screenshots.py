"""`publisher screenshots`: the bundle's email at 600 and 375 px, light and dark, beside it."""

from __future__ import annotations

import hashlib
import shutil
import struct
import sys
import zlib
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.preview.screenshots import screenshot_folder
from publisher.record import Manifest
from tests.browser import chromium
from tests.builds import build_fixture

NAMES = ["email-375-dark.png", "email-375-light.png", "email-600-dark.png", "email-600-light.png"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _first_pixel(data: bytes) -> tuple[int, int, int]:
    """The top-left pixel: whatever a row's filter, its first pixel is stored as it is."""
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    row = zlib.decompressobj().decompress(b"".join(chunks), 8)
    return row[1], row[2], row[3]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("dist")).bundle.path


@pytest.mark.browser
def test_screenshots_are_taken_at_both_widths_light_and_dark_beside_the_bundle(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chromium()
    before = sorted(path.name for path in bundle.iterdir())

    assert main(["screenshots", str(bundle)]) == 0

    folder = bundle.parent / "2026-11-27.screenshots"
    assert capsys.readouterr().out == f"{folder}\n"
    shots = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert sorted(shots) == NAMES
    assert [_png_size(shots[name])[0] for name in NAMES] == [375, 375, 600, 600]
    assert all(_png_size(shot)[1] > 1000 for shot in shots.values())  # the whole email
    for width in (375, 600):
        light = _first_pixel(shots[f"email-{width}-light.png"])
        dark = _first_pixel(shots[f"email-{width}-dark.png"])
        assert min(light) > 200 and max(dark) < 60, (width, light, dark)
    assert sorted(path.name for path in bundle.iterdir()) == before
    recorded = Manifest.read(bundle).files
    assert recorded == {
        name: hashlib.sha256((bundle / name).read_bytes()).hexdigest() for name in recorded
    }


def test_the_screenshots_folder_is_named_after_the_bundle_beside_it(tmp_path: Path) -> None:
    assert screenshot_folder(Path("dist/2026-11-27")) == Path("dist/2026-11-27.screenshots")
    assert screenshot_folder(Path("dist/2026-11-27-breaking/")) == Path(
        "dist/2026-11-27-breaking.screenshots"
    )
    bundle = tmp_path / "2026-11-27"
    bundle.mkdir()
    assert screenshot_folder(bundle / ".") == tmp_path / "2026-11-27.screenshots"


def test_a_folder_that_is_no_bundle_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screenshots", str(tmp_path)]) == 2

    assert capsys.readouterr().err == (
        f"error: {tmp_path}: not a bundle (no manifest.json)\n"
        "  hint: give the folder publisher build printed, such as dist/2026-11-27\n"
    )


def test_without_chromium_the_error_names_make_system_deps(
    bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)

    assert main(["screenshots", str(bundle)]) == 2

    assert capsys.readouterr().err == (
        "error: Chromium is not installed\n"
        "  hint: install Debian's chromium with make system-deps (apt-get install chromium)\n"
    )


def test_without_playwright_the_error_names_the_browser_extra(
    bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)

    assert main(["screenshots", str(bundle)]) == 2

    assert capsys.readouterr().err == (
        "error: Playwright for Python is not installed\n"
        "  hint: install the browser extra: pip install 'publisher[browser]'\n"
    )
