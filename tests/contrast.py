"""WCAG 2 contrast between two colours, for tests of the email's light and dark styles."""

from __future__ import annotations

import re

Colour = tuple[int, int, int]
_RGB = re.compile(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)")


def parse_rgb(colour: str) -> Colour:
    """`#1e1e1e`, `#fff` or a browser's `rgb(30, 30, 30)` as three 0-255 channels."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    found = _RGB.fullmatch(colour)
    if found is None or (found[4] is not None and float(found[4]) < 1):
        raise ValueError(f"not an opaque colour: {colour!r}")
    return (int(found[1]), int(found[2]), int(found[3]))


def luminance(colour: Colour) -> float:
    """Relative luminance (WCAG 2.x)."""
    channels = []
    for value in colour:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """From 1 (none) to 21 (black on white); body text needs at least 4.5."""
    lighter, darker = sorted(
        (luminance(parse_rgb(foreground)), luminance(parse_rgb(background))), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
