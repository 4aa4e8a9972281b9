"""listmonk: find a campaign made for this bundle, or create it (a draft with `send_at`),
then set its status to `scheduled`.

Keys: the environment variables LISTMONK_API_USER and LISTMONK_API_TOKEN, an API user made
under Admin -> Users, sent as `Authorization: token <user>:<token>` (listmonk's docs,
docs/docs/content/apis/apis.md; the same pair also works as Basic auth, which is what
listmonk before v4 took with an admin's login). The API root is `[handoff.listmonk] url`
followed by `/api`.

What listmonk's docs (docs/docs/content/apis/campaigns.md) and code (cmd/campaigns.go,
internal/core/campaigns.go, models/campaigns.go in github.com/knadh/listmonk) say and this
module relies on:
- A new campaign is always a draft; `PUT /api/campaigns/{id}/status` with `scheduled` is
  refused unless it is a draft (or paused) with a `send_at`, so the create sends `send_at`
  (RFC 3339, UTC) and the next step schedules it.
- An empty `content_type` becomes `richtext`: we send `html`. `lists` are integer ids.
- The body and alt body are Go html/templates: listmonk drops HTML comments (Outlook's
  conditional comments with them) unless written as `{{ Safe "<!-- ... -->" }}`, and
  reads `{{` as an action, so both are rewritten that way; the unsubscribe link becomes
  `{{ UnsubscribeURL }}`.
- A campaign has no preheader field: the hidden preheader in our HTML carries it.
- `GET /api/campaigns` has a `query` that goes to Postgres' `to_tsquery`, which fails on a
  name with spaces, so the find lists the newest campaigns with our tag and picks the one
  whose name is the bundle's marker.
- Only a scheduled campaign may go back to `draft`; that is how it is unscheduled
  (`cancelled` applies only to a running or paused campaign).

`[handoff.listmonk] template_id` picks the campaign template; the server's default one
wraps the edition in listmonk's own layout.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from publisher.config.handoff import ListmonkHandoff
from publisher.errors import HandoffRefused
from publisher.handoff.job import Job, with_unsubscribe
from publisher.handoff.prepared import PreparedRequest
from publisher.handoff.runner import http_send

NAME = "listmonk"
KEYS: tuple[str, ...] = ("LISTMONK_API_USER", "LISTMONK_API_TOKEN")
SCHEDULES = True
HAS_LISTS = True

UNSUBSCRIBE_TAG = "{{ UnsubscribeURL }}"
# The campaigns the find step looks through, newest first.
FIND_PAGE = 100
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CUT = "\x00"  # where a comment's string is cut around the unsubscribe tag


def prepare(job: Job) -> list[PreparedRequest]:
    """Find a campaign made for this bundle, or create one; then schedule it."""
    settings = _settings(job)
    root = _api_root(settings)
    manifest = job.bundle.edition.manifest
    marker, tag = job.bundle.marker, marker_tag(job.bundle.marker)
    unsubscribe = job.settings.unsubscribe.url
    query = urlencode(
        {
            "tag": tag,
            "order_by": "created_at",
            "order": "desc",
            "per_page": FIND_PAGE,
            "no_body": "true",
        }
    )
    campaign: dict[str, Any] = {
        "name": marker,
        "subject": job.subject,
        "lists": list(settings.list_ids),
        "from_email": from_address(manifest.sender_name, manifest.sender_address),
        "type": "regular",
        "content_type": "html",
        "body": as_go_template(job.bundle.edition.html, unsubscribe),
        "altbody": as_go_template(job.bundle.edition.text, unsubscribe),
        "send_at": manifest.send_at_utc,
        "messenger": "email",
        "tags": [tag],
        "headers": [{"Reply-To": manifest.reply_to}] if manifest.reply_to else [],
    }
    if settings.template_id:
        campaign["template_id"] = settings.template_id
    lists = ", ".join(str(list_id) for list_id in settings.list_ids)
    plural = "s" if len(settings.list_ids) > 1 else ""
    return [
        PreparedRequest(
            "find",
            "GET",
            f"{root}/campaigns?{query}",
            pick=lambda page: _pick_campaign(page, marker),
            does=f"look for a campaign named {marker!r} among the newest tagged {tag}",
        ),
        PreparedRequest(
            "create",
            "POST",
            f"{root}/campaigns",
            campaign,
            captures={"campaign_id": "data.id"},
            skip_if="campaign_id",
            does=f"create the campaign (a draft) for list{plural} {lists} with send_at "
            f"{manifest.send_at_utc}",
        ),
        PreparedRequest(
            "schedule",
            "PUT",
            f"{root}/campaigns/{{campaign_id}}/status",
            {"status": "scheduled"},
            skip_if="campaign_status",
            does=f"schedule it for {_readable(manifest.send_at_utc)}",
        ),
    ]


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    """Set the campaign back to a draft: listmonk's way to unschedule."""
    root = _api_root(_settings(job))
    campaign_id = captured.get("campaign_id", "")
    if not campaign_id:
        raise HandoffRefused(
            "the hand-off ledger holds no listmonk campaign id for this bundle",
            job.bundle.path,
            hint=f"unschedule the campaign named {job.bundle.marker!r} in listmonk's Campaigns"
            " page",
        )
    return [
        PreparedRequest(
            "unschedule",
            "PUT",
            f"{root}/campaigns/{quote(campaign_id, safe='')}/status",
            {"status": "draft"},
            does=f"unschedule campaign {campaign_id} (back to a draft; only a scheduled one can)",
        )
    ]


def masked_headers() -> dict[str, str]:
    return {"Authorization": "token ***:***"}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    user, token = (keys[name] for name in KEYS)
    return http_send(request, client, {"Authorization": f"token {user}:{token}"}, error_message)


def error_message(response: httpx.Response) -> str:
    """listmonk's error as one line: its `message`."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("message"), str) and data["message"]:
        return _one_line(data["message"])
    return _one_line(response.text) or response.reason_phrase or "no details"


def as_go_template(text: str, unsubscribe_url: str = "") -> str:
    """HTML or text as a listmonk body that renders to itself: each comment through
    `{{ Safe "..." }}` (html/template strips comments) and each other `{{` as a string.
    `unsubscribe_url` becomes `{{ UnsubscribeURL }}` wherever it is, a comment included
    (an Outlook-only button): there the string is split around it, or listmonk would
    send the tag as text."""
    parts, last = [], 0
    for comment in _COMMENT.finditer(text):
        parts.append(_live(_literal_braces(text[last : comment.start()]), unsubscribe_url))
        marked = _live(comment.group(), unsubscribe_url, _CUT)
        strings = (
            "{{ Safe " + _go_string(piece) + " }}" if piece else "" for piece in marked.split(_CUT)
        )
        parts.append(UNSUBSCRIBE_TAG.join(strings))
        last = comment.end()
    parts.append(_live(_literal_braces(text[last:]), unsubscribe_url))
    return "".join(parts)


def marker_tag(marker: str) -> str:
    """The marker as a campaign tag, in the lower-case letters, digits and dashes that every
    listmonk version keeps as they are, within its 100 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", marker.lower()).strip("-")
    return "publisher-" + slug[-89:].lstrip("-")


def from_address(name: str, address: str) -> str:
    """`Name <address>`, as listmonk's from_email wants it; the name quoted if it must be."""
    if not name:
        return address
    if re.search(r'[()<>@,;:\\".\[\]]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _live(text: str, unsubscribe_url: str, tag: str = UNSUBSCRIBE_TAG) -> str:
    return with_unsubscribe(text, unsubscribe_url, tag) if unsubscribe_url else text


def _literal_braces(text: str) -> str:
    return text.replace("{{", '{{ "{{" }}')


def _go_string(text: str) -> str:
    """A Go interpreted string literal: no raw newline, `"` and `\\` escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def _pick_campaign(page: Any, marker: str) -> dict[str, str]:
    data = page.get("data") if isinstance(page, dict) else None
    results = data.get("results", []) if isinstance(data, dict) else []
    for campaign in results:
        if not isinstance(campaign, dict) or campaign.get("name") != marker:
            continue
        status = campaign.get("status")
        if status == "cancelled" or campaign.get("id") is None:
            continue
        found = {"campaign_id": str(campaign["id"])}
        if status != "draft":  # scheduled, running, paused or finished: nothing to schedule
            found["campaign_status"] = str(status)
        return found
    return {}


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _readable(send_at_utc: str) -> str:
    """`2026-11-27T11:00:00Z` as `2026-11-27 11:00 UTC`, for the dry run."""
    return datetime.fromisoformat(send_at_utc).strftime("%Y-%m-%d %H:%M UTC")


def _api_root(settings: ListmonkHandoff) -> str:
    return settings.url.rstrip("/") + "/api"


def _settings(job: Job) -> ListmonkHandoff:
    settings = job.settings.handoff.listmonk
    if settings is None:
        raise HandoffRefused(
            "publication.toml has no [handoff.listmonk] table",
            hint="add [handoff.listmonk] with the server's url and list_ids",
        )
    return settings
