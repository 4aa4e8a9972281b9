"""The build never touches the network: no fonts, no stylesheets, no lookups."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.golden import FIXTURE_CONFIG, FIXTURE_EDITION, FIXTURE_NOW

# Runs the real CLI in a fresh interpreter whose sockets refuse to open, so every module
# (premailer, cssutils, mjml, holidays) is imported and used with no network at all.
NO_NETWORK_BUILD = textwrap.dedent(
    """
    import socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network access attempted during build")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from publisher.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_build_succeeds_with_sockets_disabled(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            NO_NETWORK_BUILD,
            "build",
            str(FIXTURE_EDITION),
            "--config",
            str(FIXTURE_CONFIG),
            "--out",
            str(tmp_path),
            "--now",
            FIXTURE_NOW,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "network access attempted" not in result.stderr
    assert result.stdout.strip() == str(tmp_path / "2026-11-27")
