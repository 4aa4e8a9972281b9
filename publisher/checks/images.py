"""Images readers can see and screen readers can describe, at a size Outlook respects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from publisher.checks.edition import CheckedEdition
from publisher.record import Finding, Severity

if TYPE_CHECKING:
    from lxml.etree import _Element as Element  # type: ignore[import-untyped]

NAME = "images"
_FILE_NAME = re.compile(r"(?i)^[\w.-]*\.(jpe?g|png|gif|webp|svg|avif)$|^(img|dsc|image)[_-]?\d+$")


def run(edition: CheckedEdition) -> Iterator[Finding]:
    for image in edition.document.iter("img"):
        src = str(image.get("src", ""))
        problems = list(_problems(image, src))
        if problems:
            path, line, slug = edition.located(image, src or "![")
        for severity, message, hint in problems:
            yield Finding(NAME, severity, message, path, line, hint, slug)


def _problems(image: Element, src: str) -> Iterator[tuple[Severity, str, str]]:
    alt = image.get("alt")
    if alt is None or not str(alt).strip():
        yield (
            "error",
            f"image has no alt text: {src}",
            "describe the image in the brackets: ![a crowd outside the station](...)",
        )
    elif _FILE_NAME.match(str(alt).strip()):
        yield (
            "warning",
            f"image alt text is a file name: {alt!r}",
            "describe what the image shows, for readers who cannot see it",
        )
    scheme = urlsplit(src).scheme.lower()
    if scheme != "https":
        yield (
            "error" if scheme != "http" else "warning",
            f"image is not an absolute https address: {src}",
            "use the image's full https:// address, or set [images] base_url",
        )
    style = str(image.get("style", "")).replace("max-width:", "")
    if not image.get("width") and "width:" not in style:
        yield (
            "warning",
            f"image has no width: {src}",
            "give it a width (the template's column), or Outlook shows it at full size",
        )
