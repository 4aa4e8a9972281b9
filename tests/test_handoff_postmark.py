"""Postmark: the letters in batches through /email/batch on the broadcast stream, as
Postmark's API documents them, sent by the real httpx client to a local server; refusals
per message, retries, resuming batch by batch from the ledger, cancelling."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from publisher.config import load_settings
from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff import postmark, run
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.message import UNSUBSCRIBE_KEY, letters_for, unsubscribe_token
from publisher.handoff.recipients import Recipient
from publisher.handoff.source import HandoffBundle
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import GOLDEN_DIR
from tests.handoff_jobs import run_provider
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

TOKEN = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
KEYS = {"POSTMARK_SERVER_TOKEN": TOKEN}
BATCH = "/email/batch"
READERS = (Recipient("ann@example.org", "Ann Example"), Recipient("bo@example.org"))
GOLDEN = GOLDEN_DIR / "handoff" / "postmark.json"
AT = datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
DEFAULT_URL = 'url = "https://www.globalpost.example/unsubscribe"'


def job_for(
    tmp_path: Path,
    api_url: str = "",
    readers: Sequence[Recipient] = READERS,
    unsubscribe_url: str = "",
    stream: str = "newsletter",
    environ: dict[str, str] | None = None,
) -> Job:
    """The sample edition with a [handoff.postmark] table and one letter per reader."""
    content, config = copy_fixture_edition(tmp_path)
    text = config.read_text("utf-8")
    if unsubscribe_url:
        text = text.replace(DEFAULT_URL, f'url = "{unsubscribe_url}"')
    text += f'\n[handoff.postmark]\nrecipients = "subscribers.csv"\nstream = "{stream}"\n'
    text += f'api_url = "{api_url}"\n' if api_url else ""
    config.write_text(text, "utf-8")
    path = build_fixture(tmp_path / "dist", content, config).bundle.path
    settings = load_settings(config)
    bundle = HandoffBundle.read(path, settings)
    return Job(bundle, settings, letters_for(bundle, settings, readers, environ or {}))


def with_letters(job: Job, count: int) -> Job:
    """The job with `count` small letters made from its first (batching, not content)."""
    first = replace(job.letters[0], html="<p>Hello</p>", text="Hello")
    letters = tuple(replace(first, address=f"reader{n}@example.org") for n in range(count))
    return replace(job, letters=letters)


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def accepted(*addresses: str) -> list[dict[str, Any]]:
    return [
        {
            "ErrorCode": 0,
            "Message": "OK",
            "MessageID": f"b7bc2f4a-e38e-4336-af7d-e6c39{n:07d}",
            "SubmittedAt": "2026-11-27T06:05:00.0000000-05:00",
            "To": address,
        }
        for n, address in enumerate(addresses)
    ]


def hand_off(job: Job, sleeps: list[float] | None = None) -> dict[str, str]:
    return run_provider(postmark, job, KEYS, AT, sleeps)


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_for(tmp_path)
    document = [request.as_json(postmark.masked_headers()) for request in postmark.prepare(job)]
    for message, letter in zip(document[0]["json"], job.letters, strict=True):
        assert (message["HtmlBody"], message["TextBody"]) == (letter.html, letter.text)
        # Golden-ish: the bodies are the edition's own, pinned by its golden files.
        message["HtmlBody"], message["TextBody"] = "<email.html>", "<email.txt>"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(job.bundle.marker, "<marker>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_postmark.py and review the diff"
    )


def test_the_batch_is_the_documented_request(tmp_path: Path, api: ProviderServer) -> None:
    job = job_for(tmp_path, api.url)
    api.answer("POST", BATCH, Answer(200, accepted("ann@example.org", "bo@example.org")))
    captured = hand_off(job)
    (call,) = api.received
    assert (call.method, call.path) == ("POST", BATCH)
    assert call.headers["x-postmark-server-token"] == TOKEN
    assert call.headers["accept"] == "application/json"
    assert call.headers["content-type"] == "application/json"
    assert [m["To"] for m in call.json] == ["Ann Example <ann@example.org>", "bo@example.org"]
    for message, letter in zip(call.json, job.letters, strict=True):
        assert message.pop("HtmlBody") == letter.html
        assert message.pop("TextBody") == letter.text
        del message["To"]
        assert message == {
            "From": "GlobalPost Daily <daily@globalpost.example>",
            "ReplyTo": "editors@globalpost.example",
            "Subject": "Geneva ceasefire talks stall over who moves first",
            "Tag": job.bundle.marker,
            "TrackOpens": False,
            "TrackLinks": "None",
            "Headers": [
                {
                    "Name": "List-Unsubscribe",
                    "Value": "<https://www.globalpost.example/unsubscribe>, "
                    "<mailto:unsubscribe@globalpost.example?subject=unsubscribe>",
                },
                {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
                {"Name": "Message-ID", "Value": job.bundle.edition.headers["Message-ID"]},
                {"Name": "X-PM-KeepID", "Value": "true"},
            ],
            "MessageStream": "newsletter",
        }
    ids = accepted("ann@example.org", "bo@example.org")
    assert captured == {
        "message_ids:send-1": json.dumps(
            {"ann@example.org": ids[0]["MessageID"], "bo@example.org": ids[1]["MessageID"]},
            separators=(",", ":"),
        )
    }


def test_each_reader_gets_their_own_to_and_unsubscribe_url(tmp_path: Path) -> None:
    url = "https://www.globalpost.example/unsubscribe?u={email}&t={token}"
    job = job_for(tmp_path, unsubscribe_url=url, environ={UNSUBSCRIBE_KEY: "k3y"})
    messages = postmark.prepare(job)[0].json
    assert [letter.unsubscribe_url for letter in job.letters] == [
        "https://www.globalpost.example/unsubscribe?u=ann@example.org&t="
        + unsubscribe_token("ann@example.org", "k3y"),
        "https://www.globalpost.example/unsubscribe?u=bo@example.org&t="
        + unsubscribe_token("bo@example.org", "k3y"),
    ]
    assert [m["To"] for m in messages] == ["Ann Example <ann@example.org>", "bo@example.org"]
    for message, letter in zip(messages, job.letters, strict=True):
        own = letter.unsubscribe_url
        assert message["Headers"][0] == {
            "Name": "List-Unsubscribe",
            "Value": f"<{own}>, <mailto:unsubscribe@globalpost.example?subject=unsubscribe>",
        }
        assert own.replace("&", "&amp;") in message["HtmlBody"]
        assert own in message["TextBody"]
        for body in (message["HtmlBody"], message["TextBody"]):
            assert "{token}" not in body and "{email}" not in body


def test_batches_hold_at_most_500_letters_in_order(tmp_path: Path) -> None:
    steps = postmark.prepare(with_letters(job_for(tmp_path), 1001))
    assert [(step.step, len(step.json)) for step in steps] == [
        ("send-1", 500),
        ("send-2", 500),
        ("send-3", 1),
    ]
    assert steps[0].does == (
        "send 500 letters, reader0@example.org to reader499@example.org, "
        "through the newsletter stream"
    )
    assert (
        steps[2].does == "send 1 letter, to reader1000@example.org, through the newsletter stream"
    )


def test_batches_stay_under_postmarks_50_mb(tmp_path: Path) -> None:
    job = job_for(tmp_path)
    big = replace(job.letters[0], html="é" * 250_000)  # 1.5 MB of JSON, escaped
    steps = postmark.prepare(replace(job, letters=(big,) * 70))
    assert [len(step.json) for step in steps] == [29, 29, 12]
    for step in steps:
        assert len(httpx.Request("POST", "http://x", json=step.json).content) < 50_000_000


def test_a_refused_batch_is_one_line_without_the_key(tmp_path: Path, api: ProviderServer) -> None:
    job = job_for(tmp_path, api.url)
    refusal = {"ErrorCode": 10, "Message": f"Bad or missing\nServer API token {TOKEN}"}
    api.answer("POST", BATCH, Answer(401, refusal))
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "postmark: step 'send-1' failed: HTTP 401: Bad or missing Server API token *** "
        "(ErrorCode 10) (done before: nothing)"
    )
    assert TOKEN not in str(caught.value)


def test_every_message_refused_fails_the_batch_naming_the_address(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url)
    unconfirmed = {"ErrorCode": 401, "Message": "Sender signature not confirmed"}
    api.answer("POST", BATCH, Answer(200, [unconfirmed, unconfirmed]))
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "postmark: step 'send-1' failed: Postmark refused every message of the batch: "
        "ann@example.org: Sender signature not confirmed (ErrorCode 401) (and 1 other) "
        "(done before: nothing)"
    )
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    assert ledger.state("postmark") == "failed"


def test_a_batch_partly_accepted_is_done_with_its_refusals_recorded(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url)
    inactive = {
        "ErrorCode": 406,
        "Message": "You tried to send to recipient(s) that have been marked as inactive.",
        "To": "bo@example.org",
    }
    api.answer("POST", BATCH, Answer(200, [accepted("ann@example.org")[0], inactive]))
    captured = hand_off(job)
    assert captured == {
        "message_ids:send-1": '{"ann@example.org":"b7bc2f4a-e38e-4336-af7d-e6c390000000"}',
        "refused:send-1": '{"bo@example.org":"You tried to send to recipient(s) that have been '
        'marked as inactive. (ErrorCode 406)"}',
    }
    hand_off(job)  # a run again sends no one twice
    assert len(api.received) == 1
    assert run.sent_to(len(job.letters), captured) == (
        "sent to 1 of 2 recipients; 1 refused by the provider (their addresses and reasons "
        "are in the ledger)"
    )


def test_only_inactive_recipients_in_a_batch_is_not_a_failure(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url, readers=READERS[1:])
    inactive = {"ErrorCode": 406, "Message": "Inactive recipient"}
    api.answer("POST", BATCH, Answer(200, [inactive]))
    assert hand_off(job) == {
        "refused:send-1": '{"bo@example.org":"Inactive recipient (ErrorCode 406)"}'
    }


def test_an_answer_that_does_not_list_the_messages_fails(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url)
    api.answer("POST", BATCH, Answer(200, accepted("ann@example.org")))
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "postmark: step 'send-1' failed: Postmark's answer to send-1 does not list its 2 "
        "messages one by one: some may have gone out, so look at the server's Activity page "
        "in Postmark before running again (done before: nothing)"
    )


def test_a_server_error_on_a_batch_is_not_retried_since_it_may_have_gone_out(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url)
    api.answer(
        "POST",
        BATCH,
        Answer(500, {"ErrorCode": 100, "Message": "Maintenance"}),
        Answer(200, accepted("ann@example.org", "bo@example.org")),
    )
    sleeps: list[float] = []
    with pytest.raises(HandoffError) as failed:
        hand_off(job, sleeps)
    assert len(api.received) == 1
    assert sleeps == []
    assert "it may have been delivered all the same, so it was not retried" in failed.value.message


def test_a_server_that_cannot_be_reached_is_retried_since_nothing_went_out(
    tmp_path: Path,
) -> None:
    """No connection, no batch sent: unlike a 5xx, retrying cannot send anyone a second copy."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    job = job_for(tmp_path, closed)
    sleeps: list[float] = []
    with pytest.raises(HandoffError) as failed:
        hand_off(job, sleeps)
    assert sleeps == [1.0, 2.0, 4.0]
    assert failed.value.message.startswith("postmark: step 'send-1' failed: network error: ")
    assert failed.value.message.endswith(", after 4 tries (done before: nothing)")


def test_too_many_requests_waits_as_long_as_retry_after_says(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_for(tmp_path, api.url)
    api.answer(
        "POST",
        BATCH,
        Answer(429, {"ErrorCode": 429, "Message": "Rate limit exceeded"}, {"Retry-After": "7"}),
        Answer(200, accepted("ann@example.org", "bo@example.org")),
    )
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert len(api.received) == 2
    assert sleeps == [7.0]


def _second_batch_fails_once(tmp_path: Path, api: ProviderServer) -> Job:
    """501 letters: Postmark takes the first 500, refuses the second batch, then takes it."""
    job = with_letters(job_for(tmp_path, api.url), 501)
    first = [f"reader{n}@example.org" for n in range(500)]
    api.answer(
        "POST",
        BATCH,
        Answer(200, accepted(*first)),
        Answer(422, {"ErrorCode": 300, "Message": "Invalid 'From' address"}),
        Answer(200, accepted("reader500@example.org")),
    )
    return job


def test_a_failure_between_batches_resumes_without_sending_one_twice(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = _second_batch_fails_once(tmp_path, api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "postmark: step 'send-2' failed: HTTP 422: Invalid 'From' address (ErrorCode 300) "
        "(done before: send-1)"
    )
    captured = hand_off(job)
    assert [len(call.json) for call in api.received] == [500, 1, 1]
    assert api.received[2].json == api.received[1].json  # the failed batch, sent again
    assert sorted(captured) == ["message_ids:send-1", "message_ids:send-2"]


def test_resuming_with_other_recipients_is_refused_before_anything_is_sent(
    tmp_path: Path, api: ProviderServer
) -> None:
    """send-1 went to readers 0-499; with a reader added at the front, send-2 would be
    reader499 again (a second copy) and reader500 would never get one."""
    job = _second_batch_fails_once(tmp_path, api)
    with pytest.raises(HandoffError):
        hand_off(job)
    newcomer = replace(job.letters[0], address="newcomer@example.org")
    changed = replace(job, letters=(newcomer, *job.letters))
    with pytest.raises(HandoffRefused) as caught:
        hand_off(changed)
    assert caught.value.message == (
        "postmark: what this hand-off sends has changed since it began (1 of 2 steps done):"
        " the recipients or the settings"
    )
    assert len(api.received) == 2  # nothing more went out
    hand_off(job)  # the recipients it began with: it resumes
    assert [len(call.json) for call in api.received] == [500, 1, 1]


def test_the_transactional_stream_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        postmark.prepare(job_for(tmp_path, stream="outbound"))
    assert (caught.value.message, caught.value.hint) == (
        "handoff.postmark.stream is outbound, Postmark's transactional stream",
        "a newsletter goes through a broadcast stream: give its id (often broadcast)",
    )


def test_no_letters_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        postmark.prepare(replace(job_for(tmp_path), letters=()))
    assert (caught.value.message, caught.value.hint) == (
        "Postmark sends one letter per recipient, and there are none",
        "give [handoff.postmark] recipients or --recipients FILE",
    )


def test_cancel_says_postmark_has_nothing_to_unschedule(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        postmark.prepare_cancel(job_for(tmp_path), {})
    assert (caught.value.message, caught.value.hint) == (
        "Postmark cannot unschedule: it has no scheduling, and this edition has not gone out: "
        "publisher dispatch sends it at its send time",
        "publisher cancel marks it cancelled in the ledger, so dispatch skips it",
    )


def test_cancel_after_a_batch_went_out_says_it_cannot_be_called_back(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        postmark.prepare_cancel(job_for(tmp_path), {"message_ids:send-1": "{}"})
    assert (caught.value.message, caught.value.hint) == (
        "Postmark has sent this edition already (to part of the list, at least): "
        "sent mail cannot be called back",
        "send a correction as a new edition (publisher build --edition correction)",
    )


def test_the_token_is_masked_in_the_dry_run() -> None:
    assert postmark.masked_headers() == {"X-Postmark-Server-Token": "***"}


def test_an_error_that_is_not_postmarks_json_is_still_one_line() -> None:
    response = httpx.Response(502, text="<html>\n<h1>Bad gateway</h1>\n</html>")
    assert postmark.error_message(response) == "<html> <h1>Bad gateway</h1> </html>"
