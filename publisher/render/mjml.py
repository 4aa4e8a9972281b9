"""Step 3: MJML to responsive HTML with mjml-python (MRML), never fetching web fonts."""

from __future__ import annotations

import re

from publisher.errors import RenderError

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MJML_TAG = re.compile(r"<(mj-[a-z-]+)")


def mjml_to_html(mjml: str) -> str:
    """Compiles the edition's MJML; malformed MJML is a RenderError, not a traceback.

    `fonts={}`: MJML otherwise links Google Fonts for its default families, a network
    fetch in every reader's mail client. MRML is lenient: unknown tags are dropped
    silently, so the template's output is pinned by golden-file tests instead; and what
    sits inside mj-text or mj-raw is copied as HTML, so an MJML tag there (a template
    override written for cells of their own, such as `<mj-text>` in a brief's block)
    would reach readers as markup: that fails the build.
    """
    from mjml import mjml2html

    try:
        html = str(mjml2html(mjml, fonts={}))
    except ValueError as error:
        raise RenderError(
            f"MJML could not be compiled: {error or type(error).__name__}",
            hint="check the email templates for unclosed or misspelled tags",
        ) from None
    passed = _MJML_TAG.search(_COMMENT.sub("", html))
    if passed is not None:
        raise RenderError(
            f"<{passed[1]}> is inside an mj-text or mj-raw, where MJML copies it as HTML",
            hint="a brief's blocks (title, body, source) are HTML in one mj-text: "
            "write <p> or <div> there, not MJML components",
        )
    return html
