"""The floor to measure `publisher build` against: the same job, the same libraries, no checks.

Reads the briefs (YAML front matter), renders each with markdown-it, fills a Jinja2 MJML
template, compiles it with mjml-python, inlines the CSS with premailer, makes the text
part with bs4 and writes a MIME multipart/alternative message. Run as a whole process:
`python -m bench.baseline CONTENT_DIR OUT_DIR`.
"""

import logging
import sys
from email.message import EmailMessage
from pathlib import Path

import jinja2
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markupsafe import Markup
from mjml import mjml2html
from premailer import Premailer

TEMPLATE = """<mjml><mj-head><mj-title>{{ subject }}</mj-title><mj-style>
.brief p { margin: 0 0 14px; line-height: 1.55; } a { color: #0b5cad; }
</mj-style></mj-head><mj-body background-color="#f4f1ea">
{% for brief in briefs %}<mj-section background-color="#ffffff" padding="28px 0 12px">
<mj-column><mj-text padding="0 28px 14px"><h2>{{ brief.title }}</h2></mj-text>
<mj-text css-class="brief" padding="0 28px">{{ brief.html }}</mj-text></mj-column>
</mj-section>{% endfor %}</mj-body></mjml>"""


def main(content: Path, out: Path) -> None:
    parser = MarkdownIt("commonmark", {"html": False})
    briefs = []
    for path in sorted(content.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta: dict[str, str] = {}
        if text.startswith("---\n"):
            head, text = text[4:].split("\n---\n", 1)
            meta = yaml.safe_load(head) or {}
        title = meta.get("title") or text.strip().split("\n", 1)[0].lstrip("# ")
        html = parser.render(text)
        briefs.append({"title": title, "html": Markup(html)})
    subject = str(briefs[0]["title"])
    environment = jinja2.Environment(autoescape=True)
    mjml = environment.from_string(TEMPLATE).render(subject=subject, briefs=briefs)
    html = Premailer(
        mjml2html(mjml, fonts={}), allow_network=False, cssutils_logging_level=logging.CRITICAL
    ).transform()
    text = "\n\n".join(
        f"{brief['title']}\n\n{BeautifulSoup(brief['html'], 'html.parser').get_text()}"
        for brief in briefs
    )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Newsroom <news@example.org>"
    message["To"] = "Readers <readers@example.org>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    out.mkdir(parents=True, exist_ok=True)
    (out / "email.mjml").write_text(mjml, encoding="utf-8")
    (out / "email.html").write_text(html, encoding="utf-8")
    (out / "email.txt").write_text(text, encoding="utf-8")
    (out / "email.eml").write_bytes(message.as_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
