"""Hand-off to the email service provider: one module per provider behind a registry.

An adapter is a pure `prepare(job) -> [PreparedRequest]` plus `send(request, client,
keys)`, so `--dry-run`, the tests and the real run build the same requests; the runner
(`runner.py`) sends them in order, resuming from the ledger (`ledger.py`). SMTP
(`smtp.py`) is a destination of its own, outside this registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import httpx

from publisher.handoff import buttondown, listmonk, mailchimp, postmark, sendgrid, ses
from publisher.handoff.job import Job
from publisher.handoff.prepared import PreparedRequest


class Provider(Protocol):
    NAME: str
    # Environment variables the keys come from, in the order `send` expects them.
    KEYS: tuple[str, ...]
    # True: the provider holds the edition until its send time. False: it sends at once,
    # so `publisher dispatch` hands it off when the time comes.
    SCHEDULES: bool
    # False: the provider has no subscriber lists; it gets one letter per recipient.
    HAS_LISTS: bool

    def prepare(self, job: Job) -> list[PreparedRequest]: ...

    def prepare_cancel(self, job: Job, captured: Mapping[str, str]) -> list[PreparedRequest]: ...

    def masked_headers(self) -> dict[str, str]: ...

    def send(
        self, request: PreparedRequest, client: httpx.Client, keys: Mapping[str, str]
    ) -> Any: ...


PROVIDERS: dict[str, Provider] = {
    mailchimp.NAME: mailchimp,
    sendgrid.NAME: sendgrid,
    buttondown.NAME: buttondown,
    listmonk.NAME: listmonk,
    postmark.NAME: postmark,
    ses.NAME: ses,
}
