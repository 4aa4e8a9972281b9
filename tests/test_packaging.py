"""The built wheel works on its own: installed in a fresh venv with only the runtime lock.

The rest of the suite runs against the editable install in .venv, which sees every file in
the work tree and every dev tool. Here the wheel is built from a copy of the sources and
installed next to the locked runtime dependencies alone, so a file left out of the package
data or a dependency missing from pyproject.toml fails a test instead of a newsroom.
"""

from __future__ import annotations

import email
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"

# A Wednesday after the send time, so the edition goes out on Thursday. (Not the week of
# 25 November: 26 November 2026 is Thanksgiving, skipped by the default US holidays.)
NOW = "2026-11-18T10:00"
SEND_DATE = "2026-11-19"

# PYTHONPATH or an active venv of the caller could put the work tree back on sys.path.
ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}},
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    source: Path  # the copy of the work tree the wheel was built from
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"


def run(args: Sequence[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Runs a command and fails with its whole output: pip's errors are long and specific."""
    command = [str(arg) for arg in args]
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (
        f"{' '.join(command)} (in {cwd}) exited {result.returncode}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    return result


def copy_source(dest: Path) -> Path:
    """Copies what git would commit (tracked and new, unignored files): no venv or caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: an unpacked sdist
        ignore = shutil.ignore_patterns(
            ".git", ".venv*", "dist", "build", "*.egg-info", "__pycache__", ".*_cache"
        )
        shutil.copytree(REPO, dest, ignore=ignore)
        return dest
    for relative in filter(None, listed.split("\0")):
        source = REPO / relative
        if source.is_file():  # a file deleted in the work tree is still in the index
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def wheel_requires(wheel: Path) -> list[str]:
    """Requires-Dist of the wheel itself: the editable install's metadata can be stale."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(metadata)).get_all("Requires-Dist", [])


def runtime_closure(requires: list[str]) -> set[NormalizedName]:
    """What `requires` needs at run time, without extras, following this env's metadata."""
    needed: set[NormalizedName] = set()
    seen: set[tuple[NormalizedName, frozenset[str]]] = set()
    todo = [(spec, frozenset[str]()) for spec in requires]
    while todo:
        spec, extras = todo.pop()
        requirement = Requirement(spec)
        marker = requirement.marker
        if marker and not any(marker.evaluate({"extra": e}) for e in extras | {""}):
            continue
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        needed.add(name)
        try:
            dependencies = importlib.metadata.distribution(name).requires or []
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{name} is not installed in this env: run `make` (and `make lock`)")
        todo.extend((dependency, key[1]) for dependency in dependencies)
    return needed


def locked_subset(lock: str, names: set[NormalizedName]) -> str:
    """The lock's entries (with their hashes) for `names`, as they apply to this interpreter."""
    kept: list[str] = []
    found: set[NormalizedName] = set()
    for line in lock.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, *hashes = re.split(r"\s+(?=--hash=)", line)
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        if name in names and (requirement.marker is None or requirement.marker.evaluate()):
            found.add(name)
            kept.append(" \\\n    ".join([spec, *hashes]))
    missing = sorted(names - found)
    assert not missing, f"not in requirements.lock: {', '.join(missing)}; run `make lock`"
    return "\n".join(kept) + "\n"


def assert_build_backend_installed() -> None:
    """--no-build-isolation builds with this env's setuptools: say so when it is too old."""
    build_system = tomllib.loads((REPO / "pyproject.toml").read_text())["build-system"]
    for spec in build_system["requires"]:
        requirement = Requirement(spec)
        try:
            version = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            version = None
        assert version is not None and requirement.specifier.contains(version), (
            f"the build needs {spec}, this env has {requirement.name} {version}: "
            "run `make` to install requirements.lock"
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Builds the wheel and installs it in a fresh venv, once for the module."""
    root = tmp_path_factory.mktemp("packaging")
    source = copy_source(root / "source")
    wheels = root / "wheels"
    assert_build_backend_installed()
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*build, "-w", wheels, source], cwd=root)
    (wheel,) = wheels.glob("publisher-*.whl")

    venv = root / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=root)
    runtime = root / "runtime.lock"
    runtime.write_text(locked_subset(LOCK.read_text(), runtime_closure(wheel_requires(wheel))))
    pip: list[str | Path] = [venv / "bin" / "python", "-m", "pip", "install", "--no-deps"]
    run([*pip, "--require-hashes", "-r", runtime], cwd=root)
    run([*pip, wheel], cwd=root)
    return Installed(source=source, venv=venv)


def test_the_venv_imports_the_installed_package_not_the_work_tree(
    installed: Installed, tmp_path: Path
) -> None:
    probe = (
        "import json, sysconfig, publisher;"
        "print(json.dumps([publisher.__file__, sysconfig.get_paths()['purelib']]))"
    )
    # Run from an empty folder: `python -c` puts the current directory on sys.path.
    result = run([installed.bin / "python", "-c", probe], cwd=tmp_path)
    package_init, site_packages = map(Path, json.loads(result.stdout))
    assert package_init == Path(site_packages) / "publisher" / "__init__.py"
    assert Path(site_packages).is_relative_to(installed.venv)
    assert not package_init.resolve().is_relative_to(REPO)


def test_templates_and_boilerplate_rules_are_in_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    result = run(
        [installed.bin / "python", "-c", "import publisher; print(publisher.__file__)"],
        cwd=tmp_path,
    )
    package = Path(result.stdout.strip()).parent
    sources = installed.source / "publisher"
    templates = sorted(p.relative_to(sources) for p in (sources / "templates").rglob("*.j2"))
    assert templates, "no templates in the source tree"
    assert [t for t in templates if not (package / t).is_file()] == []
    assert (package / "boilerplate" / "rules.toml").is_file()
    assert (package / "py.typed").is_file()


def test_the_runtime_dependencies_are_complete(installed: Installed, tmp_path: Path) -> None:
    """pip check, and every module imports: the runtime lock alone is enough."""
    run([installed.bin / "python", "-m", "pip", "check"], cwd=tmp_path)
    import_all = (
        "import importlib, pkgutil, publisher\n"
        "for module in pkgutil.walk_packages(publisher.__path__, 'publisher.'):\n"
        "    if not module.name.endswith('.__main__'):\n"
        "        importlib.import_module(module.name)\n"
    )
    run([installed.bin / "python", "-c", import_all], cwd=tmp_path)
    run([installed.bin / "publisher", "--help"], cwd=tmp_path)


def test_init_then_build_with_the_installed_cli(installed: Installed, tmp_path: Path) -> None:
    publisher = installed.bin / "publisher"
    run([publisher, "init", "newsroom", "--name", "Harbour Daily"], cwd=tmp_path)
    newsroom = tmp_path / "newsroom"

    result = run([publisher, "build", "--now", NOW], cwd=newsroom)

    assert result.stdout.strip() == f"dist/{SEND_DATE}"
    bundle = newsroom / "dist" / SEND_DATE
    for name in ("email.html", "email.txt", "email.eml", "manifest.json"):
        assert (bundle / name).is_file(), f"{name} missing from {bundle}"
    assert "Harbour Daily" in (bundle / "email.html").read_text(encoding="utf-8")
