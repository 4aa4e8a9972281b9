"""Saved pages in the style of real sites: every article is found, whole, without furniture.

The pages and what each must give are listed in tests/fixtures/import/pages.toml; their
expected briefs (`<name>.expected.md`) are compared in tests/test_importer.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from publisher.boilerplate import Rule, load_rules
from publisher.config.loader import load_settings
from publisher.content import Brief, load_brief
from publisher.errors import PublisherError
from publisher.importer import import_article
from publisher.render.markdown import markdown_to_html

FIXTURES = Path(__file__).parent / "fixtures"
IMPORTS = FIXTURES / "import"
RULES: tuple[Rule, ...] = load_rules(load_settings(FIXTURES / "publication.toml"))
PAGES: dict[str, dict[str, Any]] = tomllib.loads((IMPORTS / "pages.toml").read_text("utf-8"))
BRIEFS = sorted(name for name, page in PAGES.items() if "brief" in page)
NO_ARTICLE = sorted(name for name, page in PAGES.items() if "error" in page)


def visible_text(markdown: str) -> str:
    """The words a reader sees once the Markdown is rendered, blocks one space apart."""
    html = BeautifulSoup(markdown_to_html(markdown), "html.parser")
    return " ".join(" ".join(block.get_text().split()) for block in html.find_all(recursive=False))


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Brief]:
    """Every page with an article, imported once."""
    into = tmp_path_factory.mktemp("briefs")
    imported = {name: import_article(IMPORTS / PAGES[name]["page"], into, RULES) for name in BRIEFS}
    return {name: load_brief(brief.path) for name, brief in imported.items()}


def test_corpus_has_thirty_pages_with_their_expected_briefs() -> None:
    pages = {path.name for path in IMPORTS.iterdir() if path.suffix in (".html", ".htm")}
    assert len(BRIEFS) >= 30
    assert pages == {page["page"] for page in PAGES.values()}
    assert [name for name in BRIEFS if not (IMPORTS / f"{name}.expected.md").is_file()] == []


@pytest.mark.parametrize("name", BRIEFS)
def test_every_article_is_found_from_its_first_words_to_its_last(
    name: str, briefs: dict[str, Brief]
) -> None:
    text = visible_text(briefs[name].body)
    assert (text[: len(PAGES[name]["first"])], text[-len(PAGES[name]["last"]) :]) == (
        PAGES[name]["first"],
        PAGES[name]["last"],
    )


@pytest.mark.parametrize("name", BRIEFS)
def test_no_furniture_of_the_page_is_kept(name: str, briefs: dict[str, Brief]) -> None:
    text = visible_text(briefs[name].body)
    assert [furniture for furniture in PAGES[name]["furniture"] if furniture in text] == []


@pytest.mark.parametrize("name", BRIEFS)
def test_front_matter_comes_from_the_page_metadata(name: str, briefs: dict[str, Brief]) -> None:
    brief, page = briefs[name], PAGES[name]
    assert (brief.title, brief.source, brief.url) == (page["title"], page["source"], page["url"])


@pytest.mark.parametrize("name", NO_ARTICLE)
def test_page_without_an_article_is_reported_with_a_hint_to_paste_it(
    name: str, tmp_path: Path
) -> None:
    with pytest.raises(PublisherError) as raised:
        import_article(IMPORTS / PAGES[name]["page"], tmp_path, RULES)
    assert (str(raised.value), raised.value.hint) == (
        f"{IMPORTS / PAGES[name]['page']}: {PAGES[name]['error']}",
        "paste the article's text into a .txt file, headline on the first line, and import that",
    )
    assert list(tmp_path.iterdir()) == []
