"""Buttondown (API v1): one `POST /emails` that creates the email already scheduled, after
a search for an email made for this bundle before, so a second machine sends nothing twice.

Key: the environment variable BUTTONDOWN_API_KEY, sent as `Authorization: Token <key>`
(docs.buttondown.com/api-authentication). The API root is `[handoff.buttondown] api_url`.

What the API reference says and this module relies on (docs.buttondown.com/api-emails-create,
and the OpenAPI description in github.com/buttondown/docs, public/openapi.json):
- `EmailInput` is closed (unknown keys are refused), so the request holds only its fields.
- `status` defaults to `about_to_send`, which sends at once: we always send
  `status: "scheduled"` with `publish_date` (UTC, ISO 8601).
- The preheader goes in `description`; the marker in `metadata` (string values only).
- The body is our HTML, headed by `<!-- buttondown-editor-mode: fancy -->` (the documented
  way to say "this is HTML" rather than leave it to detection); a body that starts with
  `---` front matter is refused with a 400, which the comment also rules out. The
  unsubscribe link becomes Buttondown's template variable `{{ unsubscribe_url }}`.
- Buttondown renders the body with its template language, "built on top of Django"
  (docs.buttondown.com/using-templating): every `{{`, `{%` and `{#` of the edition is
  written as Django's `{% templatetag %}` that prints it, so a brief quoting template
  syntax reads as written.
- `GET /emails` filters by `subject` (contains) and `negative_status`; we pick the email
  whose `metadata.publisher_marker` is this bundle's marker.
- Unscheduling is `PATCH /emails/{id}` with `status: "draft"` ("Unschedule your email",
  docs.buttondown.com/scheduling-emails-via-the-api): the email stays in Buttondown as a
  draft, to look at or schedule again, as a cancelled Mailchimp campaign does. (A
  `DELETE` would cancel it too, but for good.)
- The edition is a whole HTML email with its own masthead and footer, so it goes out in
  Buttondown's "naked" template, with no frame of Buttondown's around it. `EmailInput`
  has no `template` field, but `EmailUpdateInput` has (`NewsletterEmailTemplate`: classic,
  modern, plaintext, naked; "this template overrides your newsletter's default"): a
  `PATCH /emails/{id}` sets it after the create, or on an email found scheduled, and is
  left out for one found past that (sending or sent).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from publisher.config.handoff import ButtondownHandoff
from publisher.errors import HandoffRefused
from publisher.handoff.job import Job, with_unsubscribe
from publisher.handoff.prepared import PreparedRequest
from publisher.handoff.runner import http_send

NAME = "buttondown"
KEYS: tuple[str, ...] = ("BUTTONDOWN_API_KEY",)
SCHEDULES = True
HAS_LISTS = True

UNSUBSCRIBE_TAG = "{{ unsubscribe_url }}"
HTML_MODE = "<!-- buttondown-editor-mode: fancy -->"
MARKER_KEY = "publisher_marker"
# Every status but these means Buttondown holds the email or has sent it.
NOT_HANDED_OFF = ("draft", "deleted")
SCHEDULED = "scheduled"
TEMPLATE = "naked"
# What Django's `templatetag` prints for each opening of its template syntax.
_TEMPLATE_OPENINGS = {
    "{{": "{% templatetag openvariable %}",
    "{%": "{% templatetag openblock %}",
    "{#": "{% templatetag opencomment %}",
}
_OPENING = re.compile(r"\{[{%#]")


def prepare(job: Job) -> list[PreparedRequest]:
    """Find an email made for this bundle; if there is none, create it scheduled; then give
    it the naked template."""
    root = _settings(job).api_url.rstrip("/")
    manifest = job.bundle.edition.manifest
    marker = job.bundle.marker
    query = urlencode({"subject": job.subject, "negative_status": NOT_HANDED_OFF}, doseq=True)
    email = {
        "subject": job.subject,
        "body": HTML_MODE
        + with_unsubscribe(
            as_django_template(job.bundle.edition.html),
            job.settings.unsubscribe.url,
            UNSUBSCRIBE_TAG,
        ),
        "description": job.preheader,
        "email_type": "public",
        "status": SCHEDULED,
        "publish_date": manifest.send_at_utc,
        "metadata": {MARKER_KEY: marker},
    }
    return [
        PreparedRequest(
            "find",
            "GET",
            f"{root}/emails?{query}",
            pick=lambda page: _pick_email(page, marker),
            does=f"look for an email already made for {marker!r} (its metadata.{MARKER_KEY})",
        ),
        PreparedRequest(
            "create",
            "POST",
            f"{root}/emails",
            email,
            captures={"email_id": "id"},
            skip_if="email_id",
            does=f"create the email with status scheduled for {_readable(manifest.send_at_utc)}",
        ),
        PreparedRequest(
            "template",
            "PATCH",
            f"{root}/emails/{{email_id}}",
            {"template": TEMPLATE},
            skip_if="email_status",
            does=f"give it Buttondown's {TEMPLATE} template, so it goes out as built, with no "
            "frame of Buttondown's around it",
        ),
    ]


def as_django_template(text: str) -> str:
    """HTML as a Buttondown body that renders to itself: each opening of a variable, tag or
    comment through the tag that prints it (one pass, so none is read twice)."""
    return _OPENING.sub(lambda opening: _TEMPLATE_OPENINGS[opening.group()], text)


def prepare_cancel(job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]:
    """Back to a draft: Buttondown no longer sends it, and keeps it to look at."""
    root = _settings(job).api_url.rstrip("/")
    email_id = captured.get("email_id", "")
    if not email_id:
        raise HandoffRefused(
            "the hand-off ledger holds no Buttondown email id for this bundle",
            job.bundle.path,
            hint=f"unschedule it on Buttondown's Emails page: its metadata {MARKER_KEY} is "
            f"{job.bundle.marker!r}",
        )
    return [
        PreparedRequest(
            "unschedule",
            "PATCH",
            f"{root}/emails/{quote(email_id, safe='')}",
            {"status": "draft"},
            does=f"unschedule email {email_id} (it stays in Buttondown as a draft)",
        )
    ]


def masked_headers() -> dict[str, str]:
    return {"Authorization": "Token ***"}


def send(request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]) -> Any:
    headers = {"Authorization": f"Token {keys[KEYS[0]]}"}
    return http_send(request, client, headers, error_message)


def error_message(response: httpx.Response) -> str:
    """Buttondown's error as one line: `detail` (and its `code`), or each field's problem."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        detail, code = data.get("detail"), data.get("code")
        if isinstance(detail, str) and detail:
            return _one_line(f"{detail} ({code})" if code else detail)
        if isinstance(detail, list) and detail:  # a validation error: [{loc, msg}, ...]
            return _one_line("; ".join(_field_problem(item) for item in detail))
    return _one_line(response.text) or response.reason_phrase or "no details"


def _pick_email(page: Any, marker: str) -> dict[str, str]:
    results = page.get("results", []) if isinstance(page, dict) else []
    for email in results:
        metadata = email.get("metadata") if isinstance(email, dict) else None
        if isinstance(metadata, dict) and metadata.get(MARKER_KEY) == marker and email.get("id"):
            found = {"email_id": str(email["id"])}
            if email.get("status") != SCHEDULED:  # sending or sent: leave it as it is
                found["email_status"] = str(email.get("status"))
            return found
    return {}


def _field_problem(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
    return f"{where}: {item.get('msg', '')}" if where else str(item.get("msg", ""))


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _readable(send_at_utc: str) -> str:
    """`2026-11-27T11:00:00Z` as `2026-11-27 11:00 UTC`, for the dry run."""
    return datetime.fromisoformat(send_at_utc).strftime("%Y-%m-%d %H:%M UTC")


def _settings(job: Job) -> ButtondownHandoff:
    settings = job.settings.handoff.buttondown
    if settings is None:
        raise HandoffRefused(
            "publication.toml has no [handoff.buttondown] table",
            hint="add [handoff.buttondown]; api_url defaults to https://api.buttondown.com/v1",
        )
    return settings
