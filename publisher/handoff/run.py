"""One hand-off as the person asked for it: to SMTP or a provider, for real, as a dry run
or as the test send; and cancelling one. Refusals come first, in the order that tells the
most: an edited bundle, failing checks, a repeat, the wrong time.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from publisher.atomic import write_file
from publisher.config import Settings
from publisher.errors import HandoffRefused
from publisher.handoff import PROVIDERS, Provider
from publisher.handoff.approval import refuse_unapproved
from publisher.handoff.job import Job, Letter
from publisher.handoff.ledger import Ledger, handoff_folder
from publisher.handoff.lock import handing_off
from publisher.handoff.message import each_letter, letters_for, letters_for_test_send
from publisher.handoff.recipients import Recipient, from_addresses, read_recipients
from publisher.handoff.runner import RetryPolicy, run_steps
from publisher.handoff.smtp import SentLog, SmtpServer, send_letters
from publisher.handoff.source import (
    HandoffBundle,
    Permission,
    refuse_edited,
    refuse_failing_checks,
    refuse_repeat,
    refuse_wrong_time,
)

SMTP = "smtp"
DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class HandoffRequest:
    """What the person asked for on the command line (or dispatch asks for)."""

    bundle: Path
    destination: str  # "smtp" or a provider's name
    allow: Permission = field(default_factory=Permission)
    is_test: bool = False
    dry_run: bool = False
    to: tuple[str, ...] = ()
    recipients_file: Path | None = None
    smtp: SmtpServer | None = None


@dataclass(frozen=True)
class Outcome:
    destination: str
    state: str
    summary: str
    dry_run_file: Path | None = None


def hand_off(
    request: HandoffRequest,
    settings: Settings,
    now: datetime,
    environ: Mapping[str, str] = os.environ,
    client: httpx.Client | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> Outcome:
    """One hand-off, test send or dry run of a bundle, with the bundle to itself."""
    bundle = HandoffBundle.read(request.bundle, settings)
    with handing_off(bundle.path):
        return _hand_off(request, bundle, settings, now, environ, client, retry)


def _hand_off(
    request: HandoffRequest,
    bundle: HandoffBundle,
    settings: Settings,
    now: datetime,
    environ: Mapping[str, str],
    client: httpx.Client | None,
    retry: RetryPolicy,
) -> Outcome:
    refuse_edited(bundle)
    ledger = Ledger.load(bundle.path, bundle.edition.manifest.files)
    if request.is_test:
        return _test_send(request, bundle, settings, ledger, now, environ)
    refuse_failing_checks(bundle, request.allow)
    refuse_repeat(request.destination, ledger.state(request.destination), bundle, request.allow)
    if settings.handoff.require_approval and not request.allow.unapproved:
        refuse_unapproved(bundle, ledger)
    if settings.handoff.require_approval and request.allow.unapproved and not request.dry_run:
        ledger.destination(request.destination)["history"].append(
            {"state": "unapproved", "at": now.isoformat(), "note": "--unapproved"}
        )
    late_window = timedelta(minutes=settings.handoff.late_window_minutes)
    if request.destination == SMTP:
        refuse_wrong_time(
            bundle, now, schedules=False, late_window=late_window, allow=request.allow
        )
        return _smtp(request, bundle, settings, ledger, now, environ)
    provider = provider_named(request.destination)
    _section(provider, settings)
    keys = _keys(provider, environ, needed=not request.dry_run)
    refuse_wrong_time(
        bundle, now, schedules=provider.SCHEDULES, late_window=late_window, allow=request.allow
    )
    letters: tuple[Letter, ...] = ()
    if not provider.HAS_LISTS:
        recipients = _recipients(request, settings, provider.NAME)
        # SES sets its own Date and Message-ID: they stay out of the DKIM signature.
        keeps_ids = provider.NAME != "ses"
        letters = letters_for(bundle, settings, recipients, environ, keeps_ids=keeps_ids)
    steps = provider.prepare(Job(bundle, settings, letters))
    if request.dry_run:
        document = [step.as_json(provider.masked_headers()) for step in steps]
        path = _write_dry_run(bundle.path, provider.NAME, document)
        return Outcome(provider.NAME, "dry run", f"{len(steps)} requests written to {path}", path)
    if request.allow.resend and ledger.is_handed_off(provider.NAME):
        ledger.reset(provider.NAME, now, "--resend")
    ledger.destination(provider.NAME)["files"] = bundle.edition.manifest.files
    http = client or httpx.Client(timeout=60)
    captured = run_steps(
        provider.NAME,
        steps,
        lambda step: provider.send(step, http, keys),
        ledger,
        secrets=keys.values(),
        retry=retry,
    )
    state = "scheduled" if provider.SCHEDULES else "sent"
    ids = ", ".join(f"{name} {value}" for name, value in sorted(captured.items()))
    if len(captured) > 3:
        ids = f"{len(captured)} ids in the ledger"
    ledger.set_state(provider.NAME, state, datetime.now(UTC), ids)
    when = bundle.send_at.isoformat(timespec="minutes")
    done = f"scheduled for {when}" if provider.SCHEDULES else sent_to(len(letters), captured)
    return Outcome(provider.NAME, state, f"{provider.NAME}: {done} ({ids or 'no ids'})")


def sent_to(count: int, captured: Mapping[str, str] | None = None) -> str:
    """ "sent to 3 recipients", less any the provider refused: Postmark takes a batch and
    refuses some of its letters (inactive recipients), keeping their addresses in the
    ledger as `refused:<step>` (a JSON object, address to reason)."""
    refused = sum(
        len(json.loads(value))
        for name, value in (captured or {}).items()
        if name.startswith("refused:")
    )
    noun = "recipient" if count == 1 else "recipients"
    if not refused:
        return f"sent to {count} {noun}"
    return (
        f"sent to {count - refused} of {count} {noun}; {refused} refused by the provider "
        "(their addresses and reasons are in the ledger)"
    )


def provider_named(name: str) -> Provider:
    if name not in PROVIDERS:
        known = ", ".join(sorted(PROVIDERS))
        raise HandoffRefused(f"no provider called {name!r}", hint=f"use one of: {known}, or --smtp")
    return PROVIDERS[name]


def _section(provider: Provider, settings: Settings) -> Any:
    section = getattr(settings.handoff, provider.NAME, None)
    if section is None:
        raise HandoffRefused(
            f"publication.toml has no [handoff.{provider.NAME}]",
            settings.root / "publication.toml",
            hint="add it (the README's configuration table lists its keys)",
        )
    return section


def _keys(provider: Provider, environ: Mapping[str, str], *, needed: bool) -> dict[str, str]:
    missing = [name for name in provider.KEYS if not environ.get(name)]
    if missing and needed:
        raise HandoffRefused(
            f"{provider.NAME} needs {', '.join(missing)} in the environment",
            hint="set it in the shell or the service that runs publisher; never in a file",
        )
    return {name: environ.get(name, "") for name in provider.KEYS}


def _recipients(
    request: HandoffRequest, settings: Settings, destination: str
) -> tuple[Recipient, ...]:
    if request.to:
        return from_addresses(request.to)
    path = request.recipients_file
    if path is None:
        section = getattr(settings.handoff, destination, None)
        configured = str(getattr(section, "recipients", "") or "")
        if not configured:
            raise HandoffRefused(
                f"no recipients for {destination}",
                hint="pass --recipients FILE or --to ADDR,"
                f" or set handoff.{destination}.recipients",
            )
        path = Path(configured)
        if not path.is_absolute():
            path = settings.root / path
    return read_recipients(path)


def _smtp_server(request: HandoffRequest, settings: Settings) -> SmtpServer:
    if request.smtp is not None:
        return request.smtp
    configured = settings.handoff.smtp
    if configured is None:
        raise HandoffRefused(
            "no SMTP server given",
            hint="pass --smtp HOST:PORT, or add [handoff.smtp] to publication.toml",
        )
    return SmtpServer(configured.host, configured.port, configured.tls)


def _smtp(
    request: HandoffRequest,
    bundle: HandoffBundle,
    settings: Settings,
    ledger: Ledger,
    now: datetime,
    environ: Mapping[str, str],
) -> Outcome:
    server = _smtp_server(request, settings)
    recipients = _recipients(request, settings, SMTP)
    if request.dry_run:
        document = [
            {"to": letter.address, "unsubscribe": letter.unsubscribe_url, "bytes": len(letter.eml)}
            for letter in each_letter(bundle, settings, recipients, environ)
        ]
        path = _write_dry_run(bundle.path, SMTP, document)
        return Outcome(SMTP, "dry run", f"{len(document)} messages listed in {path}", path)
    if request.allow.resend and ledger.is_handed_off(SMTP):
        ledger.reset(SMTP, now, "--resend")
        (handoff_folder(bundle.path) / f"{SMTP}.sent").unlink(missing_ok=True)
    log = SentLog(handoff_folder(bundle.path) / f"{SMTP}.sent")
    # One letter at a time, made as it is sent: a list's letters are ~50 KB each. The first
    # is made now, so a missing unsubscribe or DKIM key stops the run before it starts.
    pending = each_letter(
        bundle, settings, [r for r in recipients if r.address not in log.sent], environ
    )
    first = next(pending, None)
    letters = itertools.chain([first] if first is not None else [], pending)
    ledger.destination(SMTP)["files"] = bundle.edition.manifest.files
    ledger.set_state(SMTP, "sending", datetime.now(UTC), f"{server.host}:{server.port}")
    try:
        sent = send_letters(
            server, settings.sender.address, letters, log, environ, total=len(recipients)
        )
    except Exception as error:
        ledger.set_state(SMTP, "failed", datetime.now(UTC), str(error))
        raise
    ledger.set_state(SMTP, "sent", datetime.now(UTC), f"{len(log.sent)} recipients")
    return Outcome(SMTP, "sent", f"smtp: {sent_to(sent)} via {server.host}:{server.port}")


def _test_send(
    request: HandoffRequest,
    bundle: HandoffBundle,
    settings: Settings,
    ledger: Ledger,
    now: datetime,
    environ: Mapping[str, str],
) -> Outcome:
    """The test send to editors: any bundle, any time; never counts as the hand-off."""
    addresses = request.to or settings.handoff.test.to
    if not addresses:
        raise HandoffRefused(
            "no editors to send the test to",
            hint="pass --to ADDR, or set handoff.test.to in publication.toml",
        )
    recipients = from_addresses(addresses)
    letters = letters_for_test_send(bundle, settings, recipients, environ)
    server = _smtp_server(request, settings)
    log = SentLog(handoff_folder(bundle.path) / f".test-{now:%Y%m%dT%H%M%S%f}.sent")
    send_letters(server, settings.sender.address, letters, log, environ, total=len(letters))
    entry = {
        "at": now.isoformat(),
        "destination": SMTP,
        "to": [letter.address for letter in letters],
        "files": bundle.edition.manifest.files,
    }
    copy = ledger.add_test(entry, bundle.files())
    log.path.unlink(missing_ok=True)
    return Outcome(SMTP, "test sent", f"test sent to {', '.join(addresses)} (copy in {copy})")


def cancel(
    bundle_path: Path,
    destination: str,
    settings: Settings,
    now: datetime,
    environ: Mapping[str, str] = os.environ,
    client: httpx.Client | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> Outcome:
    """Unschedule an edition where the provider allows it, or keep dispatch from sending it."""
    bundle = HandoffBundle.read(bundle_path, settings)
    with handing_off(bundle.path):
        return _cancel(bundle, destination, settings, now, environ, client, retry)


def _cancel(
    bundle: HandoffBundle,
    destination: str,
    settings: Settings,
    now: datetime,
    environ: Mapping[str, str],
    client: httpx.Client | None,
    retry: RetryPolicy,
) -> Outcome:
    ledger = Ledger.load(bundle.path, bundle.edition.manifest.files)
    state = ledger.state(destination)
    if state == "sent":
        raise HandoffRefused(
            f"already sent through {destination}: there is nothing left to cancel",
            bundle.path,
            hint="send a correction as a new edition (publisher build --edition correction)",
        )
    schedules = destination != SMTP and provider_named(destination).SCHEDULES
    started = (
        any(
            step.get("state") == "done"
            for step in ledger.destination(destination)["steps"].values()
        )
        or (handoff_folder(bundle.path) / f"{destination}.sent").exists()
    )
    if not schedules and started:
        raise HandoffRefused(
            f"the hand-off to {destination} was partly done ({state}): some readers have it",
            bundle.path,
            hint="run the hand-off again to send to the rest, or send a correction"
            " as a new edition",
        )
    if schedules and state == "scheduled":
        provider = provider_named(destination)
        keys = _keys(provider, environ, needed=True)
        steps = provider.prepare_cancel(Job(bundle, settings), ledger.captured(destination))
        http = client or httpx.Client(timeout=60)
        run_steps(
            destination,
            steps,
            lambda step: provider.send(step, http, keys),
            ledger,
            secrets=keys.values(),
            retry=retry,
        )
        summary = f"{destination}: the scheduled campaign was cancelled"
    elif schedules:
        raise HandoffRefused(
            f"nothing is scheduled with {destination} for this bundle (state: {state})",
            bundle.path,
        )
    else:
        summary = f"{destination}: publisher dispatch will not send this bundle"
    ledger.reset(destination, now, "cancelled")
    ledger.set_state(destination, "cancelled", now, "publisher cancel")
    return Outcome(destination, "cancelled", summary)


def _write_dry_run(bundle: Path, destination: str, document: list[Any]) -> Path:
    path = handoff_folder(bundle) / f"{destination}.json"
    data = {"destination": destination, "bundle": bundle.name, "requests": document}
    write_file(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
