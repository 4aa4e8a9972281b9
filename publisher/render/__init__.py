"""Renders an edition to an email in six fixed steps, each a pure function in its module:

1. markdown: each brief's Markdown to an HTML fragment, links tagged and relative images
   resolved (`markdown.py`, markdown-it-py);
2. template: the edition, its briefs and the canonical footer to MJML (`template.py`, Jinja2);
3. mjml: MJML to responsive HTML (`mjml.py`, mjml-python);
4. inline: CSS inlined onto elements, doctype kept (`inline.py`, premailer);
5. compact: whitespace that shows nowhere dropped (`compact.py`);
6. text: the plain-text part from the same markdown-it tokens (`text.py`).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from publisher.boilerplate.canonical import Footer
from publisher.bundle_names import bundle_name
from publisher.config import Settings
from publisher.content import Brief, Edition
from publisher.dates import dateline
from publisher.markdown_tokens import is_relative
from publisher.preheader import default_preheader
from publisher.record import RenderedBrief, RenderedEmail
from publisher.render.compact import compact_html
from publisher.render.inline import inline_css
from publisher.render.markdown import UrlRewrite, markdown_to_html
from publisher.render.mjml import mjml_to_html
from publisher.render.template import (
    EDITION_MJML,
    EDITION_TEXT,
    TRACKED_URL,
    render_template,
    template_environment,
)
from publisher.render.text import markdown_to_text, plain_paragraphs
from publisher.tracking import tracked_url


def _brief_view(brief: Brief, html: str, link_url: UrlRewrite) -> dict[str, Any]:
    return {
        "slug": brief.slug,
        "title": brief.title,
        # The one place brief HTML is marked safe: markdown-it-py escaped any raw HTML.
        "html": Markup(html),
        "text": markdown_to_text(brief.body, link_url),
        "source": brief.source,
        "url": brief.url,
    }


def _image_url(settings: Settings) -> UrlRewrite | None:
    """Resolves relative image paths against `[images] base_url` (the loader refuses them
    without it); absolute addresses stay as written."""
    if settings.images is None:
        return None
    base_url = settings.images.base_url
    return lambda src: urljoin(base_url, src) if is_relative(src) else src


def _archive_url(settings: Settings, send_date: date, edition_name: str | None) -> str | None:
    """The edition's page in the web archive (its bundle's folder), None without `[archive]`."""
    if settings.archive is None:
        return None
    return settings.archive.page_url(bundle_name(send_date, edition_name))


def render_email(
    edition: Edition,
    settings: Settings,
    footer: Footer,
    send_date: date,
    edition_name: str | None = None,
) -> RenderedEmail:
    """The edition as HTML email and plain text, with its subject and preheader.

    `edition_name` (a second edition of the day) names its archive page, for View in browser.
    """
    tag = partial(tracked_url, settings=settings, send_date=send_date)
    image_url = _image_url(settings)
    briefs = []
    for brief in edition.briefs:
        link_url = partial(tag, content=brief.slug)
        html = markdown_to_html(brief.body, link_url, image_url)
        briefs.append(_brief_view(brief, html, link_url))
    subject = edition.subject or str(briefs[0]["title"])
    preheader = edition.preheader or default_preheader(
        [str(brief["title"]) for brief in briefs],
        plain_paragraphs(edition.briefs[0].body),
        settings.publication.name,
        dateline(send_date),
    )
    context = {
        TRACKED_URL: tag,
        "lang": settings.publication.language,
        "publication": settings.publication.name,
        "subject": subject,
        "dateline": dateline(send_date),
        "website_url": settings.publication.website_url,
        "preheader": preheader,
        "briefs": briefs,
        "footer": asdict(footer),
        "archive_url": _archive_url(settings, send_date, edition_name),
    }
    environment = template_environment(settings.root)
    mjml = render_template(environment, EDITION_MJML, context)
    html = compact_html(inline_css(mjml_to_html(mjml)))
    text = render_template(environment, EDITION_TEXT, context)
    rendered = tuple(
        RenderedBrief(str(view["slug"]), str(view["html"]), str(view["text"])) for view in briefs
    )
    return RenderedEmail(subject, preheader, mjml, html, text, rendered)
