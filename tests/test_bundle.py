"""The bundle: deterministic bytes, a .eml any SMTP server accepts, an honest manifest."""

from __future__ import annotations

import hashlib
import json
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

import publisher.atomic
from publisher.errors import PublisherError
from tests.builds import build_fixture, copy_fixture_edition

BUNDLE_FILES = ["email.eml", "email.html", "email.mjml", "email.txt", "manifest.json"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("dist")).bundle.path


@pytest.fixture(scope="module")
def eml(bundle: Path) -> bytes:
    return (bundle / "email.eml").read_bytes()


@pytest.fixture(scope="module")
def message(eml: bytes) -> EmailMessage:
    parsed = message_from_bytes(eml, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.fixture(scope="module")
def manifest(bundle: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((bundle / "manifest.json").read_text("utf-8"))
    return loaded


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_bundle_is_named_for_the_send_date_and_holds_its_five_files(bundle: Path) -> None:
    assert bundle.name == "2026-11-27"
    assert sorted(path.name for path in bundle.iterdir()) == BUNDLE_FILES


def test_same_content_config_and_now_give_identical_bytes(tmp_path: Path, bundle: Path) -> None:
    again = build_fixture(tmp_path).bundle.path
    assert _snapshot(again) == _snapshot(bundle)


def test_eml_uses_crlf_line_endings_only(eml: bytes) -> None:
    assert b"\r\n" in eml
    assert re.search(rb"(?<!\r)\n", eml) is None


def test_eml_lines_stay_under_the_smtp_limit(eml: bytes) -> None:
    assert max(len(line) for line in eml.split(b"\r\n")) < 998


def test_eml_is_multipart_alternative_text_then_html(message: EmailMessage, bundle: Path) -> None:
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    # MIME text is canonically CRLF; the bundle's files keep the platform's LF.
    assert parts[0].get_content().replace("\r\n", "\n") == (bundle / "email.txt").read_text()
    assert parts[1].get_content().replace("\r\n", "\n") == (bundle / "email.html").read_text()


def test_eml_headers_name_sender_reply_to_date_and_unsubscribe(message: EmailMessage) -> None:
    assert message["Subject"] == "Geneva ceasefire talks stall over who moves first"
    assert message["From"] == "GlobalPost Daily <daily@globalpost.example>"
    assert message["Reply-To"] == "editors@globalpost.example"
    assert message["Date"] == "Fri, 27 Nov 2026 06:00:00 -0500"
    assert message["List-Unsubscribe"] == (
        "<https://www.globalpost.example/unsubscribe>, "
        "<mailto:unsubscribe@globalpost.example?subject=unsubscribe>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<20261127\.[0-9a-f]{24}@globalpost\.example>", message["Message-ID"])


def test_eml_is_addressed_to_the_list_by_name(eml: bytes, message: EmailMessage) -> None:
    assert b'\r\nTo: "GlobalPost Daily readers" <readers@globalpost.example>\r\n' in eml
    (address,) = message["To"].addresses
    assert (address.display_name, address.addr_spec) == (
        "GlobalPost Daily readers",
        "readers@globalpost.example",
    )


def test_list_name_with_quotes_and_accents_stays_one_named_address(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    config.write_text(
        config.read_text("utf-8").replace(
            'name = "GlobalPost Daily readers"', 'name = "Lecteurs \\"GlobalPost\\" d’été"'
        ),
        "utf-8",
    )
    eml = (build_fixture(tmp_path / "dist", content, config).bundle.path / "email.eml").read_bytes()
    parsed = message_from_bytes(eml, policy=policy.default)
    (address,) = parsed["To"].addresses
    assert (address.display_name, address.addr_spec) == (
        'Lecteurs "GlobalPost" d’été',
        "readers@globalpost.example",
    )


def test_non_ascii_subject_is_encoded_in_the_header(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    edition = content / "edition.toml"
    edition.write_text(
        edition.read_text("utf-8").replace(
            'subject = "Geneva ceasefire talks stall over who moves first"',
            'subject = "Geneva’s ceasefire talks stall – who moves first? €46m fund"',
        ),
        "utf-8",
    )
    eml = (build_fixture(tmp_path / "dist", content, config).bundle.path / "email.eml").read_bytes()
    found = re.search(rb"^Subject: (.*?)\r\n(?=\S)", eml, re.MULTILINE | re.DOTALL)
    assert found is not None
    raw_subject = found.group(1)
    assert raw_subject.isascii() and b"=?utf-8?" in raw_subject
    parsed = message_from_bytes(eml, policy=policy.default)
    assert parsed["Subject"] == "Geneva’s ceasefire talks stall – who moves first? €46m fund"


def test_manifest_schedules_with_local_offset_and_utc(manifest: dict[str, object]) -> None:
    assert manifest["schema_version"] == 3
    assert manifest["send_at"] == "2026-11-27T06:00:00-05:00"
    assert manifest["send_at_utc"] == "2026-11-27T11:00:00Z"
    assert manifest["timezone"] == "America/New_York"
    assert manifest["from"] == {"name": "GlobalPost Daily", "address": "daily@globalpost.example"}
    assert manifest["reply_to"] == "editors@globalpost.example"


def test_manifest_lists_briefs_in_order_with_word_counts_and_removals(
    manifest: dict[str, object],
) -> None:
    briefs = manifest["briefs"]
    assert isinstance(briefs, list)
    assert [b["slug"] for b in briefs] == [
        "ceasefire-talks",
        "harbor-wind-farm",
        "monsoon-floods",
        "chip-exports",
    ]
    assert all(isinstance(b["word_count"], int) and b["word_count"] > 100 for b in briefs)
    removed = briefs[0]["removed"]
    assert [(r["family"], r["line"]) for r in removed] == [
        ("pitch", 17),
        ("offer", 20),
        ("trial", 22),
        ("copyright", 24),
        ("label", 26),
    ]
    assert removed[3]["text"] == (
        "Copyright © 2025 GlobalPost Media Corporation. All Rights Reserved."
    )
    assert all(b["removed"] == [] for b in briefs[1:])


def test_manifest_hashes_every_other_file_of_the_bundle(
    manifest: dict[str, object], bundle: Path
) -> None:
    files = manifest["files"]
    assert isinstance(files, dict)
    assert sorted(files) == ["email.eml", "email.html", "email.mjml", "email.txt"]
    for name, digest in files.items():
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest


def test_rebuild_replaces_the_bundle_whole(tmp_path: Path) -> None:
    first = build_fixture(tmp_path).bundle.path
    (first / "stale.txt").write_text("from an older build", "utf-8")
    second = build_fixture(tmp_path).bundle.path
    assert second == first
    assert sorted(path.name for path in second.iterdir()) == BUNDLE_FILES


def test_failed_write_leaves_no_partial_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real_write = publisher.atomic._write_synced

    def fail_on_second_file(path: Path, content: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_write(path, content)

    monkeypatch.setattr(publisher.atomic, "_write_synced", fail_on_second_file)
    with pytest.raises(PublisherError) as raised:
        build_fixture(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / '2026-11-27'}: cannot write the bundle: No space left on device"
    )
    assert list(tmp_path.iterdir()) == []


def test_failed_rebuild_leaves_the_old_bundle_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = build_fixture(tmp_path).bundle.path
    before = _snapshot(old)

    def no_space(path: Path, content: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publisher.atomic, "_write_synced", no_space)
    with pytest.raises(PublisherError):
        build_fixture(tmp_path)
    assert _snapshot(old) == before
    assert [path.name for path in tmp_path.iterdir()] == [old.name]
