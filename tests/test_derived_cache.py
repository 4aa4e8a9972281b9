"""The derived-data cache: the same bundle with it empty, warm, damaged or off."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from array import array
from pathlib import Path

import holidays
import pytest

from publisher import compiled_patterns
from publisher.boilerplate.rules import packaged_rules_data, placeholders, rule_pattern
from publisher.compiled_patterns import compile_all
from publisher.derived_cache import ENVIRONMENT, cache_dir, installed_version
from tests.golden import fixture_build_command

PATTERNS = [
    rule_pattern(entry, placeholders(("GlobalPost",))) for entry in packaged_rules_data()["rule"]
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENVIRONMENT, str(folder))
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / compiled_patterns.KIND).glob("*.bin"))


def test_patterns_read_back_from_the_cache_equal_re_compile(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [compiled.pattern for compiled in compile_all("rules", PATTERNS)]
    assert len(_entries(cache)) == 1

    def not_again(pattern: str) -> list[object]:
        raise AssertionError(f"compiled again: {pattern[:40]}")

    monkeypatch.setattr(compiled_patterns, "_entry", not_again)
    second = [compiled.pattern for compiled in compile_all("rules", PATTERNS)]
    # Pattern objects compare equal when their pattern, flags and matcher code are equal.
    assert first == second == [re.compile(pattern) for pattern in PATTERNS]
    text = "subscribe today and globalpost will be in your inbox the next weekday morning."
    assert [bool(p.fullmatch(text)) for p in second] == [
        bool(re.fullmatch(p, text)) for p in PATTERNS
    ]


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json\n", b"[1, 2, 3]\n", b'{"a": 1}\n', b"[[]]\n", b'[["x",32,0,{},[null],9]]\n'],
    ids=["empty", "not json", "not entries", "an object", "an empty entry", "code missing"],
)
def test_a_damaged_entry_is_compiled_afresh_and_replaced(cache: Path, damage: bytes) -> None:
    compile_all("rules", PATTERNS[:3])
    (entry,) = _entries(cache)
    entry.write_bytes(damage)
    assert [c.pattern for c in compile_all("rules", PATTERNS[:3])] == [
        re.compile(p) for p in PATTERNS[:3]
    ]
    assert entry.read_bytes() != damage


def test_invalid_matcher_code_for_the_same_patterns_falls_back(cache: Path) -> None:
    patterns = ["(?:copy link)[.!:]?"]
    compile_all("rules", patterns)
    (entry,) = _entries(cache)
    head = f'[["{patterns[0]}", 32, 0, {{}}, [null], 3]]\n'.encode()
    entry.write_bytes(head + array("I", [0, 0, 0]).tobytes())
    assert [c.pattern for c in compile_all("rules", patterns)] == [re.compile(patterns[0])]


@pytest.mark.parametrize("cached", [False, True], ids=["compiled", "from the cache"])
def test_each_pattern_comes_with_the_lengths_it_can_match_whole(cache: Path, cached: bool) -> None:
    patterns = ["(?:copy link)[.!:]?", "(?:share( this)?( story)?)[.!:]?", "(?:.{1,80} is)"]
    if cached:
        compile_all("lengths", patterns)
    lengths = [(c.shortest, c.longest) for c in compile_all("lengths", patterns)]
    assert lengths == [(9, 10), (5, 17), (4, 83)]


def test_only_the_newest_entries_of_a_family_are_kept(cache: Path) -> None:
    for number in range(compiled_patterns.KEPT + 3):
        compile_all("rules", [f"rule {number}"])
    compile_all("other", ["kept"])
    names = [path.name for path in _entries(cache)]
    assert sum(name.startswith("rules-") for name in names) == compiled_patterns.KEPT
    assert sum(name.startswith("other-") for name in names) == 1


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT, "off")
    assert cache_dir() is None
    assert [c.pattern for c in compile_all("rules", PATTERNS[:2])] == [
        re.compile(p) for p in PATTERNS[:2]
    ]


def test_without_the_variable_the_cache_is_the_user_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT)
    monkeypatch.setenv("XDG_CACHE_HOME", "/home/editor/.cache")
    expected = Path("/home/editor/.cache/publisher") if sys.platform == "linux" else None
    assert expected is None or cache_dir() == expected


def test_installed_version_matches_the_distribution_metadata() -> None:
    from importlib.metadata import version

    assert installed_version("holidays", "holidays") == version("holidays")


def _python(code: str, cache: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, ENVIRONMENT: str(cache)},
        check=True,
    )
    return result.stdout


@pytest.mark.slow
def test_holiday_dates_come_from_the_cache_without_importing_holidays(cache: Path) -> None:
    code = (
        "import json, sys\n"
        "from publisher.holiday_calendar import public_holidays, subdivisions\n"
        "days = sorted(day.isoformat() for day in public_holidays('US', 'MA', 2026))\n"
        "print(json.dumps([subdivisions('US'), days, 'holidays' in sys.modules]))\n"
    )
    cold, warm = json.loads(_python(code, cache)), json.loads(_python(code, cache))
    library = holidays.country_holidays("US", subdiv="MA", years=2026)
    expected = [
        list(holidays.country_holidays("US", years=()).subdivisions),
        sorted(map(str, library)),
    ]
    assert cold == [*expected, True]
    assert warm == [*expected, False]
    assert "2026-04-20" in warm[1]  # Patriots' Day: the subdivision's own holiday counted


def _build(out: Path, cache: str) -> dict[str, bytes]:
    result = subprocess.run(
        fixture_build_command(out),
        capture_output=True,
        env={**os.environ, ENVIRONMENT: cache},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (bundle,) = out.iterdir()
    return {path.name: path.read_bytes() for path in sorted(bundle.iterdir())}


@pytest.mark.slow
def test_empty_warm_and_no_cache_give_identical_bundles(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    empty = _build(tmp_path / "empty", str(cache))
    kinds = sorted(path.name for path in cache.iterdir())
    assert kinds[:3] == ["holidays", "patterns", "rules-data"]
    assert kinds[3].startswith("templates-email-jinja2-")
    assert _build(tmp_path / "warm", str(cache)) == empty
    assert _build(tmp_path / "off", "off") == empty
    for entry in [*(cache / "patterns").glob("*.bin"), *(cache / "rules-data").iterdir()]:
        entry.write_bytes(b"[damaged")
    assert _build(tmp_path / "damaged", str(cache)) == empty


@pytest.mark.slow
def test_a_country_loaded_alone_gives_the_library_s_own_calendar() -> None:
    """Every country in the library's registry, by its codes: the same subdivisions, and
    the same 2026 dates nationally and in its first subdivision, as `country_holidays`."""
    from holidays.registry import COUNTRIES

    from publisher.holiday_calendar import _calendar, _calendar_class

    for names in COUNTRIES.values():
        for code in names[1:2]:
            assert _calendar_class(code) is not None, code
            library = holidays.country_holidays(code, years=2026)
            ours = _calendar(code, None, 2026)
            assert ours.subdivisions == library.subdivisions, code
            assert sorted(ours) == sorted(library), code
            for subdivision in library.subdivisions[:1]:
                assert sorted(_calendar(code, subdivision, 2026)) == sorted(
                    holidays.country_holidays(code, subdiv=subdivision, years=2026)
                ), (code, subdivision)


def test_a_name_the_registry_does_not_know_is_the_library_s_to_refuse() -> None:
    from publisher.holiday_calendar import _calendar, _calendar_class

    assert _calendar_class("XX") is None
    with pytest.raises(NotImplementedError):
        _calendar("XX", None, 2026)
    assert sorted(_calendar("USA", None, 2026)) == sorted(_calendar("US", None, 2026))
