"""listmonk: the requests as its API documents them, sent by the real httpx client to a
local server; retries, resuming from the ledger, finding an earlier campaign, cancelling."""

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
from publisher.handoff import PROVIDERS, listmonk
from publisher.handoff.job import Job
from publisher.handoff.ledger import Ledger
from publisher.handoff.runner import run_steps
from tests.golden import GOLDEN_DIR
from tests.handoff_jobs import calls, run_provider, sample_job
from tests.provider_server import Answer, ProviderServer, provider_server

pytestmark = pytest.mark.slow

USER = "publisher-bot"
TOKEN = "Zk3yq0V9dCwXb7sP2mNa6tRe"
KEYS = {"LISTMONK_API_USER": USER, "LISTMONK_API_TOKEN": TOKEN}
CAMPAIGN = 42
GOLDEN = GOLDEN_DIR / "handoff" / "listmonk.json"
AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def job_at(tmp_path: Path, url: str = "https://lists.example.org", template_id: int = 0) -> Job:
    table = f'[handoff.listmonk]\nurl = "{url}"\nlist_ids = [3, 4]\n'
    table += f"template_id = {template_id}\n" if template_id else ""
    return sample_job(tmp_path, table)


@pytest.fixture
def api() -> Iterator[ProviderServer]:
    with provider_server() as server:
        yield server


def found(*campaigns: dict[str, Any]) -> Answer:
    page = {"results": list(campaigns), "query": "", "total": len(campaigns), "page": 1}
    return Answer(200, {"data": {**page, "per_page": 100}})


def campaign(status: str, **fields: Any) -> dict[str, Any]:
    return {"id": CAMPAIGN, "status": status, "name": "", **fields}


def script(
    api: ProviderServer,
    find: tuple[Answer, ...] = (),
    create: tuple[Answer, ...] = (),
    schedule: tuple[Answer, ...] = (),
) -> None:
    """Each call's answers in order (the last repeats); by default the happy path."""
    api.answer("GET", "/api/campaigns", *(find or (found(),)))
    api.answer("POST", "/api/campaigns", *(create or (Answer(200, {"data": campaign("draft")}),)))
    scheduled = Answer(200, {"data": campaign("scheduled")})
    api.answer("PUT", f"/api/campaigns/{CAMPAIGN}/status", *(schedule or (scheduled,)))


def hand_off(job: Job, sleeps: list[float] | None = None) -> dict[str, str]:
    return run_provider(listmonk, job, KEYS, AT, sleeps)


def test_the_prepared_requests_match_their_golden_copy(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [r.as_json(listmonk.masked_headers()) for r in listmonk.prepare(job)]
    created = document[1]["json"]
    url = job.settings.unsubscribe.url
    assert created["body"] == listmonk.as_go_template(job.bundle.edition.html).replace(
        url, "{{ UnsubscribeURL }}"
    )
    assert created["altbody"] == listmonk.as_go_template(job.bundle.edition.text).replace(
        url, "{{ UnsubscribeURL }}"
    )
    # Golden-ish: the marker holds the email's hash and the bodies are the whole email, both
    # pinned by the email's own golden files; here they stand as placeholders.
    created["body"], created["altbody"] = "<email.html>", "<email.txt>"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(listmonk.marker_tag(job.bundle.marker), "<marker as a tag>")
    text = text.replace(job.bundle.marker, "<marker>")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8"), (
        "run UPDATE_GOLDEN=1 pytest tests/test_handoff_listmonk.py and review the diff"
    )


def test_prepare_is_pure_and_the_same_each_time(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    first, second = listmonk.prepare(job), listmonk.prepare(job)
    assert [r.as_json({}) for r in first] == [r.as_json({}) for r in second]


def test_each_call_is_the_documented_request(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    script(api)
    assert hand_off(job) == {"campaign_id": str(CAMPAIGN)}
    assert calls(api) == [
        "GET /api/campaigns",
        "POST /api/campaigns",
        f"PUT /api/campaigns/{CAMPAIGN}/status",
    ]
    find, create, schedule = api.received
    assert parse_qs(urlsplit(find.path).query) == {
        "tag": [listmonk.marker_tag(job.bundle.marker)],
        "order_by": ["created_at"],
        "order": ["desc"],
        "per_page": ["100"],
        "no_body": ["true"],
    }
    assert create.headers["content-type"] == "application/json"
    body = create.json
    assert body.pop("body").startswith("<!DOCTYPE html>")
    assert "{{ UnsubscribeURL }}" in body.pop("altbody")
    assert body == {
        "name": job.bundle.marker,
        "subject": "Geneva ceasefire talks stall over who moves first",
        "lists": [3, 4],
        "from_email": "GlobalPost Daily <daily@globalpost.example>",
        "type": "regular",
        "content_type": "html",
        "send_at": "2026-11-27T11:00:00Z",
        "messenger": "email",
        "tags": [listmonk.marker_tag(job.bundle.marker)],
        "headers": [{"Reply-To": "editors@globalpost.example"}],
    }
    assert schedule.json == {"status": "scheduled"}


def test_every_call_carries_the_api_users_token(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    script(api)
    hand_off(job)
    assert {received.headers["authorization"] for received in api.received} == {
        f"token {USER}:{TOKEN}"
    }


def test_a_configured_template_is_asked_for(tmp_path: Path) -> None:
    job = job_at(tmp_path, template_id=5)
    assert listmonk.prepare(job)[1].json["template_id"] == 5


def test_the_body_keeps_outlooks_conditional_comments(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    body = listmonk.prepare(job)[1].json["body"]
    assert '{{ Safe "<!--[if mso | IE]><table' in body
    outside_strings = re.sub(r'\{\{ Safe "(?:[^"\\]|\\.)*" \}\}', "", body)
    assert "<!--" not in outside_strings
    assert job.settings.unsubscribe.url not in body
    assert 'href="{{ UnsubscribeURL }}"' in body


def test_a_comment_becomes_a_go_string_and_braces_stay_text() -> None:
    html = '<p>{{ not a tag }}</p><!--[if mso]>\n<td class="x\\y"><![endif]--><b>{x}</b>'
    assert listmonk.as_go_template(html) == (
        '<p>{{ "{{" }} not a tag }}</p>'
        '{{ Safe "<!--[if mso]>\\n<td class=\\"x\\\\y\\"><![endif]-->" }}'
        "<b>{x}</b>"
    )


def test_the_unsubscribe_address_inside_a_comment_is_cut_out_of_its_string() -> None:
    """An Outlook-only button (VML in a conditional comment) links to the unsubscribe page
    too: the tag must stand outside the Go string, or listmonk sends it as text."""
    url = "https://example.org/unsub?u=1&t=2"
    html = (
        '<!--[if mso]><v:roundrect href="https://example.org/unsub?u=1&amp;t=2">x'
        '</v:roundrect><![endif]--><a href="https://example.org/unsub?u=1&amp;t=2">Leave</a>'
    )
    assert listmonk.as_go_template(html, url) == (
        '{{ Safe "<!--[if mso]><v:roundrect href=\\"" }}{{ UnsubscribeURL }}'
        '{{ Safe "\\">x</v:roundrect><![endif]-->" }}'
        '<a href="{{ UnsubscribeURL }}">Leave</a>'
    )


def test_the_sender_name_is_quoted_when_it_must_be() -> None:
    assert listmonk.from_address("GlobalPost Daily", "daily@globalpost.example") == (
        "GlobalPost Daily <daily@globalpost.example>"
    )
    assert listmonk.from_address('The "Post", Daily', "d@p.example") == (
        '"The \\"Post\\", Daily" <d@p.example>'
    )
    assert listmonk.from_address("", "d@p.example") == "d@p.example"


def test_the_tag_is_what_listmonk_keeps_unchanged() -> None:
    assert listmonk.marker_tag("GlobalPost 2026-11-27 eccde4ee40") == (
        "publisher-globalpost-2026-11-27-eccde4ee40"
    )
    assert listmonk.marker_tag("Le Café Post 2026-11-27 eccde4ee40") == (
        "publisher-le-caf-post-2026-11-27-eccde4ee40"
    )
    long_tag = listmonk.marker_tag("A" * 200 + " 2026-11-27 eccde4ee40")
    assert len(long_tag) <= 100
    assert long_tag.endswith("-2026-11-27-eccde4ee40")


def test_a_scheduled_campaign_for_this_bundle_is_found_and_left_alone(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    other = campaign("finished", id=7, name="GlobalPost 2026-11-26 0123456789")
    ours = campaign("scheduled", name=job.bundle.marker)
    api.answer("GET", "/api/campaigns", found(other, ours))
    captured = hand_off(job)
    assert captured == {"campaign_id": str(CAMPAIGN), "campaign_status": "scheduled"}
    assert calls(api) == ["GET /api/campaigns"]


def test_a_draft_for_this_bundle_is_scheduled_not_made_again(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    script(api, find=(found(campaign("draft", name=job.bundle.marker)),))
    assert hand_off(job) == {"campaign_id": str(CAMPAIGN)}
    assert calls(api) == ["GET /api/campaigns", f"PUT /api/campaigns/{CAMPAIGN}/status"]


def test_a_cancelled_campaign_for_this_bundle_does_not_count(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    script(api, find=(found(campaign("cancelled", id=9, name=job.bundle.marker)),))
    hand_off(job)
    assert calls(api)[1] == "POST /api/campaigns"


def test_a_refusal_is_one_line_that_names_the_step(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    refusal = Answer(400, {"message": "Campaign needs a `send_at` date to be scheduled."})
    script(api, schedule=(refusal,))
    with pytest.raises(HandoffError) as raised:
        hand_off(job)
    assert raised.value.message == (
        "listmonk: step 'schedule' failed: HTTP 400: Campaign needs a `send_at` date to be"
        " scheduled. (done before: find, create)"
    )


def test_the_keys_never_show_in_an_error(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    api.answer("GET", "/api/campaigns", Answer(403, {"message": f"bad token {USER}:{TOKEN}"}))
    with pytest.raises(HandoffError) as raised:
        hand_off(job)
    assert TOKEN not in str(raised.value)
    assert USER not in str(raised.value)


def test_a_server_error_is_retried_after_a_backoff(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    failed = Answer(502, {"message": "bad gateway"})
    script(api, create=(failed, Answer(200, {"data": campaign("draft")})))
    sleeps: list[float] = []
    assert hand_off(job, sleeps) == {"campaign_id": str(CAMPAIGN)}
    assert calls(api).count("POST /api/campaigns") == 2
    assert sleeps == [1.0]


def test_too_many_requests_waits_as_long_as_retry_after_says(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    throttled = Answer(429, {"message": "too many requests"}, {"Retry-After": "12"})
    script(api, find=(throttled, found()))
    sleeps: list[float] = []
    hand_off(job, sleeps)
    assert sleeps == [12.0]
    assert calls(api)[:2] == ["GET /api/campaigns", "GET /api/campaigns"]


def test_a_failure_between_create_and_schedule_resumes_without_a_second_campaign(
    tmp_path: Path, api: ProviderServer
) -> None:
    job = job_at(tmp_path, api.url)
    refused = Answer(400, {"message": "Only draft campaigns can be scheduled."})
    script(api, schedule=(refused, Answer(200, {"data": campaign("scheduled")})))
    with pytest.raises(HandoffError):
        hand_off(job)
    assert hand_off(job) == {"campaign_id": str(CAMPAIGN)}
    assert calls(api) == [
        "GET /api/campaigns",
        "POST /api/campaigns",
        f"PUT /api/campaigns/{CAMPAIGN}/status",
        f"PUT /api/campaigns/{CAMPAIGN}/status",
    ]


def test_cancel_sets_the_campaign_back_to_a_draft(tmp_path: Path, api: ProviderServer) -> None:
    job = job_at(tmp_path, api.url)
    api.answer("PUT", f"/api/campaigns/{CAMPAIGN}/status", Answer(200, {"data": campaign("draft")}))
    steps = listmonk.prepare_cancel(job, {"campaign_id": str(CAMPAIGN)})
    ledger = Ledger.load(job.bundle.path, job.bundle.edition.manifest.files)
    with httpx.Client(timeout=10) as client:
        run_steps(
            listmonk.NAME,
            steps,
            lambda request: listmonk.send(request, client, KEYS),
            ledger,
            secrets=KEYS.values(),
            clock=lambda: AT,
        )
    (call,) = api.received
    assert (call.method, call.path) == ("PUT", f"/api/campaigns/{CAMPAIGN}/status")
    assert call.json == {"status": "draft"}
    assert call.headers["authorization"] == f"token {USER}:{TOKEN}"
    assert ledger.is_done("listmonk", "unschedule")


def test_cancel_without_a_campaign_id_says_where_to_unschedule_it(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    with pytest.raises(HandoffRefused) as raised:
        listmonk.prepare_cancel(job, {})
    assert raised.value.message == (
        "the hand-off ledger holds no listmonk campaign id for this bundle"
    )
    assert raised.value.hint == (
        f"unschedule the campaign named {job.bundle.marker!r} in listmonk's Campaigns page"
    )


def test_the_dry_run_shows_the_keys_masked(tmp_path: Path) -> None:
    job = job_at(tmp_path)
    document = [r.as_json(listmonk.masked_headers()) for r in listmonk.prepare(job)]
    assert {d["headers"]["Authorization"] for d in document} == {"token ***:***"}


def test_an_error_without_a_message_is_its_text_on_one_line() -> None:
    response = httpx.Response(500, text="internal\nerror")
    assert listmonk.error_message(response) == "internal error"


def test_listmonk_is_in_the_registry() -> None:
    assert PROVIDERS["listmonk"] is listmonk
