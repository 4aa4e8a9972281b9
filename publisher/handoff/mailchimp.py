"""Mailchimp (Marketing API 3.0): find or create a regular campaign for the audience, set
its content, schedule it on the quarter hour.

The key comes from MAILCHIMP_API_KEY (HTTP Basic, any user name, the key as password).
The API root is https://<dc>.api.mailchimp.com/3.0, where <dc> is `[handoff.mailchimp]
server` or the key's suffix ("...-us21"). The campaign's title is the bundle's marker, so
a second machine without the ledger finds it instead of making another. The preheader
goes in `settings.preview_text`; the unsubscribe link becomes Mailchimp's `*|UNSUB|*`.

A campaign has one address: `settings.reply_to` is the only address among its settings
(`from_name` "not an email address"), and it is what Mailchimp's campaign builder calls
the From email address, where "campaign replies from subscribers will still go"
(kb.mailchimp.com, how-free-email-providers-affect-delivery). So it gets the edition's
From address, `[sender] address`, and replies go there too: Mailchimp has no separate
Reply-To for a campaign, so `[sender] reply_to` is not sent.
Reference: mailchimp/mailchimp-marketing-python-sdk, src/mailchimp_marketing/campaigns/
(types/create_campaigns_request_settings.py).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from publisher.config.handoff import MailchimpHandoff
from publisher.errors import HandoffRefused
from publisher.handoff.job import Job, with_unsubscribe
from publisher.handoff.prepared import Pick, PreparedRequest
from publisher.handoff.runner import http_send

NAME = "mailchimp"
KEYS: tuple[str, ...] = ("MAILCHIMP_API_KEY",)
SCHEDULES = True
HAS_LISTS = True
UNSUBSCRIBE_TAG = "*|UNSUB|*"
# Filled in at send time from the key's suffix when `server` is not set.
DATA_CENTER = "{dc}"
# Statuses of a campaign that can still be given content and scheduled; any other
# (schedule, sending, sent, canceled...) means an earlier run got that far: leave it be.
DRAFTS = ("save", "paused")
# The list of campaigns is newest first; 1000 is the API's largest page.
_FIND_QUERY = {
    "type": "regular",
    "sort_field": "create_time",
    "sort_dir": "DESC",
    "count": "1000",
    "fields": "campaigns.id,campaigns.status,campaigns.settings.title",
}


def api_root(section: MailchimpHandoff) -> str:
    if section.api_url:
        return section.api_url.rstrip("/")
    return f"https://{section.server or DATA_CENTER}.api.mailchimp.com/3.0"


def quarter_hour_after(moment: datetime) -> datetime:
    """The moment when it is on a quarter hour, else the next one: Mailchimp schedules only
    at :00, :15, :30 and :45, and an edition must never go out before its time."""
    floor = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=15)


def unsubscribe_tagged(text: str, url: str) -> str:
    """The HTML or text with our unsubscribe address (also as HTML escapes it) made
    `*|UNSUB|*`, which Mailchimp fills in per subscriber."""
    escaped = html.escape(url)
    return with_unsubscribe(with_unsubscribe(text, url, UNSUBSCRIBE_TAG), escaped, UNSUBSCRIBE_TAG)


def _content(job: Job) -> dict[str, str]:
    url = job.settings.unsubscribe.url
    tagged = unsubscribe_tagged(job.bundle.edition.html, url)
    if UNSUBSCRIBE_TAG not in tagged:
        raise HandoffRefused(
            f"the email's HTML has no link to unsubscribe.url ({url}) to make {UNSUBSCRIBE_TAG}",
            job.bundle.path,
            hint="Mailchimp refuses a campaign without its own unsubscribe link: build it again",
        )
    return {"html": tagged, "plain_text": unsubscribe_tagged(job.bundle.edition.text, url)}


def _pick(marker: str) -> Pick:
    def pick(answer: Any) -> dict[str, str]:
        campaigns = answer.get("campaigns") if isinstance(answer, dict) else None
        ours = [
            campaign
            for campaign in campaigns or []
            if isinstance(campaign, dict)
            and campaign.get("id")
            and (campaign.get("settings") or {}).get("title") == marker
        ]
        # One that got past the draft wins: scheduling a second copy would send twice.
        ours.sort(key=lambda campaign: campaign.get("status") in DRAFTS)
        if not ours:
            return {}
        found = {"campaign_id": str(ours[0]["id"])}
        if ours[0].get("status") not in DRAFTS:
            found["campaign_status"] = str(ours[0].get("status"))
        return found

    return pick


def prepare(job: Job) -> list[PreparedRequest]:
    section = job.settings.handoff.mailchimp
    assert section is not None, "the caller checks that [handoff.mailchimp] is there"
    manifest = job.bundle.edition.manifest
    root, marker = api_root(section), job.bundle.marker
    send_at = datetime.fromisoformat(manifest.send_at_utc)
    schedule_at = quarter_hour_after(send_at)
    when = f"{schedule_at:%Y-%m-%d %H:%M} UTC"
    if schedule_at != send_at:
        when += f" (Mailchimp sends on the quarter hour: {send_at:%H:%M} rounded up)"
    find = urlencode({"list_id": section.list_id, **_FIND_QUERY}, safe=",")
    campaign = f"{root}/campaigns/{{campaign_id}}"
    create = {
        "type": "regular",
        "recipients": {"list_id": section.list_id},
        "settings": {
            "subject_line": manifest.subject,
            "preview_text": manifest.preheader,
            "title": marker,
            "from_name": manifest.sender_name,
            "reply_to": manifest.sender_address,  # the From address: see the docstring
        },
    }
    schedule = {"schedule_time": f"{schedule_at:%Y-%m-%dT%H:%M:%SZ}", "timewarp": False}
    return [
        PreparedRequest(
            "find",
            "GET",
            f"{root}/campaigns?{find}",
            pick=_pick(marker),
            does=f"look for a campaign titled {marker!r} that an earlier run made "
            "(one already scheduled or sent is left as it is)",
        ),
        PreparedRequest(
            "create",
            "POST",
            f"{root}/campaigns",
            create,
            captures={"campaign_id": "id"},
            skip_if="campaign_id",
            does=f"create the campaign for list {section.list_id}, from "
            f"{manifest.sender_address} (where Mailchimp sends replies too), with the "
            "preheader as its preview text",
        ),
        PreparedRequest(
            "content",
            "PUT",
            f"{campaign}/content",
            _content(job),
            skip_if="campaign_status",
            does=f"set its HTML and text, the unsubscribe link made {UNSUBSCRIBE_TAG}",
        ),
        PreparedRequest(
            "schedule",
            "POST",
            f"{campaign}/actions/schedule",
            schedule,
            skip_if="campaign_status",
            does=f"schedule it for {when}",
        ),
    ]


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    section = job.settings.handoff.mailchimp
    assert section is not None, "the caller checks that [handoff.mailchimp] is there"
    campaign_id = captured.get("campaign_id")
    if not campaign_id:
        raise HandoffRefused(
            "the ledger has no Mailchimp campaign id for this bundle",
            job.bundle.path,
            hint="unschedule the campaign in Mailchimp's Campaigns page",
        )
    return [
        PreparedRequest(
            "unschedule",
            "POST",
            f"{api_root(section)}/campaigns/{campaign_id}/actions/unschedule",
            does=f"unschedule campaign {campaign_id} (it stays in Mailchimp as a draft)",
        )
    ]


def masked_headers() -> dict[str, str]:
    return {"Authorization": "Basic ***"}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    key = keys[KEYS[0]]
    if DATA_CENTER in request.url:
        data_center = key.rpartition("-")[2] if "-" in key else ""
        if not data_center:
            raise HandoffRefused(
                f"{KEYS[0]} has no data center suffix (such as -us21)",
                hint="set handoff.mailchimp.server to the us21 in us21.api.mailchimp.com",
            )
        request = replace(request, url=request.url.replace(DATA_CENTER, data_center))
    token = base64.b64encode(f"publisher:{key}".encode()).decode("ascii")
    return http_send(request, client, {"Authorization": f"Basic {token}"}, error_message)


def error_message(response: httpx.Response) -> str:
    """Mailchimp's problem document (title, detail, errors[]) as one line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return " ".join(response.text.split())[:200] or response.reason_phrase or "no details"
    parts = [str(body[name]) for name in ("title", "detail") if body.get(name)]
    errors = [error for error in body.get("errors") or [] if isinstance(error, dict)]
    fields = [f"{error.get('field') or '?'}: {error.get('message')}" for error in errors]
    text = ": ".join(parts) + ("; " if parts and fields else "") + "; ".join(fields)
    return " ".join(text.split()) or response.reason_phrase or "no details"
