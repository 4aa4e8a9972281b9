"""Slugs of headlines in any script: readable where a transliteration exists, always stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.boilerplate import Rule
from publisher.importer import import_article
from publisher.slug import slugify

NO_RULES: tuple[Rule, ...] = ()


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Zürich votes on rents", "zurich-votes-on-rents"),
        ("São Paulo’s mayor resigns", "sao-paulo-s-mayor-resigns"),
        ("Kraków: Łódź and Gdańsk", "krakow-lodz-and-gdansk"),
        ("Côte d'Ivoire élit son président", "cote-d-ivoire-elit-son-president"),
        ("Straße über dem Fluss", "strasse-uber-dem-fluss"),
        ("Москва и Киев", "moskva-i-kiev"),
        ("Αθήνα: νέα μέτρα", "athina-nea-metra"),
        ("القاهرة تستضيف القمة", "lqhrh-tstdyf-lqmh"),
        ("東京で地震", "dongjingdedezhen"),
    ],
)
def test_headlines_in_every_script_give_a_readable_ascii_slug(headline: str, slug: str) -> None:
    assert slugify(headline) == slug


def test_slugs_of_different_non_latin_headlines_are_distinct() -> None:
    headlines = ["Москва и Киев", "Москва и Минск", "Αθήνα", "القاهرة", "東京で地震", "大阪で大雨"]
    assert len({slugify(headline) for headline in headlines}) == len(headlines)


def test_text_with_no_ascii_reading_gets_a_stable_hashed_slug() -> None:
    assert slugify("…") == slugify("…")
    assert re.fullmatch(r"brief-[0-9a-f]{10}", slugify("…"))
    assert slugify("…") != slugify("——")


@given(st.text(max_size=60))
def test_a_slug_is_always_lowercase_ascii_words_joined_by_hyphens(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slugify(text) == slug


def test_two_imports_of_non_latin_headlines_do_not_clash(tmp_path: Path) -> None:
    into = tmp_path / "content"
    into.mkdir()
    names = []
    for number, headline in enumerate(["Москва и Киев", "東京で地震"]):
        pasted = tmp_path / f"paste-{number}.txt"
        pasted.write_text(f"{headline}\n\nThe first paragraph of the story.\n", "utf-8")
        names.append(import_article(pasted, into, NO_RULES).path.name)
    assert names == ["moskva-i-kiev.md", "dongjingdedezhen.md"]
