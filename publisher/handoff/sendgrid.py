"""SendGrid Marketing Campaigns (v3 Single Sends): find or create the Single Send for the
lists, then schedule it.

The key comes from SENDGRID_API_KEY (a Bearer token). The Single Send's name is the
bundle's marker, so a second machine without the ledger finds it instead of making
another. With `suppression_group_id` the unsubscribe link becomes SendGrid's
`{{{unsubscribe}}}`; without one, SendGrid gets unsubscribe.url as its
`custom_unsubscribe_url` and the link stays as built. Single Sends have no preheader
field (`email_config` holds subject, html_content, plain_content, generate_plain_content,
design_id, editor, suppression_group_id, custom_unsubscribe_url, sender_id, ip_pool): the
preheader is the one already hidden at the top of the email's HTML. A `send_at` on create
would only pre-fill the UI; the schedule is its own call (`PUT .../schedule`).
Reference: twilio/sendgrid-oai, spec/json/tsg_mc_singlesends_v3.json.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.job import Job, with_unsubscribe
from publisher.handoff.prepared import Pick, PreparedRequest
from publisher.handoff.runner import http_send

NAME = "sendgrid"
KEYS: tuple[str, ...] = ("SENDGRID_API_KEY",)
SCHEDULES = True
HAS_LISTS = True
UNSUBSCRIBE_TAG = "{{{unsubscribe}}}"
# Names (and the search by name) are limited to 100 characters; the marker ends with the
# bundle's date and hash, so its end is what tells bundles apart.
NAME_LIMIT = 100
DRAFT = "draft"


def single_send_name(job: Job) -> str:
    return job.bundle.marker[-NAME_LIMIT:]


def _unsubscribe(job: Job) -> tuple[dict[str, Any], str, str]:
    """The email_config's unsubscribe field, and the HTML and text that go with it."""
    section = job.settings.handoff.sendgrid
    assert section is not None
    url, edition = job.settings.unsubscribe.url, job.bundle.edition
    if not section.suppression_group_id:
        if "{" in url:
            raise HandoffRefused(
                f"unsubscribe.url has a placeholder ({url}) that SendGrid cannot fill in",
                hint="set handoff.sendgrid.suppression_group_id to use SendGrid's own link",
            )
        return {"custom_unsubscribe_url": url}, edition.html, edition.text
    escaped = html.escape(url)
    tagged = [
        with_unsubscribe(with_unsubscribe(text, url, UNSUBSCRIBE_TAG), escaped, UNSUBSCRIBE_TAG)
        for text in (edition.html, edition.text)
    ]
    if UNSUBSCRIBE_TAG not in tagged[0]:
        raise HandoffRefused(
            f"the email's HTML has no link to unsubscribe.url ({url}) to make {UNSUBSCRIBE_TAG}",
            job.bundle.path,
            hint="build the bundle again: every edition carries its unsubscribe link",
        )
    return {"suppression_group_id": section.suppression_group_id}, tagged[0], tagged[1]


def _pick(name: str) -> Pick:
    def pick(answer: Any) -> dict[str, str]:
        results = answer.get("result") if isinstance(answer, dict) else None
        # The search matches any name containing ours: keep the exact one.
        ours = [
            single_send
            for single_send in results or []
            if isinstance(single_send, dict)
            and single_send.get("id")
            and single_send.get("name") == name
        ]
        # One that got past the draft wins: scheduling a second copy would send twice.
        ours.sort(key=lambda single_send: single_send.get("status") == DRAFT)
        if not ours:
            return {}
        found = {"singlesend_id": str(ours[0]["id"])}
        if ours[0].get("status") != DRAFT:
            found["singlesend_status"] = str(ours[0].get("status"))
        return found

    return pick


def prepare(job: Job) -> list[PreparedRequest]:
    section = job.settings.handoff.sendgrid
    assert section is not None, "the caller checks that [handoff.sendgrid] is there"
    manifest = job.bundle.edition.manifest
    root, name = f"{section.api_url.rstrip('/')}/v3/marketing/singlesends", single_send_name(job)
    send_at = datetime.fromisoformat(manifest.send_at_utc)
    unsubscribe, html_content, plain_content = _unsubscribe(job)
    create = {
        "name": name,
        "send_to": {"list_ids": list(section.list_ids), "all": False},
        "email_config": {
            "subject": manifest.subject,
            "html_content": html_content,
            "plain_content": plain_content,
            "generate_plain_content": False,
            "editor": "code",
            "sender_id": section.sender_id,
            **unsubscribe,
        },
    }
    lists = ", ".join(section.list_ids)
    how = "SendGrid's {{{unsubscribe}}} link" if section.suppression_group_id else "our own link"
    return [
        PreparedRequest(
            "find",
            "POST",
            f"{root}/search",
            {"name": name},
            pick=_pick(name),
            does=f"look for a Single Send named {name!r} that an earlier run made "
            "(one already scheduled or sent is left as it is)",
        ),
        PreparedRequest(
            "create",
            "POST",
            root,
            create,
            captures={"singlesend_id": "id"},
            skip_if="singlesend_id",
            does=f"create the Single Send for list {lists} from sender {section.sender_id}, "
            f"with {how} to unsubscribe",
        ),
        PreparedRequest(
            "schedule",
            "PUT",
            f"{root}/{{singlesend_id}}/schedule",
            {"send_at": f"{send_at:%Y-%m-%dT%H:%M:%SZ}"},
            skip_if="singlesend_status",
            does=f"schedule it for {send_at:%Y-%m-%d %H:%M} UTC",
        ),
    ]


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    section = job.settings.handoff.sendgrid
    assert section is not None, "the caller checks that [handoff.sendgrid] is there"
    single_send = captured.get("singlesend_id")
    if not single_send:
        raise HandoffRefused(
            "the ledger has no SendGrid Single Send id for this bundle",
            job.bundle.path,
            hint="cancel its schedule in SendGrid's Marketing > Single Sends page",
        )
    url = f"{section.api_url.rstrip('/')}/v3/marketing/singlesends/{single_send}/schedule"
    return [
        PreparedRequest(
            "unschedule",
            "DELETE",
            url,
            does=f"cancel the schedule of Single Send {single_send} (it stays as a draft)",
        )
    ]


def masked_headers() -> dict[str, str]:
    return {"Authorization": "Bearer ***"}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    headers = {"Authorization": f"Bearer {keys[KEYS[0]]}"}
    try:
        answer = http_send(request, client, headers, error_message)
    except HandoffError as error:
        # The search's reference lists a 404 answer without saying when; for a search it
        # can only mean no match (a wrong API root fails at the create that follows).
        if request.step == "find" and error.message.startswith("HTTP 404"):
            return {"result": []}
        raise
    status = answer.get("status") if isinstance(answer, dict) else None
    if request.step == "schedule" and status != "scheduled":
        raise HandoffError(f"SendGrid answered the schedule with status {status!r}, not scheduled")
    return answer


def error_message(response: httpx.Response) -> str:
    """SendGrid's `errors: [{field, message}]` as one line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        return " ".join(response.text.split())[:200] or response.reason_phrase or "no details"
    parts = [
        f"{error['field']}: {error.get('message')}"
        if error.get("field")
        else str(error.get("message"))
        for error in errors
        if isinstance(error, dict)
    ]
    return " ".join("; ".join(parts).split()) or response.reason_phrase or "no details"
