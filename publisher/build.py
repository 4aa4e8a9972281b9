"""Builds one edition: the pipeline's stages in order, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from publisher.boilerplate import load_rules, strip_edition
from publisher.boilerplate.canonical import canonical_footer
from publisher.bundle import Bundle, email_files, manifest_for, write_bundle
from publisher.bundle_names import check_edition_name
from publisher.checks import CheckedEdition, run_checks
from publisher.config import Settings
from publisher.config.loader import load_settings
from publisher.content import Edition, load_edition
from publisher.record import EML_FILE, Finding, Manifest, RenderedEmail
from publisher.render import render_email
from publisher.schedule import aware_now, next_send_time, send_policy


@dataclass(frozen=True)
class RenderedEdition:
    """An edition rendered and checked in memory: the bundle's files, not yet written.

    The preview and the diff use this warm, in the running process; a build writes it.
    """

    settings: Settings
    edition: Edition
    send_at: datetime
    email: RenderedEmail
    files: dict[str, bytes]
    manifest: Manifest

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.manifest.findings


@dataclass(frozen=True)
class BuiltEdition:
    """What a build produced: the bundle on disk and the stripped edition it came from."""

    bundle: Bundle
    edition: Edition
    send_at: datetime
    findings: tuple[Finding, ...] = ()


def render_edition(
    content_dir: Path,
    config_path: Path,
    now: datetime | None = None,
    edition_name: str | None = None,
) -> RenderedEdition:
    """content/ + publication.toml -> the edition's files and checked manifest, in memory."""
    if edition_name is not None:
        check_edition_name(edition_name)
    settings = load_settings(config_path)
    edition = strip_edition(load_edition(content_dir, settings.images), load_rules(settings))
    policy = send_policy(settings.schedule)
    send_at = next_send_time(aware_now(now, policy), policy)
    footer = canonical_footer(settings, send_at.date())
    email = render_email(edition, settings, footer, send_at.date(), edition_name)
    files = email_files(email, settings, send_at, edition_name)
    manifest = manifest_for(email, edition, settings, send_at, files, edition_name)
    checked = CheckedEdition(
        email.html, email.text, files[EML_FILE], email.mjml, manifest, settings
    )
    manifest = replace(manifest, findings=run_checks(checked))
    return RenderedEdition(settings, edition, send_at, email, files, manifest)


def build_edition(
    content_dir: Path,
    config_path: Path,
    out_dir: Path,
    now: datetime | None = None,
    edition_name: str | None = None,
) -> BuiltEdition:
    """content/ + publication.toml -> dist/<send-date>/, scheduled after `now`.

    With `edition_name` (a second edition of the day) -> dist/<send-date>-<name>/.
    """
    rendered = render_edition(content_dir, config_path, now, edition_name)
    bundle = write_bundle(out_dir, rendered.files, rendered.manifest)
    return BuiltEdition(bundle, rendered.edition, rendered.send_at, rendered.findings)
