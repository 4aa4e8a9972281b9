"""A local HTTP server on 127.0.0.1 that speaks like a provider's API, for adapter tests.

Each test scripts the answers (method, path pattern -> status, JSON, headers), runs the
real httpx client against `server.url`, then asserts on every request it received.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str  # with its query string
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ProviderServer:
    """Answers in order per (method, path pattern); unscripted calls get 404."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    script: list[tuple[str, re.Pattern[str], list[Answer]]] = field(default_factory=list)

    def answer(self, method: str, path: str, *answers: Answer) -> None:
        """Answers for calls to `path` (a regular expression matched whole), in order; the
        last one repeats."""
        self.script.append((method, re.compile(path), list(answers)))

    def _reply(self, method: str, path: str) -> Answer:
        bare = path.split("?", 1)[0]
        for scripted_method, pattern, answers in self.script:
            if scripted_method == method and pattern.fullmatch(bare):
                return answers.pop(0) if len(answers) > 1 else answers[0]
        return Answer(404, {"detail": f"no such call in the test's script: {method} {bare}"})


@contextmanager
def provider_server() -> Iterator[ProviderServer]:
    state = ProviderServer()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.received.append(
                Received(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            answer = state._reply(self.command, self.path)
            payload = b"" if answer.body is None else json.dumps(answer.body).encode()
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
