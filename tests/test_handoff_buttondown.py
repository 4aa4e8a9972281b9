"""Buttondown: the requests as its API v1 documents them, sent by the real httpx client to a
local server; retries, resuming from the ledger, finding an earlier email, cancelling."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff import PROVIDERS, buttondown
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.runner import run_steps
from tests.golden import GOLDEN_DIR
from tests.handoff_jobs import calls, run_provider, sample_job
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

KEY = "5f1e8a0c-9b7d-4c2e-a3f6-0d1b2c3e4f5a"
KEYS = {"BUTTONDOWN_API_KEY": KEY}
EMAIL = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
GOLDEN = GOLDEN_DIR / "handoff" / "buttondown.json"
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def job_at(tmp_path: Path, api_url: str = "") -> Job:
    table = "[handoff.buttondown]\n" + (f'api_url = "{api_url}"\n' if api_url else "")
    return sample_job(tmp_path, table)


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def found(*emails: dict[str, Any]) -> Answer:
    return Answer(200, {"results": list(emails), "count": len(emails), "next": None})


def created() -> Answer:
    return Answer(201, {"id": EMAIL, "status": "scheduled"})


def templated() -> Answer:
    return Answer(200, {"id": EMAIL, "status": "scheduled", "template": "naked"})


TEMPLATE_CALL = f"PATCH /v1/emails/{EMAIL}"


def hand_off(job: Job, sleeps: list[float] | None = None) -> dict[str, str]:
    return run_provider(buttondown, job, KEYS, AT, sleeps)


def expected_body(job: Job) -> str:
    html = job.bundle.edition.html.replace(job.settings.unsubscribe.url, "{{ unsubscribe_url }}")
    return "<!-- buttondown-editor-mode: fancy -->" + html


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [r.as_json(buttondown.masked_headers()) for r in buttondown.prepare(job)]
    email = document[1]["json"]
    assert email["body"] == expected_body(job)
    # Golden-ish: the marker holds the email's hash and the body is the whole email, both
    # pinned by the email's own golden files; here they stand as placeholders.
    email["body"] = "<!-- buttondown-editor-mode: fancy --><email.html>"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(job.bundle.marker, "<marker>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_buttondown.py and review the diff"
    )


def test_prepare_is_pure_and_the_same_each_time(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    first, second = buttondown.prepare(job), buttondown.prepare(job)
    assert [r.as_json({}) for r in first] == [r.as_json({}) for r in second]


def test_the_body_is_html_with_buttondowns_unsubscribe_variable(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    body = buttondown.prepare(job)[1].json["body"]
    assert job.settings.unsubscribe.url not in body
    assert body.count("{{ unsubscribe_url }}") == job.bundle.edition.html.count(
        job.settings.unsubscribe.url
    )
    assert not body.startswith("---")  # front matter is refused with a 400


def test_each_call_is_the_documented_request(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found())
    api.answer("POST", "/v1/emails", created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    assert hand_off(job) == {"email_id": EMAIL}
    assert calls(api) == ["GET /v1/emails", "POST /v1/emails", TEMPLATE_CALL]
    find, create, template = api.received
    assert parse_qs(urlsplit(find.path).query) == {
        "subject": [job.subject],
        "negative_status": ["draft", "deleted"],
    }
    assert find.body == b""
    assert create.headers["content-type"] == "application/json"
    assert create.json == {
        "subject": "Geneva ceasefire talks stall over who moves first",
        "body": expected_body(job),
        "description": job.preheader,
        "email_type": "public",
        "status": "scheduled",
        "publish_date": "2026-11-27T11:00:00Z",
        "metadata": {"publisher_marker": job.bundle.marker},
    }
    # The edition is a whole email: no frame of Buttondown's around it.
    assert template.json == {"template": "naked"}


def test_every_call_carries_the_token_header(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found())
    api.answer("POST", "/v1/emails", created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    hand_off(job)
    assert [received.headers["authorization"] for received in api.received] == [f"Token {KEY}"] * 3


def test_an_email_made_for_this_bundle_is_found_and_not_made_again(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    other = {"id": "another", "status": "sent", "metadata": {"publisher_marker": "GlobalPost x"}}
    ours = {"id": EMAIL, "status": "scheduled", "metadata": {"publisher_marker": job.bundle.marker}}
    api.answer("GET", "/v1/emails", found(other, ours))
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    assert hand_off(job) == {"email_id": EMAIL}
    assert calls(api) == ["GET /v1/emails", TEMPLATE_CALL]  # still scheduled: templated
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    assert ledger.destination("buttondown")["steps"]["create"]["state"] == "skipped"


def test_an_email_found_already_sent_is_left_as_it_is(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    ours = {"id": EMAIL, "status": "sent", "metadata": {"publisher_marker": job.bundle.marker}}
    api.answer("GET", "/v1/emails", found(ours))
    assert hand_off(job) == {"email_id": EMAIL, "email_status": "sent"}
    assert calls(api) == ["GET /v1/emails"]


def test_an_email_with_the_same_subject_but_no_marker_is_not_ours(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found({"id": "by-hand", "status": "sent", "metadata": {}}))
    api.answer("POST", "/v1/emails", created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    assert hand_off(job) == {"email_id": EMAIL}
    assert calls(api) == ["GET /v1/emails", "POST /v1/emails", TEMPLATE_CALL]


def test_a_refusal_is_one_line_that_names_the_step(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found())
    refusal = {"code": "publish_date_invalid", "detail": "The publish date must be\nin the future."}
    api.answer("POST", "/v1/emails", Answer(400, refusal))
    with pytest.raises(HandoffError) as raised:
        hand_off(job)
    assert raised.value.message == (
        "buttondown: step 'create' failed: HTTP 400: The publish date must be in the future."
        " (publish_date_invalid) (done before: find)"
    )


def test_the_key_never_shows_in_an_error(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", Answer(403, {"detail": f"Token {KEY} may not read emails"}))
    with pytest.raises(HandoffError) as raised:
        hand_off(job)
    assert KEY not in str(raised.value)
    assert raised.value.message == (
        "buttondown: step 'find' failed: HTTP 403: Token *** may not read emails"
        " (done before: nothing)"
    )


def test_a_server_error_is_retried_after_a_backoff(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found())
    api.answer("POST", "/v1/emails", Answer(503, {"detail": "Service unavailable"}), created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    sleeps: list[float] = []
    assert hand_off(job, sleeps) == {"email_id": EMAIL}
    # A 503 may have created the email: the search runs again before the create is retried.
    assert calls(api) == [
        "GET /v1/emails",
        "POST /v1/emails",
        "GET /v1/emails",
        "POST /v1/emails",
        TEMPLATE_CALL,
    ]
    assert sleeps == [1.0]


def test_a_create_whose_answer_was_lost_is_found_and_not_made_again(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    lost = Answer(502, {"detail": "Bad gateway"})
    ours = {"id": EMAIL, "status": "scheduled", "metadata": {"publisher_marker": job.bundle.marker}}
    api.answer("GET", "/v1/emails", found(), found(ours))
    api.answer("POST", "/v1/emails", lost)
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    assert hand_off(job, []) == {"email_id": EMAIL}
    assert calls(api) == ["GET /v1/emails", "POST /v1/emails", "GET /v1/emails", TEMPLATE_CALL]


def test_too_many_requests_waits_as_long_as_retry_after_says(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    throttled = Answer(429, {"detail": "Request was throttled."}, {"Retry-After": "7"})
    api.answer("GET", "/v1/emails", throttled, found())
    api.answer("POST", "/v1/emails", created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert calls(api) == ["GET /v1/emails", "GET /v1/emails", "POST /v1/emails", TEMPLATE_CALL]
    assert sleeps == [7.0]


def test_a_failed_run_resumes_at_the_failed_step_and_creates_once(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("GET", "/v1/emails", found())
    refused = Answer(400, {"code": "email_invalid", "detail": "Sending is paused."})
    api.answer("POST", "/v1/emails", refused, created())
    api.answer("PATCH", f"/v1/emails/{EMAIL}", templated())
    with pytest.raises(HandoffError):
        hand_off(job)
    assert hand_off(job) == {"email_id": EMAIL}
    # The second run searches again (the create may have landed elsewhere), then creates.
    assert calls(api) == [
        "GET /v1/emails",
        "POST /v1/emails",
        "GET /v1/emails",
        "POST /v1/emails",
        TEMPLATE_CALL,
    ]
    assert hand_off(job) == {"email_id": EMAIL}
    assert len(api.received) == 5


def test_template_syntax_in_the_edition_is_sent_to_print_as_written() -> None:
    """Buttondown renders bodies with Django's template language: a brief quoting `{{`,
    `{%` or `{#` must not become a variable, a tag or a comment."""
    text = "Use {{ name }}, {% if x %}, {# note #}, {{{ and a stray } or %}."
    escaped = buttondown.as_django_template(text)
    tags = re.findall(r"\{%.*?%\}", escaped)
    assert set(tags) <= set(buttondown._TEMPLATE_OPENINGS.values())
    assert re.search(r"\{[{#]", escaped) is None
    printed = re.sub(r"\{%.*?%\}", lambda tag: _PRINTS[tag.group()], escaped)
    assert printed == text


_PRINTS = {tag: opening for opening, tag in buttondown._TEMPLATE_OPENINGS.items()}


def test_cancel_puts_the_email_back_to_a_draft(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/v1")
    api.answer("PATCH", f"/v1/emails/{EMAIL}", Answer(200, {"id": EMAIL, "status": "draft"}))
    steps = buttondown.prepare_cancel(job, {"email_id": EMAIL})
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        run_steps(
            buttondown.NAME,
            steps,
            lambda request: buttondown.send(request, client, KEYS),
            ledger,
            secrets=KEYS.values(),
            clock=lambda: AT,
        )
    (call,) = api.received
    assert (call.method, call.path) == ("PATCH", f"/v1/emails/{EMAIL}")
    assert json.loads(call.body) == {"status": "draft"}
    assert call.headers["authorization"] == f"Token {KEY}"
    assert ledger.is_done("buttondown", "unschedule")


def test_cancel_without_an_email_id_says_where_to_unschedule_it(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    with pytest.raises(HandoffRefused) as raised:
        buttondown.prepare_cancel(job, {})
    assert (
        raised.value.message == "the hand-off ledger holds no Buttondown email id for this bundle"
    )
    assert raised.value.hint == (
        f"unschedule it on Buttondown's Emails page: its metadata publisher_marker is "
        f"{job.bundle.marker!r}"
    )


def test_the_dry_run_shows_the_key_masked(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [r.as_json(buttondown.masked_headers()) for r in buttondown.prepare(job)]
    assert {d["headers"]["Authorization"] for d in document} == {"Token ***"}


def test_a_validation_error_names_each_field() -> None:
    response = httpx.Response(
        422,
        json={"detail": [{"loc": ["body", "payload", "subject"], "msg": "Field required"}]},
    )
    assert buttondown.error_message(response) == "payload.subject: Field required"


def test_an_error_without_json_is_its_text_on_one_line() -> None:
    response = httpx.Response(502, text="<html>\n<h1>Bad gateway</h1>\n</html>")
    assert buttondown.error_message(response) == "<html> <h1>Bad gateway</h1> </html>"


def test_buttondown_is_in_the_registry() -> None:
    assert PROVIDERS["buttondown"] is buttondown
