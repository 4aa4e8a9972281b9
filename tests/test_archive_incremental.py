"""The archive's incremental runs: only what changed is written, in an order that never
leads a reader to a missing page, and what leaves the archive is removed last."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from publisher.archive import output
from publisher.archive.state import STATE_FILE
from publisher.record import MANIFEST_FILE
from tests.archives import ARCHIVED, Edition, Newsroom, copy_newsroom, hand_off, newsroom

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Newsroom:
    room = newsroom(tmp_path_factory.mktemp("built"))
    room.archive()
    return room


@pytest.fixture
def room(built: Newsroom, tmp_path: Path) -> Newsroom:
    return copy_newsroom(built, tmp_path / "room")


def _written_by(room: Newsroom, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Runs the archive and returns the files it wrote or removed, in order."""
    done: list[str] = []
    write, remove = output.SiteOutput._replace, output.SiteOutput.remove_folder

    def recording_write(self: output.SiteOutput, target: Path, *args: Any, **kwargs: Any) -> bool:
        wrote = write(self, target, *args, **kwargs)
        if wrote:
            done.append(target.relative_to(self.root).as_posix())
        return wrote

    def recording_remove(self: output.SiteOutput, relative: str) -> None:
        done.append(f"removed {relative}")
        remove(self, relative)

    monkeypatch.setattr(output.SiteOutput, "_replace", recording_write)
    monkeypatch.setattr(output.SiteOutput, "remove_folder", recording_remove)
    room.archive()
    return done


def _rewrite_manifest(room: Newsroom, folder: str, correction: str = "", **changes: str) -> None:
    """Edits a bundle's manifest as a rebuild would: a new file renamed into place.

    `correction` is a paragraph added to its lead brief.
    """
    path = room.dist / folder / MANIFEST_FILE
    data = json.loads(path.read_text("utf-8"))
    data.update(changes)
    if correction:
        data["briefs"][0]["html"] += f"<p>{correction}</p>\n"
    staged = path.with_suffix(".new")
    staged.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    staged.replace(path)


def test_a_run_with_nothing_changed_writes_nothing(room: Newsroom) -> None:
    report = room.archive()
    assert (report.written, report.skipped) == (0, 3)
    assert report.summary().endswith(
        ": 3 editions, 0 pages written, 3 unchanged (1 bundle not"
        " handed off yet left out; --all takes it)"
    )


def test_a_new_subject_rewrites_the_page_and_the_two_that_link_to_it(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    newest, middle, _ = ARCHIVED
    _rewrite_manifest(room, middle, subject="Harbor Wind: the last foundation is in")
    done = _written_by(room, monkeypatch)
    pages = [path for path in done if path.endswith("/index.html")]
    assert sorted(pages) == sorted(f"{folder}/index.html" for folder in ARCHIVED)
    assert "Harbor Wind: the last foundation is in" in room.page(f"{newest}/index.html")


def test_a_change_the_neighbours_do_not_show_rewrites_one_page(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rewrite_manifest(room, "2026-11-27", correction="Correction: the talks resume Monday.")
    done = _written_by(room, monkeypatch)
    assert [path for path in done if path.endswith("/index.html")] == ["2026-11-27/index.html"]
    assert "Correction: the talks resume Monday." in room.page("2026-11-27/index.html")


def test_a_page_whose_content_is_the_same_is_not_written_again(room: Newsroom) -> None:
    _rewrite_manifest(room, "2026-11-27", preheader="A new preheader, which pages never show.")
    report = room.archive()
    assert (report.written, report.skipped) == (0, 3)


def test_new_pages_come_first_then_changed_ones_then_index_feed_and_sitemap(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    room.build(Edition("2026-12-02T10:00:00-05:00", "Ports reopen", "chip-exports"))
    done = _written_by(room, monkeypatch)
    assert done[:2] == ["2026-12-03/index.html", "2026-12-01-breaking/index.html"]
    rest = done[2:]
    assert rest.index("index.html") < rest.index("feed.atom") < rest.index("sitemap.xml")
    assert rest[-1] == STATE_FILE


def test_an_edition_that_leaves_the_archive_is_removed_after_the_index(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    newest, middle, oldest = ARCHIVED
    hand_off(room.dist / middle, "cancelled")
    done = _written_by(room, monkeypatch)
    assert done.index("sitemap.xml") < done.index(f"removed {middle}")
    assert not (room.site / middle).exists()
    assert f"{middle}/" not in room.page("index.html")
    assert f"../{oldest}/index.html" in room.page(f"{newest}/index.html")


def test_a_changed_template_rewrites_every_page(room: Newsroom) -> None:
    override = room.root / "templates" / "archive" / "partials" / "subscribe.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<aside class="subscribe"><p>Join us.</p></aside>\n', "utf-8")
    assert room.archive().written == 3
    assert "<p>Join us.</p>" in room.page("2026-11-27/index.html")


def test_a_page_lost_or_left_empty_is_written_again(room: Newsroom) -> None:
    (room.site / "2026-11-27" / "index.html").write_bytes(b"")
    (room.site / "2026-12-01" / "index.html").unlink()
    assert room.archive().written == 2
    assert "<h1>" in room.page("2026-11-27/index.html")


def test_a_lost_state_file_costs_time_and_changes_no_page(room: Newsroom) -> None:
    before = {path: path.read_bytes() for path in room.site.rglob("*.html")}
    (room.site / STATE_FILE).write_text("{not json", "utf-8")
    report = room.archive()
    assert (report.written, report.skipped) == (0, 3)
    assert {path: path.read_bytes() for path in room.site.rglob("*.html")} == before


def test_files_are_readable_by_a_web_server(room: Newsroom) -> None:
    assert (room.site / "index.html").stat().st_mode & 0o044 == 0o044


def test_a_first_run_writes_the_stylesheet_before_any_page_links_to_it(
    room: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(room.site)
    done = _written_by(room, monkeypatch)
    assert done[:2] == ["style.css", "search.js"]
    assert done[2:5] == [f"{folder}/index.html" for folder in ARCHIVED]
