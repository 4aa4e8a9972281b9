"""Where the validators' programs are: node and its packages, Debian's programs.

npm packages come from `make node-deps` (package-lock.json at the repository root) into
`node_modules/`, looked for in $PUBLISHER_NODE_MODULES, else the current folder, else the
repository this package sits in. A missing one raises `MissingTool` naming the make target.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.checks.external.invocation import MissingTool

NODE_MODULES_ENV = "PUBLISHER_NODE_MODULES"
SCRIPTS = Path(__file__).resolve().parent
"""The node scripts, configs and baselines the validators run with: data of this package."""
REPOSITORY = SCRIPTS.parents[2]
NODE_DEPS_HINT = "run `make node-deps` (npm ci from package-lock.json)"
SYSTEM_DEPS_HINT = "run `make system-deps` (installs Debian's chromium and spamassassin)"
# Every Chromium the project starts (axe, the preview's screenshots, the browser tests):
# without the background-networking flags it calls Google's hosts at every start;
# --no-sandbox because it refuses to start as root (containers, CI) with its sandbox on.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass(frozen=True)
class Toolbox:
    """The folders searched for npm packages, in order, and the way to find programs."""

    node_modules: tuple[Path, ...]

    def node(self) -> str:
        found = shutil.which("node")
        if found is None:
            raise MissingTool("node is not installed", "install Node.js 20 or later")
        return found

    def package(self, name: str) -> Path:
        """The folder of npm package `name` in the first node_modules that holds it."""
        for folder in self.node_modules:
            if (folder / name / "package.json").is_file():
                return folder / name
        searched = ", ".join(str(folder) for folder in self.node_modules)
        raise MissingTool(
            f"npm package {name} is not installed (looked in {searched})", NODE_DEPS_HINT
        )

    def program(self, *names: str) -> str:
        """A program on PATH, the first of `names` found (Debian names, then others)."""
        for name in names:
            found = shutil.which(name)
            if found is not None:
                return found
        raise MissingTool(f"{names[0]} is not installed", SYSTEM_DEPS_HINT)


def find_toolbox(environ: Mapping[str, str] = os.environ, cwd: Path | None = None) -> Toolbox:
    """$PUBLISHER_NODE_MODULES alone when set; else ./node_modules, then the repository's."""
    configured = environ.get(NODE_MODULES_ENV)
    if configured:
        return Toolbox((Path(configured),))
    here = (cwd or Path.cwd()) / "node_modules"
    candidates: Sequence[Path] = (here, REPOSITORY / "node_modules")
    return Toolbox(tuple(dict.fromkeys(path.resolve() for path in candidates)))
