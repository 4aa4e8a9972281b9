"""What an adapter's `prepare` gets: the bundle, the settings and, for providers without
lists of their own, one letter per recipient, already personalised (and DKIM-signed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from markupsafe import escape

from publisher.config import Settings
from publisher.errors import HandoffRefused
from publisher.handoff.source import HandoffBundle


@dataclass(frozen=True)
class Letter:
    """One recipient's copy: its own To and, with `{token}` in unsubscribe.url, its own
    one-click unsubscribe address in the body and in List-Unsubscribe (RFC 8058)."""

    address: str
    name: str
    unsubscribe_url: str
    html: str
    text: str
    eml: bytes


@dataclass(frozen=True)
class Job:
    bundle: HandoffBundle
    settings: Settings
    letters: tuple[Letter, ...] = ()

    @property
    def subject(self) -> str:
        return self.bundle.edition.manifest.subject

    @property
    def preheader(self) -> str:
        return self.bundle.edition.manifest.preheader

    def require_letters(self, provider: str, table: str) -> None:
        """For a provider that sends each letter itself (no lists of its own)."""
        if not self.letters:
            raise HandoffRefused(
                f"{provider} sends one letter per recipient, and there are none",
                hint=f"give [handoff.{table}] recipients or --recipients FILE",
            )


def refuse_cancel_of_immediate(provider: str, *, sent: bool) -> NoReturn:
    """A provider that sends at once has nothing to unschedule: `publisher dispatch` hands
    the edition off at its send time, so before then only the ledger can stop it."""
    if sent:
        raise HandoffRefused(
            f"{provider} has sent this edition already (to part of the list, at least): "
            "sent mail cannot be called back",
            hint="send a correction as a new edition (publisher build --edition correction)",
        )
    raise HandoffRefused(
        f"{provider} cannot unschedule: it has no scheduling, and this edition has not gone "
        "out: publisher dispatch sends it at its send time",
        hint="publisher cancel marks it cancelled in the ledger, so dispatch skips it",
    )


def with_unsubscribe(text: str, unsubscribe_url: str, replacement: str) -> str:
    """The HTML or text with the publication's unsubscribe address replaced, such as by a
    provider's merge tag (`*|UNSUB|*`) that the provider fills in per subscriber.

    The HTML holds the address escaped as the template wrote it (`&` as `&amp;`): both
    forms are replaced, the escaped one by the escaped replacement.
    """
    escaped = str(escape(unsubscribe_url))
    if escaped != unsubscribe_url:
        text = text.replace(escaped, str(escape(replacement)))
    return text.replace(unsubscribe_url, replacement)
