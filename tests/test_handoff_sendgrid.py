"""SendGrid Single Sends: the requests as the v3 Marketing Campaigns API documents them, sent
by the real httpx client to a local server; retries, resuming from the ledger, finding an
earlier Single Send, cancelling."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff import sendgrid
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.runner import run_steps
from tests.golden import GOLDEN_DIR
from tests.handoff_jobs import run_provider, sample_job
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

KEY = "SG.abcdefghijklmnopqrstuv.0123456789abcdefghijklmnopqrstuvwxyzABCDE"
KEYS = {"SENDGRID_API_KEY": KEY}
LIST_ID = "0c1d2e3f-0000-4000-8000-000000000000"
SINGLE_SEND = "27c21bbf-a12c-440b-b8bf-c526975328ca"
ROOT = "/v3/marketing/singlesends"
GOLDEN = GOLDEN_DIR / "handoff" / "sendgrid.json"
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def job_at(tmp_path: Path, api_url: str = "", suppression_group_id: int = 4242) -> Job:
    table = (
        f'[handoff.sendgrid]\nlist_ids = ["{LIST_ID}"]\nsender_id = 123456\n'
        f"suppression_group_id = {suppression_group_id}\n"
    )
    table += f'api_url = "{api_url}"\n' if api_url else ""
    return sample_job(tmp_path, table)


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def script_happy_path(api: ProviderServer, found: list[dict[str, Any]] | None = None) -> None:
    api.answer("POST", f"{ROOT}/search", Answer(200, {"result": found or [], "_metadata": {}}))
    api.answer("POST", ROOT, Answer(201, {"id": SINGLE_SEND, "status": "draft"}))
    api.answer(
        "PUT",
        f"{ROOT}/{SINGLE_SEND}/schedule",
        Answer(201, {"send_at": "2026-11-27T11:00:00Z", "status": "scheduled"}),
    )


def hand_off(job: Job, sleeps: list[float] | None = None) -> dict[str, str]:
    return run_provider(sendgrid, job, KEYS, AT, sleeps)


def calls(api: ProviderServer) -> list[str]:
    return [f"{received.method} {received.path}" for received in api.received]


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [request.as_json(sendgrid.masked_headers()) for request in sendgrid.prepare(job)]
    config = document[1]["json"]["email_config"]
    url = job.settings.unsubscribe.url
    assert config["html_content"] == job.bundle.edition.html.replace(url, "{{{unsubscribe}}}")
    assert config["plain_content"] == job.bundle.edition.text.replace(url, "{{{unsubscribe}}}")
    # Golden-ish: the marker holds the email's hash and the content is the whole email,
    # both pinned by the email's own golden files; here they stand as placeholders.
    config["html_content"], config["plain_content"] = "<email.html>", "<email.txt>"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(job.bundle.marker, "<marker>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_sendgrid.py and review the diff"
    )


def test_each_call_is_the_documented_request(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    script_happy_path(api)
    assert hand_off(job) == {"singlesend_id": SINGLE_SEND}
    assert calls(api) == [
        f"POST {ROOT}/search",
        f"POST {ROOT}",
        f"PUT {ROOT}/{SINGLE_SEND}/schedule",
    ]
    search, create, schedule = api.received
    for received in api.received:
        assert received.headers["authorization"] == f"Bearer {KEY}"
        assert received.headers["content-type"] == "application/json"
    assert search.json == {"name": job.bundle.marker}
    body = create.json
    config = body.pop("email_config")
    assert body == {"name": job.bundle.marker, "send_to": {"list_ids": [LIST_ID], "all": False}}
    assert "send_at" not in body  # on create it would only pre-fill the UI
    assert {k: v for k, v in config.items() if k not in ("html_content", "plain_content")} == {
        "subject": "Geneva ceasefire talks stall over who moves first",
        "generate_plain_content": False,
        "editor": "code",
        "sender_id": 123456,
        "suppression_group_id": 4242,
    }
    assert schedule.json == {"send_at": "2026-11-27T11:00:00Z"}


def test_with_a_suppression_group_the_link_is_sendgrids_unsubscribe_tag(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    config = sendgrid.prepare(job)[1].json["email_config"]
    for part in (config["html_content"], config["plain_content"]):
        assert "{{{unsubscribe}}}" in part
        assert job.settings.unsubscribe.url not in part
    assert 'href="{{{unsubscribe}}}"' in config["html_content"]
    assert "custom_unsubscribe_url" not in config


def test_without_a_group_sendgrid_gets_our_unsubscribe_url(tmp_path: Path) -> None:
    job = job_at(tmp_path, suppression_group_id=0)
    create = sendgrid.prepare(job)[1]
    config = create.json["email_config"]
    assert config["custom_unsubscribe_url"] == "https://www.globalpost.example/unsubscribe"
    assert "suppression_group_id" not in config
    assert config["html_content"] == job.bundle.edition.html
    assert config["plain_content"] == job.bundle.edition.text
    assert create.does.endswith("with our own link to unsubscribe")


def test_an_unsubscribe_url_with_a_token_needs_a_suppression_group(tmp_path: Path) -> None:
    job = job_at(tmp_path, suppression_group_id=0)
    url = "https://www.globalpost.example/unsubscribe?t={token}"
    settings = replace(job.settings, unsubscribe=replace(job.settings.unsubscribe, url=url))
    with pytest.raises(HandoffRefused) as caught:
        sendgrid.prepare(replace(job, settings=settings))
    assert (caught.value.message, caught.value.hint) == (
        f"unsubscribe.url has a placeholder ({url}) that SendGrid cannot fill in",
        "set handoff.sendgrid.suppression_group_id to use SendGrid's own link",
    )


def test_the_preheader_is_the_one_hidden_in_the_html(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    config = sendgrid.prepare(job)[1].json["email_config"]
    assert job.preheader in config["html_content"]
    assert set(config) == {
        "subject",
        "html_content",
        "plain_content",
        "generate_plain_content",
        "editor",
        "sender_id",
        "suppression_group_id",
    }


def test_a_long_marker_keeps_its_end_within_the_name_limit(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    edition = job.bundle.edition
    edition = replace(edition, manifest=replace(edition.manifest, publication="P" * 120))
    job = replace(job, bundle=replace(job.bundle, edition=edition))
    name = sendgrid.single_send_name(job)
    assert len(name) == 100
    assert name.endswith(job.bundle.marker[-30:])
    assert sendgrid.prepare(job)[0].json == {"name": name}


def test_a_refusal_is_one_line_without_the_key(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    errors = {
        "errors": [
            {"field": "email_config.sender_id", "message": "sender 123456 is not verified"},
            {"field": None, "message": f"request made with\nkey {KEY}"},
        ]
    }
    api.answer("POST", ROOT, Answer(400, errors))
    script_happy_path(api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "sendgrid: step 'create' failed: HTTP 400: email_config.sender_id: sender 123456 is "
        "not verified; request made with key *** (done before: find)"
    )
    assert KEY not in str(caught.value)


def test_a_server_error_is_retried_after_a_backoff(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    api.answer(
        "POST",
        f"{ROOT}/search",
        Answer(500, {"errors": [{"message": "oops"}]}),
        Answer(200, {"result": []}),
    )
    script_happy_path(api)
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert calls(api)[:3] == [f"POST {ROOT}/search", f"POST {ROOT}/search", f"POST {ROOT}"]
    assert sleeps == [1.0]


def test_too_many_requests_waits_as_long_as_retry_after_says(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    api.answer(
        "POST",
        ROOT,
        Answer(429, {"errors": [{"message": "too many requests"}]}, {"Retry-After": "12"}),
        Answer(201, {"id": SINGLE_SEND, "status": "draft"}),
    )
    script_happy_path(api)
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert calls(api).count(f"POST {ROOT}") == 2
    assert sleeps == [12.0]


def test_a_failure_between_calls_resumes_without_a_second_single_send(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    api.answer(
        "PUT",
        f"{ROOT}/{SINGLE_SEND}/schedule",
        Answer(400, {"errors": [{"field": "send_at", "message": "must be in the future"}]}),
        Answer(201, {"send_at": "2026-11-27T11:00:00Z", "status": "scheduled"}),
    )
    script_happy_path(api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "sendgrid: step 'schedule' failed: HTTP 400: send_at: must be in the future "
        "(done before: find, create)"
    )
    api.received.clear()
    assert hand_off(job) == {"singlesend_id": SINGLE_SEND}
    assert calls(api) == [f"PUT {ROOT}/{SINGLE_SEND}/schedule"]


def test_a_draft_an_earlier_run_made_is_used_instead_of_a_new_one(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    found = [
        {
            "id": "0other00-0000-4000-8000-000000000000",
            "status": "scheduled",
            "name": job.bundle.marker + " (copy)",
        },
        {"id": SINGLE_SEND, "status": "draft", "name": job.bundle.marker},
    ]
    script_happy_path(api, found)
    assert hand_off(job) == {"singlesend_id": SINGLE_SEND}
    assert calls(api) == [f"POST {ROOT}/search", f"PUT {ROOT}/{SINGLE_SEND}/schedule"]


def test_a_single_send_already_scheduled_is_left_alone(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    found = [{"id": SINGLE_SEND, "status": "scheduled", "name": job.bundle.marker}]
    script_happy_path(api, found)
    assert hand_off(job) == {"singlesend_id": SINGLE_SEND, "singlesend_status": "scheduled"}
    assert calls(api) == [f"POST {ROOT}/search"]


def test_a_search_that_answers_not_found_means_none_was_made(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    api.answer("POST", f"{ROOT}/search", Answer(404, {"errors": [{"message": "not found"}]}))
    script_happy_path(api)
    assert hand_off(job) == {"singlesend_id": SINGLE_SEND}
    assert calls(api)[1] == f"POST {ROOT}"


def test_a_schedule_sendgrid_does_not_confirm_fails(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    api.answer("PUT", f"{ROOT}/{SINGLE_SEND}/schedule", Answer(201, {"status": "draft"}))
    script_happy_path(api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job, [])
    assert caught.value.message == (
        "sendgrid: step 'schedule' failed: SendGrid answered the schedule with status 'draft',"
        " not scheduled (done before: find, create)"
    )


def test_cancel_deletes_the_schedule(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    api.answer("DELETE", f"{ROOT}/{SINGLE_SEND}/schedule", Answer(200, {"status": "draft"}))
    steps = sendgrid.prepare_cancel(job, {"singlesend_id": SINGLE_SEND})
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        run_steps(
            "sendgrid", steps, lambda r: sendgrid.send(r, client, KEYS), ledger, clock=lambda: AT
        )
    (unschedule,) = api.received
    assert (unschedule.method, unschedule.path) == ("DELETE", f"{ROOT}/{SINGLE_SEND}/schedule")
    assert unschedule.headers["authorization"] == f"Bearer {KEY}"
    assert unschedule.body == b""


def test_cancel_without_a_single_send_id_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        sendgrid.prepare_cancel(job_at(tmp_path), {})
    assert (caught.value.message, caught.value.hint) == (
        "the ledger has no SendGrid Single Send id for this bundle",
        "cancel its schedule in SendGrid's Marketing > Single Sends page",
    )


def test_an_error_without_sendgrids_errors_is_still_one_line() -> None:
    response = httpx.Response(503, text="upstream\nconnect error")
    assert sendgrid.error_message(response) == "upstream connect error"
