"""What the law and the big mailbox providers require: a way out, a postal address, and
the headers of a well-formed bulk message (RFC 8058 one-click unsubscribe for Gmail and
Yahoo, CAN-SPAM's postal address)."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import EML_FILE, Finding

NAME = "compliance"
_REQUIRED_HEADERS = {
    "To": "the list's own name and address ([list] in publication.toml)",
    "Date": "the send time",
    "Message-ID": "an id derived from the content",
}


def _error(message: str, hint: str, path: str | None = None) -> Finding:
    return Finding(NAME, "error", message, path, None, hint)


def run(edition: CheckedEdition) -> Iterator[Finding]:
    unsubscribe = edition.settings.unsubscribe
    hrefs = {str(anchor.get("href", "")).strip() for anchor in edition.document.iter("a")}
    restore = "restore it in the footer template (email/partials/footer.mjml.j2)"
    if unsubscribe.url not in hrefs:
        yield _error(f"the HTML has no unsubscribe link to {unsubscribe.url}", restore)
    if unsubscribe.url not in edition.text:
        yield _error(
            "the text part has no unsubscribe link",
            "restore it in the text template (email/edition.txt.j2)",
        )
    address = " ".join(edition.settings.publication.postal_address.split())
    if address not in " ".join(edition.visible_text.split()):
        yield _error("the HTML has no postal address (CAN-SPAM requires one)", restore)
    if address not in " ".join(edition.text.split()):
        yield _error(
            "the text part has no postal address (CAN-SPAM requires one)",
            "restore it in the text template (email/edition.txt.j2)",
        )
    yield from _headers(edition)


def _headers(edition: CheckedEdition) -> Iterator[Finding]:
    message = edition.headers
    unsubscribe = edition.settings.unsubscribe
    rebuild = "build the edition again with publisher build; do not edit the .eml"
    for header, what in _REQUIRED_HEADERS.items():
        if not str(message.get(header, "")).strip():
            yield _error(f"the message has no {header} header ({what})", rebuild, EML_FILE)
    targets = str(message.get("List-Unsubscribe", ""))
    if f"<{unsubscribe.url}>" not in targets or not unsubscribe.url.startswith("https://"):
        yield _error(
            "List-Unsubscribe has no https one-click address",
            "set unsubscribe.url to an https:// address, then build again",
            EML_FILE,
        )
    if unsubscribe.mailto and f"<mailto:{unsubscribe.mailto}" not in targets:
        yield _error(
            f"List-Unsubscribe lacks the mailto address {unsubscribe.mailto}", rebuild, EML_FILE
        )
    if str(message.get("List-Unsubscribe-Post", "")) != "List-Unsubscribe=One-Click":
        yield _error(
            "List-Unsubscribe-Post is not List-Unsubscribe=One-Click (RFC 8058)",
            rebuild,
            EML_FILE,
        )
