"""The preview's server: loopback only, its own routes only, alive through broken builds."""

from __future__ import annotations

import errno
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from publisher.cli import main
from publisher.errors import ContentError, PublisherError
from publisher.preview import server
from publisher.preview.markup import Published
from publisher.preview.session import Preview, fallback_note
from tests.golden import FIXTURE_NOW
from tests.previews import (
    BROKEN_TEMPLATE,
    MENDED_TEMPLATE,
    Publication,
    build_where,
    copy_publication,
    next_build,
    request,
    running_preview,
)

pytestmark = pytest.mark.slow

SECRET = "TOP SECRET: not for the preview"


@pytest.fixture
def publication(tmp_path: Path) -> Publication:
    return copy_publication(tmp_path / "publication")


@pytest.fixture
def preview(publication: Publication) -> Iterator[Preview]:
    with running_preview(publication) as running:
        yield running


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the tests that only read, with symlinks to a secret beside it."""
    root = tmp_path_factory.mktemp("shared")
    secret = root / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    publication = copy_publication(root / "publication")
    for link in (publication.root / "secret", publication.content / "secret.md"):
        link.symlink_to(secret)
    (publication.content / "secret.md").unlink()  # a brief that is a symlink would be built
    with running_preview(publication) as running:
        yield running


def test_the_page_is_served_with_its_security_headers(shared: Preview) -> None:
    reply = request(shared, "/")

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Content-Security-Policy"] == server.CONTENT_SECURITY_POLICY
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert b"Geneva ceasefire talks stall over who moves first" in reply.body


def test_the_policy_allows_no_remote_script_style_font_or_connection() -> None:
    directives = dict(
        part.strip().split(" ", 1) for part in server.CONTENT_SECURITY_POLICY.split(";")
    )

    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "font-src" not in directives


@pytest.mark.parametrize(
    "target",
    ["/", "/preview.css", "/preview.js", "/favicon.svg", "/state.json", "/bundle/email.txt", "/x"],
)
def test_every_response_carries_the_security_headers(shared: Preview, target: str) -> None:
    headers = request(shared, target).headers

    assert headers["Content-Security-Policy"] == server.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "target",
    [
        "/../publication.toml",
        "/%2e%2e/publication.toml",
        "/%2E%2E%2Fpublication.toml",
        "/%252e%252e/publication.toml",
        "/bundle/../publication.toml",
        "/bundle/%2e%2e/publication.toml",
        "/bundle/..%2f..%2fpublication.toml",
        "/bundle/%252e%252e%252fpublication.toml",
        "/bundle/email.html/../../publication.toml",
        "/publication.toml",
        "/edition/ceasefire-talks.md",
        "/etc/passwd",
        "//etc/passwd",
        "/bundle//etc/passwd",
        "/bundle/%2fetc%2fpasswd",
        "http://127.0.0.1/etc/passwd",
        "/secret",
        "/bundle/secret",
        "/bundle/../secret",
        "/preview.css/..",
        "/bundle/",
        "/bundle",
    ],
)
def test_anything_but_the_preview_and_the_bundle_is_a_404(shared: Preview, target: str) -> None:
    reply = request(shared, target)

    assert (reply.status, reply.body) == (404, b"not found\n")


def test_the_bundle_files_are_the_current_build_served_from_memory(shared: Preview) -> None:
    rendered = shared.snapshot.rendered
    assert rendered is not None

    assert request(shared, "/bundle/email.html").body == rendered.files["email.html"]
    manifest = json.loads(request(shared, "/bundle/manifest.json").body)
    assert manifest["subject"] == "Geneva ceasefire talks stall over who moves first"


def test_a_page_asked_for_under_another_host_name_is_a_404(shared: Preview) -> None:
    # A site that points its own name at 127.0.0.1 must not read the unpublished edition.
    assert request(shared, "/", host=f"attacker.example:{shared.server.port}").status == 404


def test_a_head_request_gets_the_headers_without_a_body(shared: Preview) -> None:
    reply = request(shared, "/bundle/email.txt", method="HEAD")

    assert (reply.status, reply.body) == (200, b"")
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_the_server_listens_on_the_loopback_address_only(shared: Preview) -> None:
    assert shared.server.socket.getsockname() == ("127.0.0.1", shared.server.port)


def _other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_the_server_cannot_be_reached_on_another_address_of_the_machine(shared: Preview) -> None:
    address = _other_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")

    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, shared.server.port), timeout=5).close()


@pytest.mark.parametrize("option", ["--host", "--bind", "--address"])
def test_the_command_has_no_option_to_listen_elsewhere(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["preview", option, "0.0.0.0", "--no-open"])

    assert exit_info.value.code == 2
    assert f"unrecognized arguments: {option}" in capsys.readouterr().err


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_port_given_and_taken_is_a_clear_error(publication: Publication, taken_port: int) -> None:
    with pytest.raises(PublisherError) as error_info:
        running_preview(publication, port=taken_port).__enter__()

    assert str(error_info.value) == f"port {taken_port} is already in use"
    assert error_info.value.hint == (
        "choose another with --port, or leave --port out to take a free one"
    )


def test_the_default_port_taken_falls_back_to_a_free_one(
    publication: Publication, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "DEFAULT_PORT", taken_port)

    with running_preview(publication, port=None) as preview:
        assert preview.fell_back
        assert preview.server.port != taken_port
        assert request(preview, "/").status == 200


def test_the_fallback_is_said_with_the_port_taken() -> None:
    assert fallback_note(49152) == "preview: port 8000 is in use; serving on port 49152 instead"


def test_a_port_below_1024_is_refused_with_a_hint(
    publication: Publication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(http.server.ThreadingHTTPServer, "__init__", refuse)

    with pytest.raises(PublisherError) as error_info:
        running_preview(publication, port=80).__enter__()

    assert str(error_info.value) == "cannot listen on 127.0.0.1:80: Permission denied"


def test_saving_a_brief_rebuilds_the_edition_in_the_running_process(
    publication: Publication, preview: Preview
) -> None:
    brief = publication.brief("chip-exports")
    brief.write_text(brief.read_text("utf-8").replace("this week", "on Monday night"), "utf-8")

    published = build_where(preview, lambda p: b"on Monday night" in p.files["email.html"])

    assert not published.view.is_failed
    assert "on Monday night" in request(preview, "/bundle/email.txt").body.decode("utf-8")


def test_saving_edition_toml_rebuilds(publication: Publication, preview: Preview) -> None:
    (publication.content / "edition.toml").write_text('subject = "Talks stall"\n', "utf-8")

    published = build_where(preview, lambda p: _subject(p) == "Talks stall")

    assert published.view.email is not None
    assert published.view.email.inbox.desktop_subject == "Talks stall"


def test_saving_publication_toml_rebuilds(publication: Publication, preview: Preview) -> None:
    config = publication.source.config_path
    text = config.read_text("utf-8").replace('name = "GlobalPost Daily"', 'name = "The Desk"')
    config.write_text(text, "utf-8")

    published = build_where(preview, lambda p: _sender(p) == "The Desk")

    assert b"From: The Desk <daily@globalpost.example>" in published.files["email.eml"]


def _subject(published: Published) -> str | None:
    email = published.view.email
    return email.inbox.desktop_subject if email is not None else None


def _sender(published: Published) -> str | None:
    email = published.view.email
    return email.inbox.sender if email is not None else None


def test_a_broken_template_shows_its_error_and_mending_it_brings_the_email_back(
    publication: Publication, preview: Preview
) -> None:
    good = request(preview, "/bundle/email.html").body
    template = publication.write_template(BROKEN_TEMPLATE)

    broken = build_where(preview, lambda p: p.view.is_failed)

    assert broken.view.is_failed
    assert [(p.location, p.message) for p in broken.view.problems] == [
        (f"{template}:2", "template syntax error: unexpected '}', expected ')'")
    ]
    state = json.loads(request(preview, "/state.json").body)
    assert state["failed"] and state["problems"][0]["location"] == f"{template}:2"
    assert request(preview, "/bundle/email.html").body == good  # the last good email stays
    assert request(preview, "/").status == 200

    template.write_text(MENDED_TEMPLATE, "utf-8")
    mended = build_where(preview, lambda p: not p.view.is_failed)

    assert not mended.view.is_failed
    assert "Filed by the desk" in mended.files["email.html"].decode("utf-8")


def test_a_brief_deleted_while_it_runs_leaves_it_serving(
    publication: Publication, preview: Preview
) -> None:
    good = request(preview, "/bundle/email.html").body
    publication.brief("chip-exports").unlink()

    failed = next_build(preview, 1)

    assert _messages(failed) == [
        f"order names briefs that are not in {publication.content}: chip-exports"
    ]
    assert request(preview, "/").status == 200
    assert request(preview, "/bundle/email.html").body == good
    (publication.content / "edition.toml").unlink()
    fewer = build_where(preview, lambda p: not p.view.is_failed)
    assert fewer.view.email is not None and fewer.view.email.brief_count == 3


def _messages(published: Published) -> list[str]:
    return [problem.message for problem in published.view.problems]


def test_the_last_brief_deleted_shows_there_is_none_and_keeps_serving(
    publication: Publication, preview: Preview
) -> None:
    for brief in publication.content.glob("*.md"):
        brief.unlink()

    build_where(preview, lambda p: _messages(p) == ["no briefs found (no *.md files)"])

    assert request(preview, "/").status == 200
    assert request(preview, "/bundle/email.html").status == 200


def test_the_event_stream_sends_the_current_build_then_each_new_one(
    publication: Publication, preview: Preview
) -> None:
    with socket.create_connection(("127.0.0.1", preview.server.port), timeout=30) as stream:
        stream.sendall(
            f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{preview.server.port}\r\n\r\n".encode()
        )
        reader = stream.makefile("rb")
        first = _next_event(reader)
        brief = publication.brief("monsoon-floods")
        brief.write_text(brief.read_text("utf-8") + "\nLevees held overnight.\n", "utf-8")
        second = _next_event(reader)
        while "Levees held overnight." not in str(second["html"]):
            second = _next_event(reader)

    assert first["version"] == 1
    assert second["version"] > 1
    assert "Levees held overnight." in second["html"]
    assert "Levees held overnight." in second["regions"]["text"]


def _next_event(reader: BinaryIO) -> dict[str, Any]:
    for raw in iter(reader.readline, b""):
        line = raw.decode("utf-8")
        if line.startswith("data: "):
            data: dict[str, Any] = json.loads(line.removeprefix("data: "))
            return data
    raise AssertionError("the event stream ended")


def test_the_preview_never_writes_into_the_publication(
    publication: Publication, preview: Preview
) -> None:
    before = sorted(path.relative_to(publication.root) for path in publication.root.rglob("*"))
    brief = publication.brief("harbor-wind-farm")
    brief.write_text(brief.read_text("utf-8") + "\nMore soon.\n", "utf-8")
    next_build(preview, 1)

    after = sorted(path.relative_to(publication.root) for path in publication.root.rglob("*"))
    assert after == before
    assert not (publication.root / "dist").exists()


def test_a_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    publication = copy_publication(tmp_path)
    os.rename(publication.content, tmp_path / "elsewhere")

    with pytest.raises(ContentError) as error_info:
        running_preview(publication).__enter__()

    assert str(error_info.value) == f"{publication.content}: content folder not found"
    assert error_info.value.hint == "give the folder of Markdown briefs: publisher preview content"


def test_the_command_reports_a_missing_content_folder_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"

    assert main(["preview", str(missing), "--no-open", "--port", "0"]) == 2
    assert capsys.readouterr().err == (
        f"error: {missing}: content folder not found\n"
        "  hint: give the folder of Markdown briefs: publisher preview content\n"
    )


@pytest.mark.parametrize("port", ["http", "-1", "65536"])
def test_a_port_that_is_no_number_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["preview", "--port", port, "--no-open"])

    assert f"not a port number (0 to 65535): '{port}'" in capsys.readouterr().err


def test_the_command_prints_its_address_serves_and_stops_cleanly_on_sigterm(
    publication: Publication,
) -> None:
    source = publication.source
    command = [sys.executable, "-m", "publisher", "preview", str(source.content_dir)]
    command += ["--config", str(source.config_path), "--port", "0", "--no-open"]
    command += ["--now", FIXTURE_NOW]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        with urllib.request.urlopen(url, timeout=10) as page:
            status = page.status
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
    assert status == 200
    assert process.returncode == 0
    assert err.splitlines()[-1] == "preview: stopped"
