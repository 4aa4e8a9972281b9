"""Amazon SES v2: each letter sent as our own raw MIME message (`SendEmail` with
`Content.Raw`), so its headers go out as built; one ledger step per letter, so a resumed
run never sends a letter twice.

SES cannot schedule: it sends at once, so `publisher dispatch` hands the edition off at
its send time. The keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
AWS_SESSION_TOKEN when the environment has one), passed to boto3 explicitly: no profile,
no ~/.aws files, no instance metadata. botocore signs each call (SigV4) at send time, so
a dry run shows the requests unsigned; botocore's own retries are off, leaving retries to
the runner's policy. The region and, for tests, the endpoint come from `[handoff.ses]`.

SES overwrites two of our headers: Date (with the time it accepts the message) and
Message-ID (with its own). A DKIM signature that covers them no longer verifies after
that; SES's own DKIM signature (Easy DKIM, for a verified domain) still does.

References: botocore's service model for sesv2 (data/sesv2/2019-09-27/service-2.json:
SendEmail is POST /v2/email/outbound-emails; RawMessage.Data; TooManyRequestsException is
429); docs.aws.amazon.com/ses/latest/dg/header-fields.html (Date and Message-ID replaced).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx

from publisher.config.handoff import SesHandoff
from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.job import Job, Letter, refuse_cancel_of_immediate
from publisher.handoff.prepared import PreparedRequest
from publisher.handoff.runner import Retryable

NAME = "ses"
KEYS: tuple[str, ...] = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
SESSION_TOKEN = "AWS_SESSION_TOKEN"
SCHEDULES = False
HAS_LISTS = False
SEND_EMAIL_PATH = "/v2/email/outbound-emails"
# SES v2's throttling error (429); 5xx answers are retried by their status.
THROTTLED = ("TooManyRequestsException", "ThrottlingException", "Throttling")
SIGNED = "AWS4-HMAC-SHA256 *** (signed by botocore at send time)"


@dataclass(frozen=True)
class SesRequest(PreparedRequest):
    """A SendEmail call: `send` gets no settings, so the request carries where it goes
    and the region botocore signs it for (not part of the dry run's JSON)."""

    endpoint: str = ""
    region: str = ""


def endpoint(section: SesHandoff) -> str:
    """`[handoff.ses] endpoint_url`, else AWS's SES v2 endpoint for the region."""
    return section.endpoint_url.rstrip("/") or f"https://email.{section.region}.amazonaws.com"


def prepare(job: Job) -> list[PreparedRequest]:
    """One SendEmail per letter, named send-1, send-2, ...; its id kept by address."""
    section = job.settings.handoff.ses
    if section is None:
        raise HandoffRefused("publication.toml has no [handoff.ses]")
    job.require_letters("SES", NAME)
    root = endpoint(section)
    return [
        SesRequest(
            step=f"send-{number}",
            idempotent=False,
            method="POST",
            url=root + SEND_EMAIL_PATH,
            json=send_email_input(letter, job.settings.sender.address, section),
            headers={"Content-Type": "application/json"},
            captures={f"message_id:{letter.address}": "MessageId"},
            does=f"send {letter.address}'s letter as raw MIME ({len(letter.eml):,} bytes, "
            f"signed for {section.region})",
            endpoint=root,
            region=section.region,
        )
        for number, letter in enumerate(job.letters, 1)
    ]


def send_email_input(letter: Letter, sender: str, section: SesHandoff) -> dict[str, Any]:
    """SendEmail's input as boto3 takes it, the .eml as text (it is 7-bit, CRLF: the bytes
    come back exactly at send time) so that the dry run stays readable."""
    arguments: dict[str, Any] = {
        "FromEmailAddress": sender,
        "Destination": {"ToAddresses": [letter.address]},
        "Content": {"Raw": {"Data": letter.eml.decode("utf-8")}},
    }
    if section.configuration_set:
        arguments["ConfigurationSetName"] = section.configuration_set
    return arguments


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    sent = any(name.startswith("message_id:") for name in captured)
    refuse_cancel_of_immediate("SES", sent=sent)


def masked_headers() -> dict[str, str]:
    return {"Authorization": SIGNED}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    """One SendEmail through boto3 (the httpx client is not used: botocore signs and
    sends); {"MessageId": ...}, or Retryable / HandoffError with a one-line message."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError
    except ImportError:
        raise HandoffRefused(
            "the SES hand-off needs boto3, which is not installed",
            hint="pip install 'publisher[ses]'",
        ) from None
    assert isinstance(request, SesRequest), "SES sends only the requests its prepare made"
    token = keys.get(SESSION_TOKEN) or os.environ.get(SESSION_TOKEN, "")
    sesv2 = _client(request.endpoint, request.region, keys[KEYS[0]], keys[KEYS[1]], token)
    arguments = dict(request.json)
    raw = arguments["Content"]["Raw"]
    arguments["Content"] = {"Raw": {"Data": raw["Data"].encode("utf-8")}}
    recipient = ", ".join(arguments["Destination"]["ToAddresses"])
    try:
        answer = sesv2.send_email(**arguments)
    except ClientError as error:
        raise _failure(error, recipient) from None
    except (ConnectionError, HTTPClientError) as error:
        # No connection made (ConnectionError) means nothing was sent; a timeout or a
        # connection closed while waiting for the answer may have sent it.
        raise Retryable(
            f"network error: {type(error).__name__}: {error}",
            may_have_landed=not isinstance(error, ConnectionError),
        ) from None
    except BotoCoreError as error:
        raise HandoffError(f"SES: {type(error).__name__}: {error}") from None
    return {"MessageId": answer["MessageId"]}


def _failure(error: Any, recipient: str) -> Exception:
    """An SES error as one line; Retryable when throttled or SES failed (5xx)."""
    response = error.response
    code = str(response.get("Error", {}).get("Code", "")) or type(error).__name__
    text = " ".join(str(response.get("Error", {}).get("Message", "")).split())[:300]
    metadata = response.get("ResponseMetadata", {})
    status = int(metadata.get("HTTPStatusCode") or 0)
    message = f"HTTP {status} {code}: {text or 'no explanation'} (to {recipient})"
    after = _retry_after(metadata.get("HTTPHeaders", {}).get("retry-after"))
    if status == 429 or code in THROTTLED:
        return Retryable(message, after, may_have_landed=False)  # refused before any work
    if status >= 500:
        return Retryable(message, after)
    return HandoffError(message)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to the backoff


@lru_cache(maxsize=4)
def _client(endpoint_url: str, region: str, key_id: str, secret: str, token: str) -> Any:
    """A sesv2 client with these credentials only, made once per run (making one reads
    botocore's service model, ~0.1 s): no profile, no config or credentials file."""
    import boto3
    import botocore.session
    from botocore.config import Config

    core = botocore.session.Session(
        session_vars={
            "profile": (None, None, None, None),
            "config_file": (None, None, os.devnull, None),
            "credentials_file": (None, None, os.devnull, None),
        }
    )
    session = boto3.session.Session(
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=token or None,
        region_name=region,
        botocore_session=core,
    )
    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=10,
        read_timeout=60,
        ignore_configured_endpoint_urls=True,
    )
    return session.client("sesv2", endpoint_url=endpoint_url, config=config)
