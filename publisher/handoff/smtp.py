"""Hand-off over SMTP: one message per recipient, AUTH from the environment, STARTTLS or
TLS, and a log of who has been sent to, so a run that fails halfway resumes without
sending anyone twice.

The user name and password come only from PUBLISHER_SMTP_USER / PUBLISHER_SMTP_PASSWORD.
"""

from __future__ import annotations

import itertools
import os
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.job import Letter

USER, PASSWORD = "PUBLISHER_SMTP_USER", "PUBLISHER_SMTP_PASSWORD"
TLS_MODES = ("starttls", "ssl", "none")
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: str = "starttls"
    cafile: Path | None = None

    @classmethod
    def parse(cls, address: str, tls: str, cafile: Path | None = None) -> SmtpServer:
        """`HOST:PORT` (or `HOST`, port 587) as given to --smtp."""
        host, _, port = address.rpartition(":") if ":" in address else (address, "", "587")
        if not host or not port.isdigit():
            raise HandoffRefused(
                f"--smtp is not HOST:PORT: {address!r}", hint="write --smtp smtp.example.org:587"
            )
        return cls(host, int(port), tls, cafile)

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile) if self.cafile else None)

    def connect(self) -> smtplib.SMTP:
        try:
            if self.tls == "ssl":
                return smtplib.SMTP_SSL(
                    self.host, self.port, timeout=TIMEOUT_SECONDS, context=self._context()
                )
            connection = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
            if self.tls == "starttls":
                connection.starttls(context=self._context())
            return connection
        except (OSError, smtplib.SMTPException) as error:
            raise HandoffError(
                f"cannot reach the SMTP server {self.host}:{self.port}: {_why(error)}",
                hint="check --smtp and the TLS mode (--starttls, --ssl), or [handoff.smtp]",
            ) from None


def _why(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        raw = error.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        return f"{error.smtp_code} {text}".strip()
    return str(error) or type(error).__name__


class SentLog:
    """`<destination>.sent` in the hand-off folder: one address a line, synced after each,
    so a resumed run knows exactly who already has the edition."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.sent = set(path.read_text("utf-8").split())
        except FileNotFoundError:
            self.sent = set()

    def add(self, address: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as stream:
            stream.write(address + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        self.sent.add(address)


def send_letters(
    server: SmtpServer,
    sender: str,
    letters: Iterable[Letter],
    log: SentLog,
    environ: Mapping[str, str] = os.environ,
    *,
    total: int,
) -> int:
    """Sends each letter not yet in the log, taking them one at a time (they may be made as
    they are sent); how many it sent now. `total` is the whole list's size, for messages."""
    pending = (letter for letter in letters if letter.address not in log.sent)
    first = next(pending, None)
    if first is None:
        return 0
    connection = server.connect()
    sent = 0
    try:
        _login(connection, environ)
        for letter in itertools.chain([first], pending):
            try:
                connection.sendmail(sender, [letter.address], letter.eml)
            except smtplib.SMTPException as error:
                raise HandoffError(
                    f"the SMTP server refused the message to {letter.address}: {_why(error)}"
                    f" ({len(log.sent)} of {total} sent so far)",
                    hint="fix the cause and run the same command again: it sends to the rest",
                ) from None
            log.add(letter.address)
            sent += 1
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()
    return sent


def _login(connection: smtplib.SMTP, environ: Mapping[str, str]) -> None:
    user, password = environ.get(USER, ""), environ.get(PASSWORD, "")
    if not user:
        return
    try:
        connection.login(user, password)
    except smtplib.SMTPAuthenticationError as error:
        raise HandoffError(
            f"the SMTP server refused the login of {user}: {_why(error)}",
            hint=f"check {USER} and {PASSWORD}",
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise HandoffError(
            "the SMTP server offers no AUTH on this connection",
            hint="use --starttls or --ssl, or unset PUBLISHER_SMTP_USER for a local relay",
        ) from None
