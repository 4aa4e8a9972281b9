"""Postmark: the letters, one per recipient, in batches through `POST /email/batch` on a
broadcast message stream; one ledger step per batch, so a resumed run never sends a batch
twice.

Postmark cannot schedule: it sends at once, so `publisher dispatch` hands the edition off
at its send time. The key comes from POSTMARK_SERVER_TOKEN (the X-Postmark-Server-Token
header). Each message carries the letter's own To, bodies (its one-click unsubscribe URL
in both), and, in `Headers`, the letter's List-Unsubscribe, List-Unsubscribe-Post and
Message-ID, with X-PM-KeepID so Postmark keeps our Message-ID instead of minting one.
`MessageStream` is always given: without it Postmark sends through the transactional
`outbound` stream. Open and link tracking are stated off, not left to the server's
settings, so readers get the links we built. Unsubscribes go to our own page: give the
stream the "Custom" unsubscribe handling (UnsubscribeHandlingType None, Postmark or Custom,
in postmark.js's models/streams/MessageStream), not Postmark's. With Postmark's own, it
adds its link and List-Unsubscribe headers, which cannot be changed, and it turns on the
custom handling only on request (postmarkapp.com/support/article/1299 and 1300).

Postmark answers a batch with 200 and one result per message, in order, each with its own
ErrorCode. A batch Postmark refused whole (nothing accepted: a sender signature not
confirmed, an unknown stream) fails its step; a run again is safe. When some messages were
accepted, the step is done, or a run again would send them twice: the refused addresses
are recorded in the ledger (`refused:send-N`) beside the accepted ids (`message_ids:send-N`),
as are inactive recipients (ErrorCode 406: bounced, unsubscribed or complained), which
Postmark never sends to, however often one asks.

References: postmarkapp.com/developer/user-guide/send-email-with-api/batch-emails (500
messages and 50 MB per call; MessageStream); postmarkapp.com/developer/api/overview
(error codes: 406 inactive recipient); ActiveCampaign/swiftmailer-postmark,
src/Postmark/Transport.php (Message-ID with X-PM-KeepID in the API's Headers).
"""

from __future__ import annotations

import email.policy
import json
from collections.abc import Iterator, Mapping, Sequence
from email.parser import BytesHeaderParser
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

import httpx

from publisher.config.handoff import PostmarkHandoff
from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.job import Job, Letter, refuse_cancel_of_immediate
from publisher.handoff.prepared import PreparedRequest
from publisher.handoff.runner import http_send

NAME = "postmark"
KEYS: tuple[str, ...] = ("POSTMARK_SERVER_TOKEN",)
SCHEDULES = False
HAS_LISTS = False
TOKEN_HEADER = "X-Postmark-Server-Token"
TRANSACTIONAL_STREAM = "outbound"
# Postmark's limits per batch call: 500 messages and 50 MB. The sample edition's HTML alone
# is ~100 KB, so 500 letters would pass 50 MB: batches stop at whichever comes first, with
# room to spare for the array's punctuation and Postmark's counting.
BATCH_MESSAGES = 500
BATCH_BYTES = 45_000_000
INACTIVE_RECIPIENT = 406
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
# The letter's own headers that Postmark must send as built (Message-ID kept by X-PM-KeepID).
_OWN_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "Message-ID")
_HEADER_PARSER = BytesHeaderParser(policy=email.policy.compat32)


def prepare(job: Job) -> list[PreparedRequest]:
    """One `POST /email/batch` per batch of letters, named send-1, send-2, ..."""
    section = _section(job)
    job.require_letters("Postmark", NAME)
    if section.stream == TRANSACTIONAL_STREAM:
        raise HandoffRefused(
            "handoff.postmark.stream is outbound, Postmark's transactional stream",
            hint="a newsletter goes through a broadcast stream: give its id (often broadcast)",
        )
    url = f"{section.api_url.rstrip('/')}/email/batch"
    tag = job.bundle.marker
    messages = [(letter, message(letter, section.stream, tag)) for letter in job.letters]
    steps = []
    for number, batch in enumerate(_batches(messages), 1):
        step = f"send-{number}"
        addresses = [letter.address for letter, _ in batch]
        steps.append(
            PreparedRequest(
                step=step,
                idempotent=False,
                method="POST",
                url=url,
                json=[body for _, body in batch],
                headers=JSON_HEADERS,
                captures={f"message_ids:{step}": "message_ids", f"refused:{step}": "refused"},
                does=f"send {_letters(addresses)} through the {section.stream} stream",
            )
        )
    return steps


def message(letter: Letter, stream: str, tag: str) -> dict[str, Any]:
    """One letter as Postmark's message JSON: the addresses, subject and headers exactly as
    the letter's .eml has them (so a test send's `[Test] ` subject goes out too)."""
    headers = _headers(letter.eml)
    body: dict[str, Any] = {"From": headers["From"], "To": headers["To"]}
    if "Reply-To" in headers:
        body["ReplyTo"] = headers["Reply-To"]
    return body | {
        "Subject": headers["Subject"],
        "HtmlBody": letter.html,
        "TextBody": letter.text,
        "Tag": tag,
        "TrackOpens": False,
        "TrackLinks": "None",
        "Headers": [
            *({"Name": name, "Value": headers[name]} for name in _OWN_HEADERS if name in headers),
            {"Name": "X-PM-KeepID", "Value": "true"},
        ],
        "MessageStream": stream,
    }


def _headers(eml: bytes) -> dict[str, str]:
    """The headers Postmark needs, decoded (RFC 2047 words to text) and unfolded."""
    parsed = _HEADER_PARSER.parsebytes(eml.split(b"\r\n\r\n", 1)[0])
    wanted = ("From", "To", "Reply-To", "Subject", *_OWN_HEADERS)
    return {name: _decoded(name, str(parsed[name])) for name in wanted if name in parsed}


@lru_cache(maxsize=64)
def _decoded(name: str, raw: str) -> str:
    # Most headers are the same in every letter: decode each value once (it is slow).
    return str(email.policy.default.header_factory(name, "".join(raw.splitlines())))


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    sent = any(name.startswith("message_ids:") for name in captured)
    refuse_cancel_of_immediate("Postmark", sent=sent)


def masked_headers() -> dict[str, str]:
    return {TOKEN_HEADER: "***"}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    """The batch sent; what the ledger keeps of it: the accepted messages' ids and the
    refusals, by address, as two JSON objects (one capture each, however many letters).
    HandoffError when Postmark refused every message of it."""
    answer = http_send(request, client, {TOKEN_HEADER: keys[KEYS[0]]}, error_message)
    results = _results(request, answer)
    addresses = [parseaddr(message["To"])[1] for message in request.json]
    accepted: dict[str, str] = {}
    refused: dict[str, str] = {}
    for address, result in zip(addresses, results, strict=True):
        if result.get("ErrorCode", 0) == 0:
            accepted[address] = str(result.get("MessageID", ""))
        else:
            refused[address] = _refusal(result)
    failing = [
        (address, _refusal(result))
        for address, result in zip(addresses, results, strict=True)
        if result.get("ErrorCode", 0) not in (0, INACTIVE_RECIPIENT)
    ]
    if not accepted and failing:
        address, reason = failing[0]
        more = len(refused) - 1
        others = f" (and {more} other{'s' if more > 1 else ''})" if more else ""
        raise HandoffError(
            f"Postmark refused every message of the batch: {address}: {reason}{others}"
        )
    summary = {"message_ids": _compact(accepted)} if accepted else {}
    return summary | ({"refused": _compact(refused)} if refused else {})


def error_message(response: httpx.Response) -> str:
    """Postmark's error JSON ({"ErrorCode": 10, "Message": "..."}) as one line."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("Message"):
        return _one_line(f"{data['Message']} (ErrorCode {data.get('ErrorCode', '?')})")
    return _one_line(response.text) or response.reason_phrase or "no explanation"


def _section(job: Job) -> PostmarkHandoff:
    section = job.settings.handoff.postmark
    if section is None:
        raise HandoffRefused("publication.toml has no [handoff.postmark]")
    return section


def _batches(
    messages: Sequence[tuple[Letter, dict[str, Any]]],
) -> Iterator[list[tuple[Letter, dict[str, Any]]]]:
    """Consecutive batches of at most BATCH_MESSAGES messages and BATCH_BYTES of JSON;
    the same letters always make the same batches, so a resumed run's steps line up."""
    batch: list[tuple[Letter, dict[str, Any]]] = []
    size = 2  # the array's brackets
    for entry in messages:
        # ensure_ascii counts a non-ASCII character as six bytes: never less than sent.
        length = len(json.dumps(entry[1])) + 1
        if batch and (len(batch) == BATCH_MESSAGES or size + length > BATCH_BYTES):
            yield batch
            batch, size = [], 2
        batch.append(entry)
        size += length
    if batch:
        yield batch


def _results(request: PreparedRequest, answer: Any) -> list[dict[str, Any]]:
    if (
        not isinstance(answer, list)
        or len(answer) != len(request.json)
        or not all(isinstance(result, dict) for result in answer)
    ):
        raise HandoffError(
            f"Postmark's answer to {request.step} does not list its {len(request.json)} "
            "messages one by one: some may have gone out, so look at the server's Activity "
            "page in Postmark before running again"
        )
    return answer


def _refusal(result: Mapping[str, Any]) -> str:
    return _one_line(f"{result.get('Message') or 'refused'} (ErrorCode {result.get('ErrorCode')})")


def _letters(addresses: Sequence[str]) -> str:
    if len(addresses) == 1:
        return f"1 letter, to {addresses[0]},"
    return f"{len(addresses)} letters, {addresses[0]} to {addresses[-1]},"


def _compact(mapping: Mapping[str, str]) -> str:
    return json.dumps(mapping, ensure_ascii=False, separators=(",", ":"))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
