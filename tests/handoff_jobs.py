"""A built sample bundle and its settings, with hand-off sections added, for adapter tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import httpx

from publisher.config import Settings, load_settings
from publisher.handoff import Provider
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.runner import RetryPolicy, run_steps
from publisher.handoff.source import HandoffBundle
from tests.builds import build_fixture, copy_fixture_edition
from tests.provider_server import ProviderServer


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


def run_provider(
    provider: Provider,
    job: Job,
    keys: Mapping[str, str],
    at: datetime,
    sleeps: list[float] | None = None,
) -> dict[str, str]:
    """One hand-off run as a fresh process would do it: the ledger read from disk, the
    real httpx client, backoff recorded in `sleeps` instead of slept."""
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        return run_steps(
            provider.NAME,
            provider.prepare(job),
            lambda request: provider.send(request, client, keys),
            ledger,
            secrets=keys.values(),
            retry=RetryPolicy(sleep=(sleeps if sleeps is not None else []).append),
            clock=lambda: at,
        )


def calls(api: ProviderServer) -> list[str]:
    """The calls a provider's server received, as `METHOD /path` (no query)."""
    return [f"{received.method} {received.path.split('?')[0]}" for received in api.received]
