"""A real SMTP server on 127.0.0.1 for hand-off tests (aiosmtpd), with STARTTLS from a
throwaway CA (trustme) and AUTH when asked for.

aiosmtpd's Controller cannot bind port 0, so the test picks a free port first; a failed
login must answer 535 rather than drop the connection: `AuthResult(handled=False)`.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Delivery:
    mail_from: str
    recipients: tuple[str, ...]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class SmtpServer:
    host: str
    port: int
    deliveries: list[Delivery] = field(default_factory=list)
    cafile: Path | None = None
    accept_login: bool = True
    delay: float = 0.0  # seconds each DATA takes, to make runs overlap

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(
    tmp_path: Path, *, starttls: bool = False, auth: tuple[str, str] | None = None
) -> Iterator[SmtpServer]:
    state = SmtpServer("127.0.0.1", free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            if state.delay:
                time.sleep(state.delay)
            state.deliveries.append(
                Delivery(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content))
            )
            return "250 OK"

    def authenticator(
        server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            state.accept_login
            and auth is not None
            and isinstance(data, LoginPassword)
            and (data.login.decode(), data.password.decode()) == auth
        )
        return AuthResult(success=ok, handled=False)

    options: dict[str, Any] = {}
    if starttls:
        import trustme

        authority = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1").configure_cert(context)
        state.cafile = tmp_path / "test-ca.pem"
        authority.cert_pem.write_to_path(str(state.cafile))
        options.update(tls_context=context, require_starttls=True)
    if auth is not None:
        options.update(authenticator=authenticator, auth_require_tls=False)
    controller = Controller(Handler(), hostname=state.host, port=state.port, **options)
    controller.start()
    try:
        yield state
    finally:
        controller.stop()
