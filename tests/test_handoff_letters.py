"""Each recipient's letter, as SMTP, Postmark and SES send it: a letter whose bodies are the
edition's own is the bundle's message with its To written in, byte for byte what parsing
and writing the message again gives (the slower way, still taken when bodies change)."""

from __future__ import annotations

import email.policy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.config import load_settings
from publisher.handoff.message import (
    UNSUBSCRIBE_KEY,
    _Addressed,
    _parsed,
    _readdressed,
    _set_bodies,
    letters_for,
    personal_unsubscribe,
)
from publisher.handoff.recipients import Recipient
from publisher.handoff.source import HandoffBundle
from tests.builds import build_fixture, copy_fixture_edition
from tests.handoff_jobs import sample_bundle

# Display names as readers' lists hold them: any printable text, quotes, commas, accents,
# scripts that need encoded words, and long ones that fold over several lines.
_NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x7f"),
    max_size=90,
)


@pytest.fixture(scope="module")
def eml(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    bundle, _ = sample_bundle(tmp_path_factory.mktemp("letters"), "")
    return bundle.edition.eml


def _by_parsing(eml: bytes, recipient: Recipient) -> bytes:
    message = _readdressed(_parsed(eml), recipient)
    return message.as_bytes(policy=email.policy.SMTP)  # type: ignore[no-any-return]


@given(name=_NAMES, local=st.from_regex(r"[a-z0-9.+_-]{1,30}", fullmatch=True))
def test_writing_the_to_in_gives_what_parsing_the_message_again_gives(
    eml: bytes, name: str, local: str
) -> None:
    recipient = Recipient(f"{local}@example.org", name)
    addressed = _Addressed.of(eml)
    assert addressed is not None
    assert addressed.to(recipient) == _by_parsing(eml, recipient)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_the_to_header_is_found_wherever_it_stands(where: str) -> None:
    headers = [b"From: Desk <desk@example.org>", b"Subject: Hello", b"MIME-Version: 1.0"]
    to = b'To: "GlobalPost Daily readers"\r\n <readers@globalpost.example>'
    at = {"first": 0, "middle": 1, "last": len(headers)}[where]
    eml = b"\r\n".join([*headers[:at], to, *headers[at:]]) + b"\r\n\r\nThe body.\r\n"
    recipient = Recipient("ann@example.org", "Ann Example")
    addressed = _Addressed.of(eml)
    assert addressed is not None
    assert addressed.to(recipient) == _by_parsing(eml, recipient)


def test_a_message_without_one_to_header_is_parsed_instead() -> None:
    assert _Addressed.of(b"From: desk@example.org\r\n\r\nNo To.\r\n") is None
    assert _Addressed.of(b"To: a@example.org\r\nTo: b@example.org\r\n\r\nTwo.\r\n") is None


def test_every_letter_is_the_bundle_as_built_with_its_own_to(tmp_path: Path) -> None:
    bundle, settings = sample_bundle(tmp_path, "")
    readers = [Recipient("ann@example.org", "Ann"), Recipient("zoe@example.org", "Zoë Å")]
    letters = letters_for(bundle, settings, readers, {})
    for reader, letter in zip(readers, letters, strict=True):
        assert letter.eml == _by_parsing(bundle.edition.eml, reader)
        assert (letter.html, letter.text) == (bundle.edition.html, bundle.edition.text)


def test_a_letter_with_its_own_unsubscribe_address_is_what_a_fresh_parse_gives(
    tmp_path: Path,
) -> None:
    """With `{token}` in unsubscribe.url each letter's bodies change: the message is parsed
    once and copied for each letter, which must give what parsing it for each gives."""
    url = "https://www.globalpost.example/unsubscribe?u={email}&t={token}"
    content, config = copy_fixture_edition(tmp_path)
    plain = 'url = "https://www.globalpost.example/unsubscribe"'
    config.write_text(config.read_text("utf-8").replace(plain, f'url = "{url}"'), "utf-8")
    settings = load_settings(config)
    path = build_fixture(tmp_path / "dist", content, config).bundle.path
    bundle = HandoffBundle.read(path, settings)
    environ = {UNSUBSCRIBE_KEY: "k3y"}
    readers = [Recipient("ann@example.org", "Ann"), Recipient("zoe@example.org", "Zoë Å")]
    letters = letters_for(bundle, settings, readers, environ)
    for reader, letter in zip(readers, letters, strict=True):
        message = _readdressed(_parsed(bundle.edition.eml), reader)
        personal = personal_unsubscribe(url, reader.address, environ)
        listed = str(message["List-Unsubscribe"]).replace(url, personal)
        message.replace_header("List-Unsubscribe", listed)
        _set_bodies(message, letter.text, letter.html)
        assert letter.eml == message.as_bytes(policy=email.policy.SMTP)
        assert personal in letter.text and letter.unsubscribe_url == personal
    assert letters[0].eml != letters[1].eml.replace(b"zoe@", b"ann@")
