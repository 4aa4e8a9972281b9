"""What an adapter's `prepare` gets: the bundle, the settings and, for providers without
lists of their own, one letter per recipient, already personalised (and DKIM-signed)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from publisher.config import Settings
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
