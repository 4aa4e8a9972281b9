"""A progress bar for the pages being written, on a terminal only and when there are many."""

from __future__ import annotations

from typing import TextIO

SHOWN_FROM = 50
"""Fewer pages than this are written too fast for a bar to help."""
WIDTH = 30


class ProgressBar:
    """Called with (pages done, pages in all) after each page; draws on `stream` if a tty."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.is_shown = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.is_shown or total < SHOWN_FROM:
            return
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\rwriting pages [{bar}] {done}/{total}{end}")
        self.stream.flush()
