"""The ``Store`` protocol and the ``make_store`` factory.

A store keeps what a run produced (articles, story reports, rejects) and a cache of per-article
analyses keyed by ``pipeline.analysis_key``, so a second run on the same input reuses them. The
contract's JSON files are always written by :func:`storyline.store.files.write_outputs`; a store
adds a database next to them (``duckdb``) or nothing (``files``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from storyline.errors import StoreError
from storyline.records import Article, ArticleAnalysis, Reject, StoryReport

STORE_KINDS = ("duckdb", "files")


@runtime_checkable
class Store(Protocol):
    """What the pipeline needs from a store."""

    def get_analyses(self, keys: Sequence[str]) -> dict[str, ArticleAnalysis]:
        """Return the cached analyses among ``keys`` (missing keys are absent)."""
        ...

    def put_analyses(self, analyses: Mapping[str, ArticleAnalysis]) -> None:
        """Cache analyses under their keys (an existing key is replaced)."""
        ...

    def get_reports(self, keys: Sequence[str]) -> dict[str, StoryReport]:
        """Return the cached story reports among ``keys`` (missing keys are absent)."""
        ...

    def put_reports(self, reports: Mapping[str, StoryReport]) -> None:
        """Cache story reports under their keys (an existing key is replaced)."""
        ...

    def write_run(
        self, articles: Sequence[Article], reports: Sequence[StoryReport], rejects: Sequence[Reject]
    ) -> None:
        """Replace the previous run's records with these."""
        ...

    def write_run_batches(
        self, batches: Iterable[tuple[Sequence[Article], Sequence[StoryReport]]],
        rejects: Iterable[Reject],
        replace_stories: Collection[str] | None = None,
    ) -> None:
        """``write_run`` for a run streamed in batches (each: some stories' reports with their
        articles), all in one replacement; with ``replace_stories``, of those stories' rows and
        the batches' stories and articles, the rest of the previous run kept."""
        ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run SQL on the store and return the rows."""
        ...

    def session(self) -> AbstractContextManager[None]:
        """Keep the store open across the calls inside the block (a whole run)."""
        ...


def make_store(kind: str, out_dir: Path) -> Store:
    """Build the store named ``kind`` for the output folder ``out_dir``.

    Args:
        kind: ``"duckdb"`` (``out_dir/storyline.duckdb``) or ``"files"`` (no database).
        out_dir: the run's output folder; created when missing.

    Raises:
        StoreError: unknown kind (the message lists the valid ones) or the store cannot open.
        MissingDependency: ``duckdb`` is not installed.
    """
    if kind == "duckdb":
        from storyline.store.duckdb import DuckStore

        return DuckStore(Path(out_dir))
    if kind == "files":
        from storyline.store.files import FileStore

        return FileStore(Path(out_dir))
    raise StoreError(f"unknown store {kind!r}; valid stores: {', '.join(STORE_KINDS)}")
