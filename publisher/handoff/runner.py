"""Sends an adapter's prepared requests in order, resuming after the last finished step,
with bounded retries for network errors, 5xx and 429 (honouring Retry-After).

Every step's outcome goes into the ledger as it happens, so a failure between two calls
resumes from the failed step and never creates a second campaign.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.ledger import Ledger
from publisher.handoff.prepared import PreparedRequest, dig


class Retryable(Exception):
    """A failure worth another try: the network, a 5xx, a 429."""

    def __init__(
        self, message: str, after: float | None = None, *, may_have_landed: bool = True
    ) -> None:
        super().__init__(message)
        self.message = message
        self.after = after
        # A 429 or a connection never made did no work; a 5xx or a lost answer may have.
        self.may_have_landed = may_have_landed


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    first_delay: float = 1.0
    longest_delay: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int, after: float | None) -> float:
        wait = after if after is not None else self.first_delay * 2**attempt
        return float(min(wait, self.longest_delay))


Send = Callable[[PreparedRequest], Any]
DEFAULT_RETRY = RetryPolicy()
# No connection was made, so nothing was sent: safe to try again even for mail that goes
# out at once. Any other network error may have come after the request was sent.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def http_send(
    request: PreparedRequest,
    client: httpx.Client,
    headers: Mapping[str, str],
    error_message: Callable[[httpx.Response], str],
) -> Any:
    """One HTTP call; its JSON (or None); Retryable or HandoffError when it fails."""
    try:
        response = client.request(
            request.method, request.url, json=request.json, headers={**request.headers, **headers}
        )
    except httpx.TransportError as error:
        raise Retryable(
            f"network error: {type(error).__name__}: {error}",
            may_have_landed=not isinstance(error, _NOT_SENT),
        ) from None
    if response.status_code == 429 or response.status_code >= 500:
        raise Retryable(
            f"HTTP {response.status_code}: {error_message(response)}",
            _retry_after(response.headers.get("Retry-After")),
            may_have_landed=response.status_code != 429,
        )
    if response.status_code >= 400:
        raise HandoffError(f"HTTP {response.status_code}: {error_message(response)}")
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to the backoff


def run_steps(
    destination: str,
    steps: Iterable[PreparedRequest],
    send: Send,
    ledger: Ledger,
    *,
    secrets: Iterable[str] = (),
    retry: RetryPolicy = DEFAULT_RETRY,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, str]:
    """Runs the steps not yet done; the values every step captured (ids and the like).

    A step that creates something (it has `skip_if`) is never sent blindly twice: when
    its answer may have been lost (a network error or a 5xx, on this run or an earlier
    one), the find step before it runs again first, and a campaign it finds is used.
    """
    steps = list(steps)
    captured = ledger.captured(destination)
    finished = [
        name
        for name, step in ledger.destination(destination)["steps"].items()
        if step.get("state") in ("done", "skipped")
    ]
    _hold_plan(destination, steps, ledger, finished)

    def call(request: PreparedRequest, refind: PreparedRequest | None = None) -> None:
        new = _call(
            destination, request, send, retry, secrets, ledger, clock, finished, captured, refind
        )
        captured.update(new)

    find: PreparedRequest | None = None
    for index, request in enumerate(steps):
        if request.pick is not None:
            find = request
            # A find is cheap and tells the truth now: run it whenever the create it
            # guards (the next step) is still to do.
            guarded = steps[index + 1] if index + 1 < len(steps) else None
            if (
                guarded is not None
                and guarded.skip_if is not None
                and guarded.skip_if not in captured
                and not ledger.is_done(destination, guarded.step)
            ):
                call(request)
            continue
        if ledger.is_done(destination, request.step):
            continue
        if request.skip_if is not None and request.skip_if in captured:
            ledger.record_step(destination, request.step, "skipped", clock())
            continue
        call(request, find if request.skip_if is not None else None)
    return captured


def plan_digest(steps: Iterable[PreparedRequest]) -> str:
    """What a run would send, step by step (headers, which carry the keys, left out)."""
    plan = [[step.step, step.method, step.url, step.json] for step in steps]
    encoded = json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _hold_plan(
    destination: str, steps: list[PreparedRequest], ledger: Ledger, finished: list[str]
) -> None:
    """A resumed hand-off sends what its first run planned, or nothing.

    Steps are named by position (Postmark's `send-2` is the second 500 letters): were the
    recipients file or the settings to change between runs, a step already done would
    stand for other readers than the same step now, and resuming would send some readers
    the edition twice and others never. The first run records a digest of its plan.
    """
    record = ledger.destination(destination)
    held, plan = record.get("plan"), plan_digest(steps)
    if held is not None and held != plan and finished:
        raise HandoffRefused(
            f"{destination}: what this hand-off sends has changed since it began"
            f" ({len(finished)} of {len(steps)} steps done): the recipients or the settings",
            ledger.path,
            hint="to resume, restore the recipients file and settings it began with; "
            "--resend starts over and sends the steps already done again",
        )
    if held != plan:
        record["plan"] = plan
        ledger.save()


def _call(
    destination: str,
    request: PreparedRequest,
    send: Send,
    retry: RetryPolicy,
    secrets: Iterable[str],
    ledger: Ledger,
    clock: Callable[[], datetime],
    finished: list[str],
    captured: Mapping[str, str],
    refind: PreparedRequest | None = None,
) -> dict[str, str]:
    """One step, retried; its captures, recorded in the ledger as done or failed."""
    resolved = request.resolved(captured)
    try:
        response = _with_retries(send, resolved, retry, refind, captured)
    except (HandoffError, HandoffRefused) as error:
        message = _masked(error.message, secrets)
        ledger.record_step(destination, request.step, "failed", clock())
        ledger.set_state(destination, "failed", clock(), f"{request.step}: {message}")
        done = ", ".join(finished) if finished else "nothing"
        raise HandoffError(
            f"{destination}: step {request.step!r} failed: {message} (done before: {done})",
            hint="fix the cause and run the same command again: it resumes from this step",
        ) from None
    if isinstance(response, _Found):
        new = response.captures
    else:
        new = {
            name: value
            for name, path in resolved.captures.items()
            if (value := dig(response, path)) is not None
        }
        if resolved.pick is not None:
            new.update(resolved.pick(response))
    ledger.record_step(destination, request.step, "done", clock(), new)
    finished.append(request.step)
    return new


@dataclass(frozen=True)
class _Found:
    """A create whose retry found, by the find step, what the lost first try had made."""

    captures: dict[str, str]


def _with_retries(
    send: Send,
    request: PreparedRequest,
    retry: RetryPolicy,
    refind: PreparedRequest | None = None,
    captured: Mapping[str, str] | None = None,
) -> Any:
    for attempt in range(retry.attempts):
        try:
            return send(request)
        except Retryable as error:
            if not request.idempotent and error.may_have_landed:
                raise HandoffError(
                    f"{error.message}; it may have been delivered all the same, so it was not"
                    " retried: check the provider's activity log before running again"
                ) from None
            if attempt == retry.attempts - 1:
                raise HandoffError(f"{error.message}, after {retry.attempts} tries") from None
            retry.sleep(retry.delay(attempt, error.after))
            if refind is not None and refind.pick is not None and error.may_have_landed:
                found = refind.pick(send(refind.resolved(captured or {})))
                if request.skip_if in found:
                    return _Found(found)
    raise AssertionError("unreachable")


def _masked(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
