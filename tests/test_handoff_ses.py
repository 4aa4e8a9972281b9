"""Amazon SES v2: each letter as raw MIME through SendEmail, signed by botocore, against
moto's server on 127.0.0.1 (what SES received) and a local server (what went over the
wire, and the errors moto cannot script); retries, resuming letter by letter, cancelling."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from moto.server import ThreadedMotoServer
from moto.ses.models import ses_backends

from publisher.config import load_settings
from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff import ses
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.message import UNSUBSCRIBE_KEY, letters_for, unsubscribe_token
from publisher.handoff.recipients import Recipient
from publisher.handoff.runner import RetryPolicy, run_steps
from publisher.handoff.source import HandoffBundle
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import GOLDEN_DIR
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

KEY_ID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
KEYS = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}
REGION = "eu-west-1"
ACCOUNT = "123456789012"  # moto's default account
SENDER = "daily@globalpost.example"
PATH = "/v2/email/outbound-emails"
READERS = (Recipient("ann@example.org", "Ann Example"), Recipient("bo@example.org"))
GOLDEN = GOLDEN_DIR / "handoff" / "ses.json"
AT = datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
DEFAULT_URL = 'url = "https://www.globalpost.example/unsubscribe"'


def job_for(
    tmp_path: Path,
    endpoint_url: str = "",
    readers: Sequence[Recipient] = READERS,
    unsubscribe_url: str = "",
    environ: dict[str, str] | None = None,
) -> Job:
    """The sample edition with a [handoff.ses] table and one letter per reader."""
    content, config = copy_fixture_edition(tmp_path)
    text = config.read_text("utf-8")
    if unsubscribe_url:
        text = text.replace(DEFAULT_URL, f'url = "{unsubscribe_url}"')
    text += (
        f'\n[handoff.ses]\nregion = "{REGION}"\nrecipients = "subscribers.csv"\n'
        'configuration_set = "newsletter"\n'
    )
    text += f'endpoint_url = "{endpoint_url}"\n' if endpoint_url else ""
    config.write_text(text, "utf-8")
    path = build_fixture(tmp_path / "dist", content, config).bundle.path
    settings = load_settings(config)
    bundle = HandoffBundle.read(path, settings)
    return Job(bundle, settings, letters_for(bundle, settings, readers, environ or {}))


def hand_off(
    job: Job,
    sleeps: list[float] | None = None,
    keys: dict[str, str] = KEYS,
    attempts: int = 4,
) -> dict[str, str]:
    """One run as a fresh process would do it: the ledger read from disk."""
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        return run_steps(
            ses.NAME,
            ses.prepare(job),
            lambda request: ses.send(request, client, keys),
            ledger,
            secrets=keys.values(),
            retry=RetryPolicy(
                attempts=attempts, sleep=(sleeps if sleeps is not None else []).append
            ),
            clock=lambda: AT,
        )


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    with socket.socket() as probe:  # ThreadedMotoServer needs a port given: pick a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def moto(moto_server: str) -> str:
    """moto's SES, emptied, with the sender's address verified (SES sends from no other)."""
    httpx.post(f"{moto_server}/moto-api/reset").raise_for_status()
    client = ses._client(moto_server, REGION, KEY_ID, SECRET, "")
    client.create_email_identity(EmailIdentity=SENDER)
    return moto_server


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def received_by_moto() -> list[tuple[str, list[str], bytes]]:
    backend = ses_backends[ACCOUNT][REGION]
    return [(m.source, m.destinations, m.raw_data.encode("utf-8")) for m in backend.sent_messages]


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_for(tmp_path)
    document = [request.as_json(ses.masked_headers()) for request in ses.prepare(job)]
    for request, letter in zip(document, job.letters, strict=True):
        raw = request["json"]["Content"]["Raw"]
        assert raw["Data"].encode("utf-8") == letter.eml  # text, so the dry run reads well
        # Golden-ish: the message is the letter's own, pinned by the SMTP tests.
        raw["Data"] = f"<{letter.address}'s .eml>"
        request["does"] = request["does"].replace(f"{len(letter.eml):,}", "<size>")
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_ses.py and review the diff"
    )


def test_ses_receives_each_letter_as_built_with_its_own_to(tmp_path: Path, moto: str) -> None:
    job = job_for(tmp_path, moto)
    captured = hand_off(job)
    received = received_by_moto()
    assert [(source, to[0]) for source, to, _ in received] == [
        (SENDER, "ann@example.org"),
        (SENDER, "bo@example.org"),
    ]
    assert [raw for _, _, raw in received] == [letter.eml for letter in job.letters]
    messages = [email.message_from_bytes(raw, policy=email.policy.default) for *_, raw in received]
    assert [m["To"] for m in messages] == ["Ann Example <ann@example.org>", "bo@example.org"]
    backend = ses_backends[ACCOUNT][REGION]
    assert captured == {
        "message_id:ann@example.org": backend.sent_messages[0].id,
        "message_id:bo@example.org": backend.sent_messages[1].id,
    }


def test_each_reader_gets_their_own_unsubscribe_url(tmp_path: Path, moto: str) -> None:
    url = "https://www.globalpost.example/unsubscribe?u={email}&t={token}"
    job = job_for(tmp_path, moto, unsubscribe_url=url, environ={UNSUBSCRIBE_KEY: "k3y"})
    hand_off(job)
    for (_, _, raw), reader in zip(received_by_moto(), READERS, strict=True):
        own = (
            f"https://www.globalpost.example/unsubscribe?u={reader.address}"
            f"&t={unsubscribe_token(reader.address, 'k3y')}"
        )
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["List-Unsubscribe"] == (
            f"<{own}>, <mailto:unsubscribe@globalpost.example?subject=unsubscribe>"
        )
        html, text = message.get_body(("html",)), message.get_body(("plain",))
        assert html is not None and text is not None
        assert own.replace("&", "&amp;") in html.get_content()
        assert own in text.get_content()
        assert "{token}" not in html.get_content() + text.get_content()


def test_a_rejected_letter_is_one_line_without_the_keys(tmp_path: Path, moto_server: str) -> None:
    httpx.post(f"{moto_server}/moto-api/reset").raise_for_status()  # the sender unverified
    job = job_for(tmp_path, moto_server)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "ses: step 'send-1' failed: HTTP 400 MessageRejected: Did not have authority to send "
        "from email daily@globalpost.example (to ann@example.org) (done before: nothing)"
    )
    assert SECRET not in str(caught.value) and KEY_ID not in str(caught.value)
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    assert ledger.state("ses") == "failed"


def test_botocore_signs_with_the_given_keys_only(
    tmp_path: Path, api: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = nope\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_PROFILE", "a-profile-nowhere")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    job = job_for(tmp_path, api.url, readers=READERS[:1])
    api.answer("POST", PATH, Answer(200, {"MessageId": "0100018c-aaaa"}))
    keys = {**KEYS, "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLETOKEN"}
    assert hand_off(job, keys=keys) == {"message_id:ann@example.org": "0100018c-aaaa"}
    (call,) = api.received
    assert (call.method, call.path) == ("POST", PATH)
    assert call.headers["content-type"] == "application/json"
    assert call.headers["authorization"].startswith(
        f"AWS4-HMAC-SHA256 Credential={KEY_ID}/{datetime.now(UTC):%Y%m%d}/{REGION}/ses/aws4_request"
    )
    assert call.headers["x-amz-security-token"] == "FwoGZXIvYXdzEXAMPLETOKEN"
    body = call.json
    assert base64.b64decode(body["Content"]["Raw"]["Data"]) == job.letters[0].eml
    assert {k: v for k, v in body.items() if k != "Content"} == {
        "FromEmailAddress": SENDER,
        "Destination": {"ToAddresses": ["ann@example.org"]},
        "ConfigurationSetName": "newsletter",
    }


def test_a_server_error_is_not_retried_since_the_message_may_have_gone_out(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url, readers=READERS[:1])
    api.answer(
        "POST",
        PATH,
        Answer(500, {"message": "Internal failure"}, {"x-amzn-ErrorType": "InternalFailure"}),
        Answer(200, {"MessageId": "0100018c-bbbb"}),
    )
    sleeps: list[float] = []
    with pytest.raises(HandoffError) as failed:
        hand_off(job, sleeps)
    assert len(api.received) == 1  # botocore's own retries are off: the runner decides
    assert sleeps == []
    assert "it may have been delivered all the same, so it was not retried" in failed.value.message


def test_throttling_waits_as_long_as_retry_after_says(tmp_path: Path, api: ProviderServer) -> None:
    job = job_for(tmp_path, api.url, readers=READERS[:1])
    throttled = {"x-amzn-ErrorType": "TooManyRequestsException", "Retry-After": "3"}
    api.answer(
        "POST",
        PATH,
        Answer(429, {"message": "Maximum sending rate exceeded."}, throttled),
        Answer(200, {"MessageId": "0100018c-cccc"}),
    )
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert len(api.received) == 2
    assert sleeps == [3.0]


def test_throttling_to_the_end_says_so(tmp_path: Path, api: ProviderServer) -> None:
    job = job_for(tmp_path, api.url, readers=READERS[:1])
    throttled = {"x-amzn-ErrorType": "TooManyRequestsException"}
    api.answer("POST", PATH, Answer(429, {"message": "Maximum sending rate exceeded."}, throttled))
    with pytest.raises(HandoffError) as caught:
        hand_off(job, [], attempts=2)
    assert caught.value.message == (
        "ses: step 'send-1' failed: HTTP 429 TooManyRequestsException: Maximum sending rate "
        "exceeded. (to ann@example.org), after 2 tries (done before: nothing)"
    )


def test_a_failure_between_letters_resumes_without_sending_one_twice(
    tmp_path: Path, api: ProviderServer
) -> None:
    readers = (*READERS, Recipient("cy@example.org"))
    job = job_for(tmp_path, api.url, readers=readers)
    refused = {"x-amzn-ErrorType": "BadRequestException"}
    api.answer(
        "POST",
        PATH,
        Answer(200, {"MessageId": "0100018c-0001"}),
        Answer(400, {"message": "Illegal address"}, refused),
        Answer(200, {"MessageId": "0100018c-0002"}),
    )
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "ses: step 'send-2' failed: HTTP 400 BadRequestException: Illegal address "
        "(to bo@example.org) (done before: send-1)"
    )
    captured = hand_off(job)
    sent_to = [call.json["Destination"]["ToAddresses"] for call in api.received]
    assert sent_to == [
        ["ann@example.org"],
        ["bo@example.org"],
        ["bo@example.org"],
        ["cy@example.org"],
    ]
    assert sorted(captured) == [
        "message_id:ann@example.org",
        "message_id:bo@example.org",
        "message_id:cy@example.org",
    ]


def test_an_unreachable_endpoint_is_retried_then_fails(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    job = job_for(tmp_path, closed, readers=READERS[:1])
    sleeps: list[float] = []
    with pytest.raises(HandoffError) as caught:
        hand_off(job, sleeps, attempts=2)
    assert caught.value.message == (
        "ses: step 'send-1' failed: network error: EndpointConnectionError: Could not connect "
        f'to the endpoint URL: "{closed}{PATH}", after 2 tries (done before: nothing)'
    )
    assert sleeps == [1.0]


def test_no_letters_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        ses.prepare(replace(job_for(tmp_path), letters=()))
    assert (caught.value.message, caught.value.hint) == (
        "SES sends one letter per recipient, and there are none",
        "give [handoff.ses] recipients or --recipients FILE",
    )


def test_cancel_says_ses_has_nothing_to_unschedule(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        ses.prepare_cancel(job_for(tmp_path), {})
    assert (caught.value.message, caught.value.hint) == (
        "SES cannot unschedule: it has no scheduling, and this edition has not gone out: "
        "publisher dispatch sends it at its send time",
        "publisher cancel marks it cancelled in the ledger, so dispatch skips it",
    )


def test_cancel_after_a_letter_went_out_says_it_cannot_be_called_back(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        ses.prepare_cancel(job_for(tmp_path), {"message_id:ann@example.org": "0100018c"})
    assert (caught.value.message, caught.value.hint) == (
        "SES has sent this edition already (to part of the list, at least): "
        "sent mail cannot be called back",
        "send a correction as a new edition (publisher build --edition correction)",
    )


def test_the_dry_run_shows_the_signature_as_botocores_to_make() -> None:
    assert ses.masked_headers() == {
        "Authorization": "AWS4-HMAC-SHA256 *** (signed by botocore at send time)"
    }
