"""Mailchimp: the requests as the Marketing API 3.0 documents them, sent by the real httpx
client to a local server; retries, resuming from the ledger, finding an earlier campaign,
cancelling."""

from __future__ import annotations

import base64
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
from publisher.handoff import mailchimp
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.runner import run_steps
from tests.golden import GOLDEN_DIR
from tests.handoff_jobs import calls, run_provider, sample_job
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

KEY = "0123456789abcdef0123456789abcdef-us21"
KEYS = {"MAILCHIMP_API_KEY": KEY}
LIST_ID = "a1b2c3d4e5"
CAMPAIGN = "b12c3d4e5f"
GOLDEN = GOLDEN_DIR / "handoff" / "mailchimp.json"
BASIC = "Basic " + base64.b64encode(f"publisher:{KEY}".encode()).decode()
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def job_at(tmp_path: Path, api_url: str = "", server: str = "") -> Job:
    table = f'[handoff.mailchimp]\nlist_id = "{LIST_ID}"\n'
    table += f'api_url = "{api_url}"\n' if api_url else ""
    table += f'server = "{server}"\n' if server else ""
    return sample_job(tmp_path, table)


def with_manifest(job: Job, **changes: Any) -> Job:
    edition = job.bundle.edition
    edition = replace(edition, manifest=replace(edition.manifest, **changes))
    return replace(job, bundle=replace(job.bundle, edition=edition))


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def script_happy_path(api: ProviderServer, found: list[dict[str, Any]] | None = None) -> None:
    api.answer("GET", "/3.0/campaigns", Answer(200, {"campaigns": found or [], "total_items": 0}))
    api.answer("POST", "/3.0/campaigns", Answer(200, {"id": CAMPAIGN, "status": "save"}))
    api.answer("PUT", f"/3.0/campaigns/{CAMPAIGN}/content", Answer(200, {"html": "..."}))
    api.answer("POST", f"/3.0/campaigns/{CAMPAIGN}/actions/schedule", Answer(204))


def hand_off(job: Job, sleeps: list[float] | None = None) -> dict[str, str]:
    return run_provider(mailchimp, job, KEYS, AT, sleeps)


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [request.as_json(mailchimp.masked_headers()) for request in mailchimp.prepare(job)]
    content = document[2]["json"]
    assert content["html"] == job.bundle.edition.html.replace(
        job.settings.unsubscribe.url, "*|UNSUB|*"
    )
    assert content["plain_text"] == job.bundle.edition.text.replace(
        job.settings.unsubscribe.url, "*|UNSUB|*"
    )
    # Golden-ish: the marker holds the email's hash and the content is the whole email,
    # both pinned by the email's own golden files; here they stand as placeholders.
    content["html"], content["plain_text"] = "<email.html>", "<email.txt>"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(job.bundle.marker, "<marker>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_mailchimp.py and review the diff"
    )


def test_prepare_is_pure_and_the_same_each_time(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    first, second = mailchimp.prepare(job), mailchimp.prepare(job)
    assert [r.as_json({}) for r in first] == [r.as_json({}) for r in second]


def test_each_call_is_the_documented_request(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    script_happy_path(api)
    captured = hand_off(job)
    assert captured == {"campaign_id": CAMPAIGN}
    assert calls(api) == [
        "GET /3.0/campaigns",
        "POST /3.0/campaigns",
        f"PUT /3.0/campaigns/{CAMPAIGN}/content",
        f"POST /3.0/campaigns/{CAMPAIGN}/actions/schedule",
    ]
    find, create, content, schedule = api.received
    assert find.path == (
        f"/3.0/campaigns?list_id={LIST_ID}&type=regular&sort_field=create_time&sort_dir=DESC"
        "&count=1000&fields=campaigns.id,campaigns.status,campaigns.settings.title"
    )
    assert find.body == b""
    for received in api.received:
        assert received.headers["authorization"] == BASIC
    for received in (create, content, schedule):
        assert received.headers["content-type"] == "application/json"
    assert create.json == {
        "type": "regular",
        "recipients": {"list_id": LIST_ID},
        "settings": {
            "subject_line": "Geneva ceasefire talks stall over who moves first",
            "preview_text": job.preheader,
            "title": job.bundle.marker,
            "from_name": "GlobalPost Daily",
            # Mailchimp's only address field is its From address: the edition's From.
            "reply_to": "daily@globalpost.example",
        },
    }
    assert set(content.json) == {"html", "plain_text"}
    assert schedule.json == {"schedule_time": "2026-11-27T11:00:00Z", "timewarp": False}


def test_the_unsubscribe_link_becomes_mailchimps_merge_tag(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    content = mailchimp.prepare(job)[2].json
    url = job.settings.unsubscribe.url
    for part in (content["html"], content["plain_text"]):
        assert "*|UNSUB|*" in part
        assert url not in part
    assert 'href="*|UNSUB|*"' in content["html"]


def test_an_unsubscribe_address_escaped_in_the_html_is_replaced_too() -> None:
    url = "https://example.org/unsubscribe?list=daily&from=email"
    html = '<a href="https://example.org/unsubscribe?list=daily&amp;from=email">Unsubscribe</a>'
    assert mailchimp.unsubscribe_tagged(html, url) == '<a href="*|UNSUB|*">Unsubscribe</a>'


def test_an_email_without_its_unsubscribe_link_is_refused(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    edition = replace(job.bundle.edition, html="<p>no way out</p>")
    job = replace(job, bundle=replace(job.bundle, edition=edition))
    with pytest.raises(HandoffRefused) as caught:
        mailchimp.prepare(job)
    assert caught.value.message == (
        "the email's HTML has no link to unsubscribe.url "
        "(https://www.globalpost.example/unsubscribe) to make *|UNSUB|*"
    )


@pytest.mark.parametrize(
    ("send_at", "scheduled"),
    [
        ("2026-11-27T11:00:00+00:00", "2026-11-27T11:00:00+00:00"),
        ("2026-11-27T06:07:00+00:00", "2026-11-27T06:15:00+00:00"),
        ("2026-11-27T11:14:59.500000+00:00", "2026-11-27T11:15:00+00:00"),
        ("2026-11-27T11:15:00+00:00", "2026-11-27T11:15:00+00:00"),
        ("2026-11-27T11:45:01+00:00", "2026-11-27T12:00:00+00:00"),
        ("2026-12-31T23:50:00+00:00", "2027-01-01T00:00:00+00:00"),
    ],
)
def test_a_send_time_goes_to_the_next_quarter_hour_never_earlier(
    send_at: str, scheduled: str
) -> None:
    moment = datetime.fromisoformat(send_at)
    rounded = mailchimp.quarter_hour_after(moment)
    assert rounded.isoformat() == scheduled
    assert rounded >= moment


def test_rounding_the_send_time_is_said_in_the_dry_run(tmp_path: Path) -> None:
    job = with_manifest(job_at(tmp_path), send_at_utc="2026-11-27T06:07:00Z")
    schedule = mailchimp.prepare(job)[3]
    assert schedule.json == {"schedule_time": "2026-11-27T06:15:00Z", "timewarp": False}
    assert schedule.does == (
        "schedule it for 2026-11-27 06:15 UTC (Mailchimp sends on the quarter hour: "
        "06:07 rounded up)"
    )


def test_a_send_time_on_the_quarter_hour_is_kept_and_not_explained(tmp_path: Path) -> None:
    schedule = mailchimp.prepare(job_at(tmp_path))[3]
    assert schedule.does == "schedule it for 2026-11-27 11:00 UTC"


def test_a_refusal_is_one_line_without_the_key(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    problem = {
        "type": "https://mailchimp.com/developer/marketing/docs/errors/",
        "title": "Invalid Resource",
        "status": 400,
        "detail": f"The resource submitted could not be validated.\nKey {KEY} was used.",
        "instance": "8cf2c011-a212-9b3a-6c51-a4d631a124b4",
        "errors": [{"field": "recipients.list_id", "message": "This list does not exist."}],
    }
    api.answer("POST", "/3.0/campaigns", Answer(400, problem))
    script_happy_path(api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "mailchimp: step 'create' failed: HTTP 400: Invalid Resource: The resource submitted "
        "could not be validated. Key *** was used.; recipients.list_id: This list does not "
        "exist. (done before: find)"
    )
    assert KEY not in str(caught.value)


def test_a_server_error_is_retried_after_a_backoff(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    api.answer(
        "GET",
        "/3.0/campaigns",
        Answer(503, {"title": "Service Unavailable"}),
        Answer(200, {"campaigns": []}),
    )
    script_happy_path(api)
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert calls(api)[:3] == ["GET /3.0/campaigns", "GET /3.0/campaigns", "POST /3.0/campaigns"]
    assert sleeps == [1.0]


def test_too_many_requests_waits_as_long_as_retry_after_says(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    api.answer(
        "POST",
        "/3.0/campaigns",
        Answer(429, {"title": "Too Many Requests"}, {"Retry-After": "7"}),
        Answer(200, {"id": CAMPAIGN, "status": "save"}),
    )
    script_happy_path(api)
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert calls(api).count("POST /3.0/campaigns") == 2
    assert sleeps == [7.0]


def test_a_failure_between_calls_resumes_without_a_second_campaign(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    api.answer(
        "PUT",
        f"/3.0/campaigns/{CAMPAIGN}/content",
        Answer(400, {"title": "Invalid Resource", "detail": "HTML is too large"}),
        Answer(200, {"html": "..."}),
    )
    script_happy_path(api)
    with pytest.raises(HandoffError) as caught:
        hand_off(job)
    assert caught.value.message == (
        "mailchimp: step 'content' failed: HTTP 400: Invalid Resource: HTML is too large "
        "(done before: find, create)"
    )
    api.received.clear()
    assert hand_off(job) == {"campaign_id": CAMPAIGN}
    assert calls(api) == [
        f"PUT /3.0/campaigns/{CAMPAIGN}/content",
        f"POST /3.0/campaigns/{CAMPAIGN}/actions/schedule",
    ]


def test_a_draft_an_earlier_run_made_is_used_instead_of_a_new_one(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    found = [
        {"id": "0other0000", "status": "sent", "settings": {"title": "GlobalPost 2026-11-26 x"}},
        {"id": CAMPAIGN, "status": "save", "settings": {"title": job.bundle.marker}},
    ]
    script_happy_path(api, found)
    assert hand_off(job) == {"campaign_id": CAMPAIGN}
    assert "POST /3.0/campaigns" not in calls(api)
    assert calls(api)[-1] == f"POST /3.0/campaigns/{CAMPAIGN}/actions/schedule"


def test_a_campaign_already_scheduled_is_left_alone(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    found = [
        {"id": "0draft0000", "status": "save", "settings": {"title": job.bundle.marker}},
        {"id": CAMPAIGN, "status": "schedule", "settings": {"title": job.bundle.marker}},
    ]
    script_happy_path(api, found)
    assert hand_off(job) == {"campaign_id": CAMPAIGN, "campaign_status": "schedule"}
    assert calls(api) == ["GET /3.0/campaigns"]
    steps = Ledger.load(job.bundle.path, {}).destination("mailchimp")["steps"]
    assert {name: step["state"] for name, step in steps.items()} == {
        "find": "done",
        "create": "skipped",
        "content": "skipped",
        "schedule": "skipped",
    }


def test_cancel_unschedules_the_campaign(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, f"{api.url}/3.0")
    api.answer("POST", f"/3.0/campaigns/{CAMPAIGN}/actions/unschedule", Answer(204))
    steps = mailchimp.prepare_cancel(job, {"campaign_id": CAMPAIGN})
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        run_steps(
            "mailchimp", steps, lambda r: mailchimp.send(r, client, KEYS), ledger, clock=lambda: AT
        )
    (unschedule,) = api.received
    assert (unschedule.method, unschedule.path) == (
        "POST",
        f"/3.0/campaigns/{CAMPAIGN}/actions/unschedule",
    )
    assert unschedule.headers["authorization"] == BASIC
    assert unschedule.body == b""


def test_cancel_without_a_campaign_id_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(HandoffRefused) as caught:
        mailchimp.prepare_cancel(job_at(tmp_path), {})
    assert (caught.value.message, caught.value.hint) == (
        "the ledger has no Mailchimp campaign id for this bundle",
        "unschedule the campaign in Mailchimp's Campaigns page",
    )


def test_the_data_center_comes_from_the_setting_or_the_key(tmp_path: Path) -> None:
    job = job_at(tmp_path, server="us7")
    assert mailchimp.prepare(job)[1].url == "https://us7.api.mailchimp.com/3.0/campaigns"
    request = mailchimp.prepare(job_at(tmp_path / "key"))[1]
    assert request.url == "https://{dc}.api.mailchimp.com/3.0/campaigns"
    seen: list[httpx.Request] = []

    def answer(sent: httpx.Request) -> httpx.Response:
        seen.append(sent)
        return httpx.Response(200, json={"id": CAMPAIGN})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        assert mailchimp.send(request, client, KEYS) == {"id": CAMPAIGN}
    assert str(seen[0].url) == "https://us21.api.mailchimp.com/3.0/campaigns"


def test_a_key_without_a_data_center_needs_the_server_setting(tmp_path: Path) -> None:
    request = mailchimp.prepare(job_at(tmp_path))[0]
    with httpx.Client() as client, pytest.raises(HandoffRefused) as caught:
        mailchimp.send(request, client, {"MAILCHIMP_API_KEY": "0123456789abcdef"})
    assert (caught.value.message, caught.value.hint) == (
        "MAILCHIMP_API_KEY has no data center suffix (such as -us21)",
        "set handoff.mailchimp.server to the us21 in us21.api.mailchimp.com",
    )


def test_an_error_without_a_problem_document_is_still_one_line() -> None:
    response = httpx.Response(502, text="<html>\n<b>Bad gateway</b>\n</html>")
    assert mailchimp.error_message(response) == "<html> <b>Bad gateway</b> </html>"
