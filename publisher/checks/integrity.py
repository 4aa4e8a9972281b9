"""A bundle is checked as built: a file changed after the build is not what the manifest
(and its findings) describe, so the hand-off must not trust it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition
from publisher.record import EML_FILE, HTML_FILE, MJML_FILE, TEXT_FILE, Finding

NAME = "integrity"


def run(edition: CheckedEdition) -> Iterator[Finding]:
    contents = {
        HTML_FILE: edition.html.encode("utf-8"),
        TEXT_FILE: edition.text.encode("utf-8"),
        EML_FILE: edition.eml,
        MJML_FILE: edition.mjml.encode("utf-8"),
    }
    for name, content in contents.items():
        expected = edition.manifest.files.get(name)
        if expected != hashlib.sha256(content).hexdigest():
            yield Finding(
                NAME,
                "error",
                f"{name} differs from the build the manifest records",
                name,
                None,
                "build the edition again instead of editing the bundle",
            )
