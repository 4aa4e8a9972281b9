"""The edition as a MIME message (.eml) any SMTP server or ESP import accepts as is."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from publisher.config import Settings
from publisher.record import RenderedEmail


def content_digest(email: RenderedEmail) -> str:
    """SHA-256 of what readers get: the seed of the Message-ID and MIME boundary."""
    return hashlib.sha256(f"{email.subject}\0{email.html}\0{email.text}".encode()).hexdigest()


def message_id(
    email: RenderedEmail, send_at: datetime, domain: str, edition_name: str | None = None
) -> str:
    """A Message-ID derived from the content and send time: same edition, same id.

    A named edition (`--edition breaking`) mixes its name into the seed, so an ESP or a
    mail client never takes it for the daily edition of that date, even with the same
    briefs; the daily edition's seed, and so its id, stays the content digest alone.
    """
    seed = content_digest(email)
    if edition_name is not None:
        seed = hashlib.sha256(f"{seed}\0{edition_name}".encode()).hexdigest()
    return f"<{send_at:%Y%m%d}.{seed[:24]}@{domain}>"


def list_unsubscribe(settings: Settings) -> str:
    """RFC 2369 List-Unsubscribe: the one-click URL first, then mailto when configured."""
    targets = [f"<{settings.unsubscribe.url}>"]
    if settings.unsubscribe.mailto:
        targets.append(f"<mailto:{settings.unsubscribe.mailto}?subject=unsubscribe>")
    return ", ".join(targets)


def list_recipient(settings: Settings) -> str:
    """The To header: the list's own name and address, the name always quoted.

    Spam filters score a message without To (SpamAssassin MISSING_HEADERS,
    REPLYTO_WITHOUT_TO_CC) and a bare address whose domain starts the subject
    (PDS_BRAND_SUBJ_NAKED_TO). A hand-off sending one message per reader replaces it.
    """
    name = settings.list.name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{name}" <{settings.list.address}>'


def build_message(
    email: RenderedEmail,
    settings: Settings,
    send_at: datetime,
    edition_name: str | None = None,
) -> bytes:
    """multipart/alternative (text, then HTML) with CRLF line endings, lines under 998.

    The boundary and Message-ID come from the content (the Message-ID also from
    `edition_name`, when given), so builds are byte-identical.
    `email.policy.SMTP` writes CRLF: smtplib sends bytes verbatim and servers refuse
    bare-LF lines longer than their limit; quoted-printable keeps every line short.
    """
    sender = settings.sender
    domain = sender.address.rpartition("@")[2]
    message = EmailMessage(policy=SMTP)
    message["Subject"] = email.subject
    message["From"] = formataddr((sender.name, sender.address))
    message["To"] = list_recipient(settings)
    message["Reply-To"] = sender.reply_to
    message["Date"] = format_datetime(send_at)
    message["Message-ID"] = message_id(email, send_at, domain, edition_name)
    message["List-Unsubscribe"] = list_unsubscribe(settings)
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")
    message.set_boundary(f"=_{content_digest(email)[24:48]}")
    return message.as_bytes(policy=SMTP)
