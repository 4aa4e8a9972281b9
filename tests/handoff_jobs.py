"""A built sample bundle and its settings, with hand-off sections added, for adapter tests."""

from __future__ import annotations

from pathlib import Path

from publisher.config import Settings, load_settings
from publisher.handoff.job import Job
from publisher.handoff.source import HandoffBundle
from tests.builds import build_fixture, copy_fixture_edition


def sample_bundle(tmp_path: Path, handoff_toml: str = "") -> tuple[HandoffBundle, Settings]:
    """The fixture edition built into tmp_path/dist, its config extended by `handoff_toml`
    (such as a `[handoff.mailchimp]` table). It sends on Friday 2026-11-27 at 06:00 New York."""
    content, config = copy_fixture_edition(tmp_path)
    config.write_text(config.read_text("utf-8") + "\n" + handoff_toml, "utf-8")
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    settings = load_settings(config)
    return HandoffBundle.read(bundle, settings), settings


def sample_job(tmp_path: Path, handoff_toml: str = "") -> Job:
    bundle, settings = sample_bundle(tmp_path, handoff_toml)
    return Job(bundle, settings)
