"""The bundle's message as each recipient gets it: their own To and, when unsubscribe.url
holds `{token}` (and `{email}`), their own one-click unsubscribe address in both parts and
in List-Unsubscribe (RFC 8058); a test send's copy; DKIM signatures.

Only the To, List-Unsubscribe and (for tests) Subject and Message-ID change: every other
header goes out as built.
"""

from __future__ import annotations

import copy
import email
import email.policy
import hmac
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote

from publisher.config import Settings
from publisher.errors import HandoffRefused
from publisher.handoff.job import Letter, with_unsubscribe
from publisher.handoff.recipients import Recipient
from publisher.handoff.source import HandoffBundle

UNSUBSCRIBE_KEY = "PUBLISHER_UNSUBSCRIBE_KEY"
DKIM_KEY = "PUBLISHER_DKIM_PRIVATE_KEY"
_SIGNED_HEADERS = (
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"reply-to",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"mime-version",
    b"content-type",
)


_WITHOUT_IDS = tuple(name for name in _SIGNED_HEADERS if name not in (b"date", b"message-id"))


def unsubscribe_token(address: str, key: str) -> str:
    """An HMAC of the address: the unsubscribe page can check it without a database."""
    digest = hmac.new(key.encode("utf-8"), address.strip().lower().encode("utf-8"), "sha256")
    return digest.hexdigest()[:32]


def personal_unsubscribe(url: str, address: str, environ: Mapping[str, str]) -> str:
    if "{token}" not in url and "{email}" not in url:
        return url
    key = environ.get(UNSUBSCRIBE_KEY, "")
    if not key:
        raise HandoffRefused(
            "unsubscribe.url has {token}, but no key to make the tokens with",
            hint=f"set the environment variable {UNSUBSCRIBE_KEY} (the unsubscribe page's key)",
        )
    return url.replace("{token}", unsubscribe_token(address, key)).replace(
        "{email}", quote(address, safe="@")
    )


def _parsed(eml: bytes) -> EmailMessage:
    message = email.message_from_bytes(eml, policy=email.policy.SMTP)
    assert isinstance(message, EmailMessage)
    return message


def _set_bodies(message: EmailMessage, text: str, html: str) -> None:
    for part, content, subtype in (
        (message.get_body(("plain",)), text, "plain"),
        (message.get_body(("html",)), html, "html"),
    ):
        assert part is not None
        part.set_content(content, subtype=subtype, charset="utf-8", cte="quoted-printable")


def letters_for(
    bundle: HandoffBundle,
    settings: Settings,
    recipients: Sequence[Recipient],
    environ: Mapping[str, str] = os.environ,
    *,
    keeps_ids: bool = True,
) -> tuple[Letter, ...]:
    """One letter per recipient, DKIM-signed when `[dkim]` is set, all made at once.

    `keeps_ids=False` for a provider that sets its own Date and Message-ID (SES): those
    two are then left out of the signature, which would otherwise break.
    """
    return tuple(each_letter(bundle, settings, recipients, environ, keeps_ids=keeps_ids))


def each_letter(
    bundle: HandoffBundle,
    settings: Settings,
    recipients: Iterable[Recipient],
    environ: Mapping[str, str] = os.environ,
    *,
    keeps_ids: bool = True,
) -> Iterator[Letter]:
    """The letters one at a time, as a sender takes them: SMTP keeps one in memory, not
    the whole list's (~50 KB each)."""
    headers = _SIGNED_HEADERS if keeps_ids else _WITHOUT_IDS
    edition = bundle.edition
    template = settings.unsubscribe.url
    addressed = _Addressed.of(edition.eml)
    parsed: EmailMessage | None = None  # parsed once, copied for each letter (~0.1 ms, not ~4)
    for recipient in recipients:
        url = personal_unsubscribe(template, recipient.address, environ)
        html, text = edition.html, edition.text
        if url == template and addressed is not None:
            eml = addressed.to(recipient)
        else:
            if parsed is None:
                parsed = _parsed(edition.eml)
            message = _readdressed(parsed, recipient)
            if url != template:
                html = with_unsubscribe(html, template, url)
                text = with_unsubscribe(text, template, url)
                listed = str(message["List-Unsubscribe"]).replace(template, url)
                message.replace_header("List-Unsubscribe", listed)
                _set_bodies(message, text, html)
            eml = message.as_bytes(policy=email.policy.SMTP)
        eml = sign(eml, settings, environ, headers)
        yield Letter(recipient.address, recipient.name, url, html, text, eml)


def _readdressed(message: EmailMessage, recipient: Recipient) -> EmailMessage:
    """A copy of the parsed message, addressed to `recipient`: for a letter whose bodies
    change, so the message need not be parsed again for each."""
    letter = copy.deepcopy(message)
    letter.replace_header("To", formataddr((recipient.name, recipient.address)))
    return letter


@dataclass(frozen=True)
class _Addressed:
    """The bundle's message split around its To header, once: a letter whose bodies are
    the edition's own only needs its To written in (parsing the message again for each
    letter cost ~4 ms; this is byte for byte what that gives, as a test holds)."""

    before: bytes
    after: bytes

    @classmethod
    def of(cls, eml: bytes) -> _Addressed | None:
        """None for a message whose To header cannot be found as expected."""
        head, separator, body = eml.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        starts = [number for number, line in enumerate(lines) if line[:3].lower() == b"to:"]
        if len(starts) != 1 or not separator:
            return None
        end = starts[0] + 1
        while end < len(lines) and lines[end][:1] in (b" ", b"\t"):  # folded onto more lines
            end += 1
        before = b"".join(line + b"\r\n" for line in lines[: starts[0]])
        after = b"".join(b"\r\n" + line for line in lines[end:])
        return cls(before, after + separator + body)

    def to(self, recipient: Recipient) -> bytes:
        value = formataddr((recipient.name, recipient.address))
        folded: str = email.policy.SMTP.header_factory("To", value).fold(policy=email.policy.SMTP)
        return self.before + folded.encode("ascii").rstrip(b"\r\n") + self.after


def letters_for_test_send(
    bundle: HandoffBundle,
    settings: Settings,
    recipients: Sequence[Recipient],
    environ: Mapping[str, str] = os.environ,
) -> tuple[Letter, ...]:
    """The test send: a `[Test] ` subject and, per editor, a fresh Message-ID and no
    References, so Gmail shows each test as its own thread."""
    domain = settings.sender.address.rpartition("@")[2]
    prefix = settings.handoff.test.prefix
    letters = []
    for letter in letters_for(bundle, settings, recipients, environ):
        message = _parsed(_unsigned(letter.eml))
        message.replace_header("Subject", prefix + bundle.edition.manifest.subject)
        message.replace_header("Message-ID", make_msgid("test", domain))
        del message["References"], message["In-Reply-To"]
        eml = sign(message.as_bytes(policy=email.policy.SMTP), settings, environ)
        letters.append(
            Letter(
                letter.address, letter.name, letter.unsubscribe_url, letter.html, letter.text, eml
            )
        )
    return tuple(letters)


def _unsigned(eml: bytes) -> bytes:
    message = _parsed(eml)
    del message["DKIM-Signature"]
    return message.as_bytes(policy=email.policy.SMTP)


def sign(
    eml: bytes,
    settings: Settings,
    environ: Mapping[str, str] = os.environ,
    headers: tuple[bytes, ...] | None = None,
) -> bytes:
    """The message with a DKIM-Signature header first, or as it is without `[dkim]`."""
    if settings.dkim is None:
        return eml
    import dkim

    key = _dkim_key(settings, environ)
    signature = dkim.sign(
        eml,
        settings.dkim.selector.encode("ascii"),
        settings.dkim.domain.encode("ascii"),
        key,
        canonicalize=(b"relaxed", b"relaxed"),
        include_headers=list(headers or _SIGNED_HEADERS),
    )
    return bytes(signature) + eml


def _dkim_key(settings: Settings, environ: Mapping[str, str]) -> bytes:
    assert settings.dkim is not None
    if not settings.dkim.key_file:
        key = environ.get(DKIM_KEY, "")
        if not key:
            raise HandoffRefused(
                "[dkim] is set but there is no private key",
                hint=f"set {DKIM_KEY} to the PEM key, or dkim.key_file to a file outside the"
                " publication's folder",
            )
        return key.encode("ascii")
    path = Path(settings.dkim.key_file).expanduser()
    if not path.is_absolute():
        path = settings.root / path
    if path.resolve().is_relative_to(settings.root):
        raise HandoffRefused(
            "dkim.key_file is inside the publication's folder, where it could be committed",
            path,
            hint="move the key outside the repository, or use " + DKIM_KEY,
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise HandoffRefused(
            f"cannot read the DKIM key: {error.strerror or type(error).__name__}", path
        ) from None
