"""`publisher screenshots BUNDLE`: the email as readers see it, at 600 and 375 px, light and dark.

The PNGs go beside the bundle, in `<bundle>.screenshots/`, never inside it: the manifest
hashes the bundle's files, and a file added there would fail the integrity check.
"""

from __future__ import annotations

from pathlib import Path

from publisher.atomic import replace_directory
from publisher.errors import PublisherError
from publisher.preview.chromium import open_chromium
from publisher.record import HTML_FILE, Manifest

WIDTHS = (600, 375)
SCHEMES = ("light", "dark")
VIEWPORT_HEIGHT = 900
SUFFIX = ".screenshots"


def screenshot_name(width: int, scheme: str) -> str:
    return f"email-{width}-{scheme}.png"


def screenshot_folder(bundle: Path) -> Path:
    """`dist/2026-11-27` → `dist/2026-11-27.screenshots`, beside it whatever the path's form."""
    if bundle.name in ("", ".", ".."):
        bundle = bundle.resolve()
    return bundle.parent / f"{bundle.name}{SUFFIX}"


def take_screenshots(bundle: Path) -> Path:
    """Writes the four PNGs (whole pages, 1 CSS px to 1 pixel) at once; returns their folder."""
    Manifest.read(bundle)  # a clear error when `bundle` is not a bundle
    try:
        html = (bundle / HTML_FILE).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PublisherError(
            f"cannot read the email: {getattr(error, 'strerror', None) or type(error).__name__}",
            bundle / HTML_FILE,
            hint="build the bundle again with publisher build",
        ) from None
    shots: dict[str, bytes] = {}
    with open_chromium() as browser:
        page = browser.new_page(
            viewport={"width": WIDTHS[0], "height": VIEWPORT_HEIGHT}, device_scale_factor=1
        )
        page.set_content(html, wait_until="load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
            for scheme in SCHEMES:
                page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
                shots[screenshot_name(width, scheme)] = page.screenshot(full_page=True)
    folder = screenshot_folder(bundle)
    try:
        replace_directory(folder, shots)
    except OSError as error:
        raise PublisherError(
            f"cannot write the screenshots: {error.strerror or type(error).__name__}",
            folder,
            hint="the bundle's folder must be writable",
        ) from None
    return folder
