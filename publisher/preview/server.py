"""The preview's HTTP server: 127.0.0.1 only, a fixed set of routes, everything from memory.

A request path is looked up as it arrives, never decoded or joined to a folder, so `..`,
`%2e%2e`, `%252e%252e`, absolute paths and symlinks cannot reach a file: anything but the
page, its assets, the event stream and the current bundle's files is a 404.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from publisher.errors import PublisherError
from publisher.preview.markup import ASSETS, Published, render_asset, render_page
from publisher.preview.state import Latest

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# The page's own script and style; the email's inline styles (a srcdoc frame inherits this
# policy); images over https as readers' clients fetch them; no remote script, style,
# font, connection or frame, and nobody else may frame the page.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)
ASSET_TYPES = {
    "preview.css": "text/css; charset=utf-8",
    "preview.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
FILE_TYPES = {
    "email.html": "text/html; charset=utf-8",
    "email.txt": "text/plain; charset=utf-8",
    "email.eml": "text/plain; charset=utf-8",
    "email.mjml": "text/plain; charset=utf-8",
    "manifest.json": "application/json",
}
BUNDLE_PREFIX = "/bundle/"
EVENTS, STATE = "/events", "/state.json"
KEEPALIVE_SECONDS = 15.0
RETRY_MS = 500


@dataclass(frozen=True)
class Response:
    status: HTTPStatus
    content_type: str
    body: bytes


NOT_FOUND = Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")


class PreviewServer(ThreadingHTTPServer):
    """Serves the latest build to any number of open pages, each on its own thread."""

    daemon_threads = True

    def __init__(self, port: int, latest: Latest[Published]) -> None:
        super().__init__((HOST, port), PreviewHandler)
        self.latest = latest
        self.assets = {name: render_asset(name) for name in ASSETS}

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def allowed_hosts(self) -> frozenset[str]:
        """What a browser on this machine sends as Host: no other name may reach the page
        (a site that points its own name at 127.0.0.1 must not read the edition)."""
        return frozenset({f"{HOST}:{self.port}", f"localhost:{self.port}"})


def open_server(port: int | None, latest: Latest[Published]) -> tuple[PreviewServer, bool]:
    """The server listening on `port`, or on 8000 falling back to a free port when taken.

    Returns the server and whether it fell back; a `port` given and taken is an error.
    """
    try:
        return PreviewServer(DEFAULT_PORT if port is None else port, latest), False
    except OSError as error:
        if error.errno == errno.EADDRINUSE and port is None:
            return PreviewServer(0, latest), True
        if error.errno == errno.EADDRINUSE:
            raise PublisherError(
                f"port {port} is already in use",
                hint="choose another with --port, or leave --port out to take a free one",
            ) from None
        raise PublisherError(
            f"cannot listen on {HOST}:{port}: {error.strerror or type(error).__name__}",
            hint="choose a port above 1023 with --port",
        ) from None


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "publisher-preview"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve(head_only=False)

    def do_HEAD(self) -> None:
        self._serve(head_only=True)

    def end_headers(self) -> None:
        """Every response carries the security headers, a 404 or a 400 as much as the page."""
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the builds, not every request."""

    def _serve(self, *, head_only: bool) -> None:
        path = self.path.partition("?")[0]
        if self.headers.get("Host", "") not in self.server.allowed_hosts():
            self._send(NOT_FOUND, head_only)
        elif path == EVENTS and not head_only:
            self._stream()
        else:
            self._send(self._route(path), head_only)

    def _route(self, path: str) -> Response:
        published = self.server.latest.get()
        if path == "/":
            page = render_page(published.view).encode("utf-8")
            return Response(HTTPStatus.OK, "text/html; charset=utf-8", page)
        if path == STATE:
            return Response(HTTPStatus.OK, "application/json", _state_json(published))
        name = path.removeprefix("/")
        if name in self.server.assets:
            return Response(HTTPStatus.OK, ASSET_TYPES[name], self.server.assets[name])
        name = path.removeprefix(BUNDLE_PREFIX)
        if path.startswith(BUNDLE_PREFIX) and name in published.files and name in FILE_TYPES:
            return Response(HTTPStatus.OK, FILE_TYPES[name], published.files[name])
        return NOT_FOUND

    def _send(self, response: Response, head_only: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(response.body)

    def _stream(self) -> None:
        """Server-sent events: the current build at once, then each new one as it lands."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        latest = self.server.latest
        try:
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            published: Published | None = latest.get()
            version = -1
            while not latest.is_closed:
                if published is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(published.event)
                    version = published.version
                published = latest.wait_after(version, KEEPALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _state_json(published: Published) -> bytes:
    """The latest build's outcome, for scripts and tests: version, problems, counts."""
    view = published.view
    data = {
        "version": view.version,
        "failed": view.is_failed,
        "problems": [
            {"location": p.location, "message": p.message, "hint": p.hint} for p in view.problems
        ],
        "subject": view.email.inbox.desktop_subject if view.email is not None else None,
        "counts": dict(view.email.counts) if view.email is not None else None,
        "files": sorted(published.files),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
