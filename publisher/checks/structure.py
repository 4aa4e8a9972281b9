"""The document around the content: language, encoding, layout tables screen readers skip,
a heading outline, and colours that survive a client's dark mode."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.checks.edition import CheckedEdition, text_of
from publisher.record import HTML_FILE, Finding

NAME = "structure"
TEMPLATE = "email/edition.mjml.j2"
_DARK_BLOCK = re.compile(r"@media[^{]*prefers-color-scheme:\s*dark[^{]*\{((?:[^{}]*\{[^{}]*\})*)")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA, body text
# The property (`color-scheme: light dark`), not the media feature `prefers-color-scheme`.
_COLOR_SCHEME = re.compile(r"(?<![-\w])color-scheme\s*:")
_UTF8 = re.compile(r"(?i)charset=utf-8")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _finding(message: str, hint: str, severity: str = "error") -> Finding:
    return Finding(
        NAME, "error" if severity == "error" else "warning", message, HTML_FILE, None, hint
    )


def run(edition: CheckedEdition) -> Iterator[Finding]:
    root = edition.document
    metas = list(root.iter("meta"))
    fix = f"restore it in the template ({TEMPLATE})"
    if not str(root.get("lang", "")).strip():
        yield _finding("the HTML has no lang attribute", "set publication.language; " + fix)
    if str(root.get("dir", "")).lower() not in ("ltr", "rtl", "auto"):
        yield _finding("the HTML has no dir attribute (ltr or rtl)", fix)
    if not any(
        meta.get("charset") is not None or _UTF8.search(str(meta.get("content", "")))
        for meta in metas
    ):
        yield _finding("the HTML does not declare UTF-8", fix)
    if not any(meta.get("name") == "viewport" for meta in metas):
        yield _finding("the HTML has no viewport meta tag: phones zoom out to desktop width", fix)
    title = next(root.iter("title"), None)
    if title is None or not text_of(title, strip=True):
        yield _finding("the HTML has no title (screen readers announce it)", fix)
    for table in root.iter("table"):
        if table.get("role") != "presentation":
            yield _finding(
                'a layout table has no role="presentation": screen readers read it as data',
                fix,
            )
            break
    yield from _headings(edition)
    yield from _dark_mode(edition)


def _headings(edition: CheckedEdition) -> Iterator[Finding]:
    previous = 1
    for heading in edition.document.iter(*_HEADINGS):
        level = int(heading.tag[1])
        if level > previous + 1:
            text = text_of(heading, strip=True)
            path, line, slug = edition.located(heading, text[:30])
            yield Finding(
                NAME,
                "warning",
                f"heading level jumps from h{previous} to h{level}: {text[:60]!r}",
                path or HTML_FILE,
                line,
                "use one more # than the heading above it, not more",
                slug,
            )
        previous = level


def _dark_mode(edition: CheckedEdition) -> Iterator[Finding]:
    root = edition.document
    declared = any(meta.get("name") == "color-scheme" for meta in root.iter("meta"))
    styles = " ".join(style.text or "" for style in root.iter("style"))
    if not declared and not _COLOR_SCHEME.search(styles):
        yield _finding(
            "no color-scheme is declared: clients that invert colours do it their own way",
            f'add <meta name="color-scheme" content="light dark"> to {TEMPLATE}',
            "warning",
        )
    blocks = _DARK_BLOCK.findall(styles)
    if not blocks:
        yield _finding(
            "no prefers-color-scheme: dark styles: dark-mode readers get the client's guess",
            f"add an @media (prefers-color-scheme: dark) block to {TEMPLATE}",
            "warning",
        )
        return
    backgrounds: list[str] = []
    colours: list[tuple[str, str]] = []
    for selector, body in _RULE.findall(" ".join(blocks)):
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            found = _HEX.search(value)
            if found is None:
                continue
            if name.strip() in ("background", "background-color"):
                backgrounds.append(found[0])
            elif name.strip() == "color":
                colours.append((selector.strip(), found[0]))
    if not backgrounds:
        return
    background = backgrounds[0]
    for selector, colour in colours:
        ratio = contrast(colour, background)
        if ratio < MIN_CONTRAST:
            yield _finding(
                f"dark mode: {colour} on {background} for {selector} has contrast "
                f"{ratio:.1f}:1, under {MIN_CONTRAST}:1",
                "lighten the text colour in the dark-mode styles",
                "warning",
            )


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
