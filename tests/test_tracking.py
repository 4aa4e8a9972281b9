"""Campaign tags: which links get them, how they are added, and that both parts agree."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from publisher.config.loader import load_settings
from publisher.config.settings import Settings
from publisher.render.markdown import markdown_to_html
from publisher.tracking import is_tracked, tracked_url, untagged, with_tags
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG

SEND_DATE = date(2026, 11, 27)
TAGS = "utm_source=globalpost-daily&utm_medium=email&utm_campaign=daily-2026-11-27"
UNSUBSCRIBE = "https://www.globalpost.example/unsubscribe"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(FIXTURE_CONFIG)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("dist")).bundle.path


def brief_html(markdown: str, settings: Settings, slug: str = "floods") -> str:
    def tag(url: str) -> str:
        return tracked_url(url, settings, SEND_DATE, content=slug)

    return markdown_to_html(markdown, tag)


def hrefs(html: str) -> list[str]:
    return [str(a["href"]) for a in BeautifulSoup(html, "html.parser").find_all("a")]


def test_brief_link_keeps_its_query_and_fragment_and_gets_the_briefs_slug(
    settings: Settings,
) -> None:
    html = brief_html(
        "[the report](https://www.example.org/report?page=2&lang=en#flood-map)\n", settings
    )
    assert hrefs(html) == [
        f"https://www.example.org/report?page=2&lang=en&{TAGS}&utm_content=floods#flood-map"
    ]


def test_a_utm_parameter_the_link_already_has_is_never_overridden(settings: Settings) -> None:
    html = brief_html("[appeal](https://aid.example/appeal?utm_source=partner)\n", settings)
    query = dict(parse_qsl(urlsplit(hrefs(html)[0]).query))
    assert query["utm_source"] == "partner"
    assert (query["utm_medium"], query["utm_content"]) == ("email", "floods")


def test_mailto_links_are_left_as_written(settings: Settings) -> None:
    html = brief_html("[write to us](mailto:desk@globalpost.example?subject=Floods)\n", settings)
    assert hrefs(html) == ["mailto:desk@globalpost.example?subject=Floods"]


def test_the_unsubscribe_page_is_never_tagged_even_with_a_query(settings: Settings) -> None:
    assert not is_tracked(UNSUBSCRIBE, settings)
    assert not is_tracked(f"{UNSUBSCRIBE}?list=daily", settings)
    assert tracked_url(UNSUBSCRIBE, settings, SEND_DATE) == UNSUBSCRIBE


def test_without_tracking_settings_no_link_is_tagged(settings: Settings) -> None:
    untracked = dataclasses.replace(settings, tracking=None)
    html = brief_html("[the report](https://www.example.org/report?page=2)\n", untracked)
    assert hrefs(html) == ["https://www.example.org/report?page=2"]


def test_tags_go_before_the_fragment_with_the_right_separator() -> None:
    tags = (("utm_source", "gp"), ("utm_campaign", "daily 27"))
    assert with_tags("https://a.example", tags) == (
        "https://a.example?utm_source=gp&utm_campaign=daily+27"
    )
    assert with_tags("https://a.example/x?#top", tags) == (
        "https://a.example/x?utm_source=gp&utm_campaign=daily+27#top"
    )
    assert with_tags("https://a.example/x?utm_source=a&utm_campaign=b", tags) == (
        "https://a.example/x?utm_source=a&utm_campaign=b"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/report",
        "https://www.example.org/report?page=2&lang=en#flood-map",
        "https://www.example.org/report#top",
    ],
)
def test_untagged_gives_back_the_link_as_written(settings: Settings, url: str) -> None:
    assert untagged(tracked_url(url, settings, SEND_DATE, content="floods")) == url


def test_every_outgoing_link_of_the_email_is_tagged_but_unsubscribe(bundle: Path) -> None:
    links = hrefs((bundle / "email.html").read_text("utf-8"))
    assert UNSUBSCRIBE in links
    tagged = [link for link in links if link != UNSUBSCRIBE]
    assert tagged and all(TAGS in link for link in tagged)


def test_links_inside_a_brief_name_the_brief_and_template_links_do_not(bundle: Path) -> None:
    soup = BeautifulSoup((bundle / "email.html").read_text("utf-8"), "html.parser")
    masthead = soup.select_one("td.masthead a")
    assert masthead is not None
    assert masthead["href"] == f"https://www.globalpost.example?{TAGS}"
    footer = [str(a["href"]) for a in soup.select("td.footer a")]
    assert footer == [UNSUBSCRIBE, f"https://www.globalpost.example?{TAGS}"]
    source = soup.select("p.brief-source a")
    assert [a["href"] for a in source] == [
        "https://www.example.org/news/harbor-wind-farm-foundations"
        f"?{TAGS}&utm_content=harbor-wind-farm"
    ]


def test_the_text_part_shows_the_same_tagged_addresses_as_the_html(bundle: Path) -> None:
    html_links = set(hrefs((bundle / "email.html").read_text("utf-8")))
    text = (bundle / "email.txt").read_text("utf-8")
    text_links = set(re.findall(r"https?://[^\s)]+", text))
    assert text_links == html_links


def test_without_tracking_the_email_carries_no_tags(tmp_path: Path) -> None:
    content, config = copy_fixture_edition(tmp_path)
    toml = config.read_text("utf-8")
    config.write_text(toml[: toml.index("[tracking]")], "utf-8")
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    for name in ("email.html", "email.txt"):
        assert "utm_" not in (bundle / name).read_text("utf-8")
