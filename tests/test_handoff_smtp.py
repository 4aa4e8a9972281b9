"""Hand-off over SMTP to a real server on 127.0.0.1: what arrives, AUTH over STARTTLS, DKIM,
per-recipient unsubscribe addresses, the test send, refusals and resuming without repeats."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from publisher.cli import main
from publisher.config import load_settings
from publisher.errors import HandoffError, HandoffRefused
from publisher.handoff.ledger import handoff_folder
from publisher.handoff.run import HandoffRequest, hand_off
from publisher.handoff.smtp import SmtpServer as Destination
from publisher.handoff.source import Permission
from tests.builds import build_fixture, copy_fixture_edition
from tests.smtp_server import smtp_server

pytestmark = pytest.mark.slow
DUE = datetime.fromisoformat("2026-11-27T06:20:00-05:00")  # 20 minutes after the send time
EDITORS = ("desk@globalpost.example", "night@globalpost.example")


def built(tmp_path: Path, extra_toml: str = "", subject: str | None = None) -> tuple[Path, Path]:
    """(bundle, config) of the sample edition, its config extended by `extra_toml`."""
    content, config = copy_fixture_edition(tmp_path)
    config.write_text(config.read_text("utf-8") + "\n" + extra_toml, "utf-8")
    if subject is not None:
        toml = content / "edition.toml"
        old = 'subject = "Geneva ceasefire talks stall over who moves first"'
        toml.write_text(toml.read_text("utf-8").replace(old, f'subject = "{subject}"'), "utf-8")
    return build_fixture(tmp_path / "dist", content, config).bundle.path, config


def send(
    bundle: Path,
    config: Path,
    server: Destination,
    to: tuple[str, ...] = ("ann@example.org",),
    environ: dict[str, str] | None = None,
    **flags: bool,
) -> str:
    request = HandoffRequest(
        bundle,
        "smtp",
        allow=Permission(**{k: v for k, v in flags.items() if k != "is_test"}),
        is_test=flags.get("is_test", False),
        to=to,
        smtp=server,
    )
    return hand_off(request, load_settings(config), DUE, environ or {}).summary


def built_with_tokens(tmp_path: Path) -> tuple[Path, Path]:
    """(bundle, config) of the sample edition, its unsubscribe.url personal to each reader."""
    url = "https://www.globalpost.example/unsubscribe?u={email}&t={token}"
    _, config = built(tmp_path)
    text = config.read_text("utf-8").replace(
        'url = "https://www.globalpost.example/unsubscribe"', f'url = "{url}"'
    )
    config.write_text(text, "utf-8")
    return build_fixture(tmp_path / "dist", tmp_path / "content", config).bundle.path, config


def plain(server: object) -> Destination:
    return Destination("127.0.0.1", server.port, "none")  # type: ignore[attr-defined]


def test_each_recipient_gets_the_bundle_as_built_with_their_own_to(tmp_path: Path) -> None:
    bundle, config = built(tmp_path, subject="Genève talks stall — who moves first?")
    with smtp_server(tmp_path) as server:
        summary = send(bundle, config, plain(server), to=("ann@example.org", "bo@example.org"))
    assert summary == f"smtp: sent to 2 recipients via 127.0.0.1:{server.port}"
    assert [d.recipients for d in server.deliveries] == [("ann@example.org",), ("bo@example.org",)]
    message = server.deliveries[0].message
    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "ann@example.org"
    assert message["Subject"] == "Genève talks stall — who moves first?"
    assert b"Subject: =?utf-8?" in server.deliveries[0].content
    assert message["List-Unsubscribe"] == (
        "<https://www.globalpost.example/unsubscribe>,"
        " <mailto:unsubscribe@globalpost.example?subject=unsubscribe>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@globalpost.example>")
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    # SMTP carries CRLF line ends; the parts are otherwise the bundle's files exactly.
    assert text.get_content().replace("\r\n", "\n") == (bundle / "email.txt").read_text("utf-8")
    assert html.get_content().replace("\r\n", "\n") == (bundle / "email.html").read_text("utf-8")


def test_auth_over_starttls_with_the_credentials_from_the_environment(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    with smtp_server(tmp_path, starttls=True, auth=("desk", "s3cret")) as server:
        destination = Destination("127.0.0.1", server.port, "starttls", server.cafile)
        environ = {"PUBLISHER_SMTP_USER": "desk", "PUBLISHER_SMTP_PASSWORD": "s3cret"}
        send(bundle, config, destination, environ=environ)
    assert len(server.deliveries) == 1


def test_a_refused_login_fails_clearly_and_a_later_run_sends_once(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    environ = {"PUBLISHER_SMTP_USER": "desk", "PUBLISHER_SMTP_PASSWORD": "wrong-password"}
    with smtp_server(tmp_path, starttls=True, auth=("desk", "s3cret")) as server:
        destination = Destination("127.0.0.1", server.port, "starttls", server.cafile)
        with pytest.raises(HandoffError) as failed:
            send(bundle, config, destination, environ=environ)
        assert failed.value.message.startswith("the SMTP server refused the login of desk: 535")
        assert "wrong-password" not in str(failed.value)
        ledger = json.loads((handoff_folder(bundle) / "ledger.json").read_text("utf-8"))
        assert ledger["destinations"]["smtp"]["state"] == "failed"
        environ["PUBLISHER_SMTP_PASSWORD"] = "s3cret"
        send(bundle, config, destination, environ=environ)
        with pytest.raises(HandoffRefused) as again:
            send(bundle, config, destination, environ=environ)
    assert len(server.deliveries) == 1
    assert again.value.message == "already handed off to smtp (sent)"


def test_resend_is_the_only_way_to_send_twice(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    with smtp_server(tmp_path) as server:
        send(bundle, config, plain(server))
        send(bundle, config, plain(server), resend=True)
    assert len(server.deliveries) == 2


def test_a_run_that_fails_halfway_sends_only_to_the_rest_next_time(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    folder = handoff_folder(bundle)
    folder.mkdir()
    (folder / "smtp.sent").write_text("ann@example.org\n", "utf-8")  # sent before a crash
    with smtp_server(tmp_path) as server:
        send(bundle, config, plain(server), to=("ann@example.org", "bo@example.org"))
    assert [d.recipients for d in server.deliveries] == [("bo@example.org",)]


def test_the_message_is_dkim_signed_and_the_signature_verifies(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    bundle, config = built(tmp_path, '[dkim]\nselector = "mail"\ndomain = "globalpost.example"\n')
    with smtp_server(tmp_path) as server:
        send(bundle, config, plain(server), environ={"PUBLISHER_DKIM_PRIVATE_KEY": pem.decode()})
    content = server.deliveries[0].content
    assert content.startswith(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;")

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"mail._domainkey.globalpost.example."
        return record

    assert dkim.verify(content, dnsfunc=dns)
    assert not dkim.verify(content.replace(b"Geneva", b"Genf"), dnsfunc=dns)


def test_each_recipient_gets_their_own_one_click_unsubscribe_address(tmp_path: Path) -> None:
    bundle, config = built_with_tokens(tmp_path)
    with smtp_server(tmp_path) as server:
        send(
            bundle,
            config,
            plain(server),
            to=("ann@example.org", "bo@example.org"),
            environ={"PUBLISHER_UNSUBSCRIBE_KEY": "k3y"},
        )
    first, second = (d.message for d in server.deliveries)
    assert first["List-Unsubscribe"].startswith(
        "<https://www.globalpost.example/unsubscribe?u=ann@example.org&t="
    )
    assert second["List-Unsubscribe"].startswith(
        "<https://www.globalpost.example/unsubscribe?u=bo@example.org&t="
    )
    assert first["List-Unsubscribe"] != second["List-Unsubscribe"].replace("bo@", "ann@")
    for message in (first, second):
        personal = message["List-Unsubscribe"].split(">")[0][1:]
        html, body = message.get_body(("html",)), message.get_body(("plain",))
        assert html is not None and body is not None
        assert personal.replace("&", "&amp;") in html.get_content()
        assert personal in body.get_content()
        assert "{token}" not in html.get_content()


def test_a_missing_unsubscribe_key_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    """Letters are made one at a time as they are sent; the first is made before anything
    else, so a missing key is refused with nothing sent and nothing in the ledger."""
    bundle, config = built_with_tokens(tmp_path)
    with smtp_server(tmp_path) as server, pytest.raises(HandoffRefused) as refused:
        send(bundle, config, plain(server), to=("ann@example.org", "bo@example.org"))
    assert refused.value.message == (
        "unsubscribe.url has {token}, but no key to make the tokens with"
    )
    assert server.deliveries == []
    assert not (handoff_folder(bundle) / "ledger.json").exists()  # nothing recorded either


def test_the_test_send_is_its_own_thread_and_never_counts(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    with smtp_server(tmp_path) as server:
        send(bundle, config, plain(server), to=EDITORS, is_test=True)
        send(bundle, config, plain(server), to=EDITORS[:1], is_test=True)
        send(bundle, config, plain(server))  # the hand-off itself is still to come
    tests = [d.message for d in server.deliveries[:3]]
    assert {m["Subject"] for m in tests} == {
        "[Test] Geneva ceasefire talks stall over who moves first"
    }
    assert len({m["Message-ID"] for m in tests}) == 3
    assert all(m["References"] is None and m["In-Reply-To"] is None for m in tests)
    assert server.deliveries[3].message["Subject"] == (
        "Geneva ceasefire talks stall over who moves first"
    )
    ledger = json.loads((handoff_folder(bundle) / "ledger.json").read_text("utf-8"))
    assert [test["to"] for test in ledger["tests"]] == [list(EDITORS), [EDITORS[0]]]
    copy = handoff_folder(bundle) / ledger["tests"][0]["copy"]
    assert (copy / "email.html").read_bytes() == (bundle / "email.html").read_bytes()


def test_the_test_send_works_whatever_the_send_time(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    settings = load_settings(config)
    with smtp_server(tmp_path) as server:
        request = HandoffRequest(bundle, "smtp", is_test=True, to=EDITORS[:1], smtp=plain(server))
        hand_off(request, settings, datetime.fromisoformat("2026-11-25T10:00:00-05:00"), {})
    assert len(server.deliveries) == 1


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (
            "2026-11-26T09:00:00-05:00",
            "its send time 2026-11-27T06:00-05:00 has not come, and this destination sends at once",
        ),
        (
            "2026-11-27T09:00:00-05:00",
            "its send time 2026-11-27T06:00-05:00 is more than 2:00:00 ago",
        ),
    ],
)
def test_smtp_refuses_to_send_early_or_too_late(tmp_path: Path, now: str, message: str) -> None:
    bundle, config = built(tmp_path)
    request = HandoffRequest(bundle, "smtp", to=("ann@example.org",), smtp=Destination("x", 1))
    with pytest.raises(HandoffRefused) as refused:
        hand_off(request, load_settings(config), datetime.fromisoformat(now), {})
    assert refused.value.message == message


def test_a_bundle_with_failing_checks_or_edited_files_is_refused(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    manifest = json.loads((bundle / "manifest.json").read_text("utf-8"))
    manifest["findings"].insert(
        0,
        {
            "check": "size",
            "severity": "error",
            "message": "too big",
            "path": None,
            "line": None,
            "hint": None,
            "brief": None,
        },
    )
    (bundle / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    request = HandoffRequest(bundle, "smtp", to=("ann@example.org",), smtp=Destination("x", 1))
    settings = load_settings(config)
    with pytest.raises(HandoffRefused) as failing:
        hand_off(request, settings, DUE, {})
    assert failing.value.message == "its checks found 1 error (first: too big)"
    (bundle / "email.html").write_text("<p>edited</p>", "utf-8")
    with pytest.raises(HandoffRefused) as edited:
        hand_off(request, settings, DUE, {})
    assert edited.value.message == "email.html no longer matches the manifest's hash"


def test_cli_handoff_prints_one_line_and_refusals_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle, config = built(tmp_path)
    with smtp_server(tmp_path) as server:
        argv = [
            "handoff",
            str(bundle),
            "--smtp",
            server.address,
            "--no-tls",
            "--to",
            "ann@example.org",
            "--config",
            str(config),
        ]
        assert main([*argv, "--now", "2026-11-27T06:20"]) == 0
        assert main([*argv, "--now", "2026-11-27T06:21"]) == 2
    out, err = capsys.readouterr()
    assert out == f"smtp: sent to 1 recipient via 127.0.0.1:{server.port}\n"
    assert err == (
        f"error: {bundle}: already handed off to smtp (sent)\n"
        "  hint: a bundle goes out once; pass --resend only if it must really be sent again\n"
    )


def test_dry_run_lists_the_messages_and_sends_nothing(tmp_path: Path) -> None:
    bundle, config = built(tmp_path)
    request = HandoffRequest(
        bundle, "smtp", dry_run=True, to=("ann@example.org",), smtp=Destination("x", 1)
    )
    outcome = hand_off(request, load_settings(config), DUE, {})
    assert outcome.dry_run_file == handoff_folder(bundle) / "smtp.json"
    written = json.loads(outcome.dry_run_file.read_text("utf-8"))
    assert [entry["to"] for entry in written["requests"]] == ["ann@example.org"]
    assert not (handoff_folder(bundle) / "ledger.json").exists()
