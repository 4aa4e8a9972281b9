"""Step 3: MJML to responsive HTML with mjml-python (MRML), never fetching web fonts."""

from __future__ import annotations

from publisher.errors import RenderError


def mjml_to_html(mjml: str) -> str:
    """Compiles the edition's MJML; malformed MJML is a RenderError, not a traceback.

    `fonts={}`: MJML otherwise links Google Fonts for its default families, a network
    fetch in every reader's mail client. MRML is lenient: unknown tags are dropped
    silently, so the template's output is pinned by golden-file tests instead.
    """
    from mjml import mjml2html

    try:
        return str(mjml2html(mjml, fonts={}))
    except ValueError as error:
        raise RenderError(
            f"MJML could not be compiled: {error or type(error).__name__}",
            hint="check the email templates for unclosed or misspelled tags",
        ) from None
