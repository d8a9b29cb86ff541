"""An earlier run's articles, for a run into the same folder with a window (``--add
--window-days N``).

A newsroom's daily batch, or one day of CC-NEWS, touches the stories of the last days only.
With a window, only the earlier stories that hold an article dated within ``N`` days of a new
article's date are clustered and rebuilt with the new batch (every article of such a story,
dated or not: a story is re-opened whole or not at all); the other earlier articles are kept as
written (their ``articles.jsonl`` lines copied, their story files and store rows left alone).
A run then holds and processes what its window holds, however long the archive it adds to.

What a window gives up: a new article is not deduplicated against kept articles, and a kept
story is not merged with a re-opened one that new articles brought closer. Clustering never
links two articles more than ``cluster.max_day_gap`` days apart, so a window of that many days
misses only such second-order merges.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from storyline.cluster.block import day_number
from storyline.errors import StoreError
from storyline.store.files import iter_article_lines


class Window:
    """The days within ``reach`` days of any of ``days`` (the new articles' dates).

    Args:
        days: ISO dates (or date-times); undated (None) and unreadable ones are left out.
        reach: days on either side.
    """

    def __init__(self, days: Iterable[str | None], reach: int) -> None:
        self.reach = reach
        self._days = sorted({d for d in map(day_number, days) if d is not None})

    def __bool__(self) -> bool:
        return bool(self._days)

    def covers(self, published: str | None) -> bool:
        """Whether a date lies in the window (an undated article lies in none)."""
        d = day_number(published)
        if d is None:
            return False
        i = bisect_left(self._days, d - self.reach)
        return i < len(self._days) and self._days[i] <= d + self.reach


def open_stories(out_dir: Path, window: Window, replaced: Collection[str]) -> set[str]:
    """The earlier stories a windowed run re-opens: those with an article in the window, or
    with an article this run's input replaces (an input article of the same id).

    The earlier ``articles.jsonl`` is read once, line by line; only the ids of those stories
    are held.
    """
    found: set[str] = set()
    for _, a in iter_article_lines(out_dir):
        if a.story and a.story not in found and (a.id in replaced or window.covers(a.published)):
            found.add(a.story)
    return found


class Kept:
    """The earlier articles a windowed run keeps as written: their lines, in a file.

    Args:
        folder: where the file goes (the run's spill folder, removed with it).

    Raises:
        StoreError: the file cannot be written.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "kept-articles.jsonl"
        self.count = 0
        self.extend([])  # the file exists (and can be written) from the start

    def extend(self, lines: Iterable[str]) -> None:
        """Keep ``articles.jsonl`` lines (without their newlines), in this order."""
        try:
            with self.path.open("a", encoding="utf-8", newline="\n") as fh:
                for line in lines:
                    fh.write(line + "\n")
                    self.count += 1
        except OSError as exc:
            raise StoreError(f"cannot keep earlier articles in {self.path}: {exc}") from exc

    def lines(self) -> Iterator[str]:
        """The kept lines, in the order kept (without newlines)."""
        with self.path.open(encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")
