"""An embedded DuckDB store: the run's records as tables, plus a cache of per-article analyses.

The file is ``out_dir/storyline.duckdb``. Tables (one row per item, ``story`` columns join them):

    articles, stories, story_articles, entities, statements, statement_mentions, events, claims,
    conflicts, rejects                   -- replaced as a whole by each ``write_run``
    analyses                             -- cache: key -> ArticleAnalysis, kept across runs
    report_cache                         -- cache: key -> StoryReport, kept across runs

The caches hold zlib-compressed JSON (``BLOB``), and an analysis's embedding as its raw float32
bytes beside it: as JSON text the 512 numbers were more than half of each row (7.4 KB of 13.5 KB
on the dev corpus), and parsing them back was most of a cached read. On a 100k run the analyses
went from 1.32 GB of JSON to 0.15 GB compressed plus 0.20 GB of vectors, the report cache from
1.10 GB to 0.10 GB; the file does not shrink as much (DuckDB had stored the JSON strings in about
0.7 GB of compressed blocks), but rows read back 7x faster, and 30k cache writes and reads
peaked at 330-363 MB instead of 447 MB. A file written with the older JSON text columns is
converted on open, in batches (``_migrate_caches``), so no cached analysis is lost.

``stories.report`` holds each story's full report the same way (zlib-compressed JSON, the text of
``stories/<id>.json``): a windowed add re-opens a few stories and appends their rows, and the
close's checkpoint then rewrites the last row group of ``stories``, up to 2,048 reports. As JSON
text that group was 36 MB on a 10k archive and the close peaked 92 MB above the commit; with the
reports compressed it is 3 MB and the same replay peaked 33 MB above. Older files are converted
on open like the caches.

Spans inside events, claims and conflicts are kept as JSON text columns; statement mentions get a
table of their own because "who said what, where" is the query users ask most. Rows go in as
whole columns (``INSERT ... SELECT unnest(?), unnest(?), ...``), one statement per table, so big
runs do not pay a Python loop per row. A connection is opened per call, or held for a stretch of
calls (``session()``: a run holds one from its start to its end, which made 30k cache writes
3.4x faster than a connection per write), so the file stays unlocked between runs and
``storyline inspect`` can read it while nothing writes. A held connection is closed and opened
again every ``_RECYCLE_CALLS`` calls: DuckDB keeps what a connection reads and writes in its
buffer until it closes (inserting 100k cached rows through one connection grew to 1 GB, opened
again every 10k rows it stayed near 300 MB). A run's tables are staged batch by batch as Parquet
files (``write_run_batches``) and loaded in one last transaction: the commits and automatic
checkpoints of a long write into the file were the run's memory peaks (replaying a 100k-article
write: 269 MB committed 250 articles at a time into staged tables, 204 MB staged as Parquet, from
74 MB). Connections run under a ``MEMORY_LIMIT`` of 64 MB, so the blocks a connection writes do
not pile up between DuckDB's automatic checkpoints. A commit that needs more than the limit
fails, and DuckDB rolls it back and invalidates the connection (measured: a 100k re-run under
128 MB failed that way): ``_commit`` then does the same transaction once more on a connection
opened without the limit.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import zlib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.errors import MissingDependency, StoreError
from storyline.records import Article, ArticleAnalysis, Reject, StoryReport

log = logging.getLogger(__name__)

DB_NAME = "storyline.duckdb"
STAGE_DIR = ".storyline-run"  # a run's rows as Parquet files while they are written
# Bumped when a run table changes shape: the run tables of an older file are dropped and rebuilt
# (they are rewritten by every run anyway); the analyses cache is kept.
SCHEMA_VERSION = "2"  # 2: stories.topic
ZLIB_LEVEL = 1  # fastest: level 6 saves ~9 % more bytes for twice the time (dev analyses)
_MIGRATE_BATCH = 2000  # rows converted per round when an older cache format is read
_MIGRATE_RECYCLE = 5  # rounds of conversion between two openings of the connection
# Calls a held connection serves before it is closed and opened again: DuckDB keeps the blocks
# a connection reads and writes in its buffer until it closes (up to 80 % of the machine's
# memory by default), so a run's cache reads grew its memory with the cache table.
_RECYCLE_CALLS = 50
# DuckDB's memory limit for the store's connections. Without one, the blocks a connection
# writes pile up between its automatic checkpoints (60k cache rows: RSS up to 660 MB between
# two openings); with it, DuckDB writes them out and evicts them. A commit that needs more
# fails and invalidates the connection (its transaction rolled back): ``_commit`` then does the
# transaction again on a connection without the limit. A replay of a 100k-article run-table
# write into a store holding a 100k analysis cache (1.5 GB) peaked at 532 MB under 256 MB and
# 369 MB under 64 MB (72 MB before it; batches of 1,000 articles); the analysis stage of a 100k
# run peaked at 414 MB under 64 MB against 605 MB under 256 MB.
MEMORY_LIMIT = "64MB"
# Measured knobs the store leaves at DuckDB's defaults (benchmarks/store_write.py, 100k rows:
# peak 296 MB as is, 293-295 MB with a checkpoint threshold of 4 MB or 1 GB, 262 MB with one
# thread; the pipeline's own write peak is elsewhere, docs/scale.md).
CHECKPOINT_THRESHOLD = ""  # '' DuckDB's default (16 MB of write-ahead log)
THREADS = 0  # 0: DuckDB's default, one per core
# Rows per row group of the tables this store appends to (DuckDB's default: 122,880). A
# checkpoint rewrites the last, growing row group of every table it appends to, so with the
# default each automatic checkpoint of a long write rewrites more, in time and memory, the
# longer the table: 60k rows of 5 KB written 250 a commit took 66 s, against 24 s with 2,048.
# 0 keeps DuckDB's default.
ROW_GROUP_SIZE = 2048
# Keys a cache read asks for per statement (its result rows are held by DuckDB until fetched).
_READ_KEYS = 500

# table -> ((column, DuckDB type), ...); the order is the insert order.
_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "VARCHAR"), ("url", "VARCHAR"), ("outlet", "VARCHAR"), ("published", "VARCHAR"),
        ("language", "VARCHAR"), ("title", "VARCHAR"), ("text", "VARCHAR"), ("story", "VARCHAR"),
        ("duplicate_of", "VARCHAR"), ("author", "VARCHAR"), ("source", "VARCHAR"),
        ("published_source", "VARCHAR"), ("removed_lines", "INTEGER"),
    ),
    "stories": (
        ("id", "VARCHAR"), ("title", "VARCHAR"), ("topic", "VARCHAR"), ("n_articles", "INTEGER"),
        ("outlets", "VARCHAR[]"), ("report", "BLOB"),
    ),
    "story_articles": (("story", "VARCHAR"), ("article", "VARCHAR")),
    "entities": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"), ("type", "VARCHAR"),
        ("aliases", "VARCHAR[]"), ("n_mentions", "INTEGER"),
    ),
    "statements": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("speaker", "VARCHAR"),
        ("speaker_entity", "VARCHAR"), ("said_on", "VARCHAR"), ("said_on_basis", "VARCHAR"),
        ("n_mentions", "INTEGER"),
    ),
    "statement_mentions": (
        ("story", "VARCHAR"), ("statement", "VARCHAR"), ("article", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("kind", "VARCHAR"),
        ("speaker_text", "VARCHAR"), ("language", "VARCHAR"), ("outlet", "VARCHAR"),
    ),
    "events": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("summary", "VARCHAR"), ("date", "VARCHAR"),
        ("date_basis", "VARCHAR"), ("outlets", "VARCHAR[]"), ("evidence", "VARCHAR"),
    ),
    "claims": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("text", "VARCHAR"), ("status", "VARCHAR"),
        ("outlets", "VARCHAR[]"), ("support", "VARCHAR"), ("contradicted_by", "VARCHAR"),
    ),
    "conflicts": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("about", "VARCHAR"), ("kind", "VARCHAR"),
        ("outlets", "VARCHAR[]"), ("positions", "VARCHAR"),
    ),
    "rejects": (
        ("source", "VARCHAR"), ("reason", "VARCHAR"), ("detail", "VARCHAR"), ("record", "VARCHAR"),
    ),
}
RUN_TABLES = tuple(_SCHEMA)

_ANALYSES_DDL = (
    'CREATE TABLE IF NOT EXISTS analyses ("key" VARCHAR PRIMARY KEY, article VARCHAR, '
    "version VARCHAR, analysis BLOB, embedding BLOB, "
    "stored_at TIMESTAMP DEFAULT current_timestamp)"
)
# reports of stories whose inputs (articles, analyses, settings, code) were all seen before
_REPORTS_DDL = (
    'CREATE TABLE IF NOT EXISTS report_cache ("key" VARCHAR PRIMARY KEY, story VARCHAR, '
    "report BLOB, stored_at TIMESTAMP DEFAULT current_timestamp)"
)


def _zip_json(data: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), ZLIB_LEVEL)


def _pack(record: Any, drop: str = "") -> bytes:
    """A record's JSON (less its field ``drop``), zlib-compressed."""
    data = record.to_dict()
    data.pop(drop, None)
    return _zip_json(data)


def _unpack(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob))


def _vector_bytes(values: array) -> bytes:
    """Little-endian float32 bytes of a vector (the file reads the same on any machine)."""
    out = array("f", values)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def _vector_of(blob: bytes) -> array:
    out = array("f")
    out.frombytes(blob)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _pack_analysis(an: ArticleAnalysis) -> tuple[bytes, bytes]:
    return _pack(an, "embedding"), _vector_bytes(an.embedding)


def _load_analysis(blob: bytes, vec: bytes | None) -> ArticleAnalysis:
    data = _unpack(blob)
    if vec is not None:
        data["embedding"] = _vector_of(vec)
    return ArticleAnalysis.from_dict(data)


def _sql_path(path: Path) -> str:
    """A path as the body of a SQL string literal."""
    return str(path).replace("'", "''")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _spans_json(spans: Sequence[Any]) -> str:
    return json.dumps([s.to_dict() for s in spans], ensure_ascii=False)


def _run_rows(
    articles: Sequence[Article], reports: Sequence[StoryReport], rejects: Sequence[Reject]
) -> dict[str, list[tuple[Any, ...]]]:
    """Flatten a run's records into rows per table."""
    outlet_of = {a.id: a.outlet for a in articles}
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in RUN_TABLES}
    rows["articles"] = [
        (a.id, a.url, a.outlet, a.published, a.language, a.title, a.text, a.story,
         a.duplicate_of, a.author, a.source, a.published_source, a.removed_lines)
        for a in articles
    ]
    rows["rejects"] = [(r.source, r.reason, r.detail, r.record) for r in rejects]
    for rep in reports:
        sid = rep.id
        outlets = sorted({o for a in rep.articles if (o := outlet_of.get(a))})
        rows["stories"].append((sid, rep.title, rep.topic, len(rep.articles), outlets,
                                _pack(rep)))
        rows["story_articles"].extend((sid, a) for a in rep.articles)
        rows["entities"].extend(
            (sid, e.id, e.name, e.type, list(e.aliases), len(e.mentions)) for e in rep.entities
        )
        for st in rep.statements:
            rows["statements"].append((sid, st.id, st.speaker.name, st.speaker.entity, st.said_on,
                                       st.said_on_basis, len(st.mentions)))
            rows["statement_mentions"].extend(
                (sid, st.id, m.article, m.start, m.end, m.text, m.kind, m.speaker_text,
                 m.language, m.outlet or outlet_of.get(m.article))
                for m in st.mentions
            )
        rows["events"].extend(
            (sid, e.id, e.summary, e.date, e.date_basis, list(e.outlets), _spans_json(e.evidence))
            for e in rep.events
        )
        rows["claims"].extend(
            (sid, c.id, c.text, c.status, list(c.outlets), _spans_json(c.support),
             _spans_json(c.contradicted_by))
            for c in rep.claims
        )
        rows["conflicts"].extend(
            (sid, c.id, c.about, c.kind, sorted({p.outlet for p in c.positions}),
             _spans_json(c.positions))
            for c in rep.conflicts
        )
    return rows


# run tables -> the column naming the story its rows belong to
_STORY_COLUMN = {"stories": "id", "story_articles": "story", "entities": "story",
                 "statements": "story", "statement_mentions": "story", "events": "story",
                 "claims": "story", "conflicts": "story"}


def _forget(con: Any, stories: Sequence[str], articles: Sequence[str]) -> None:
    """Delete the run tables' rows of ``stories`` and the ``articles`` rows of ``articles``
    (inside the caller's transaction), through two temporary id tables."""
    for name, ids in (("_gone_stories", stories), ("_gone_articles", articles)):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS "
                    "SELECT unnest(?::VARCHAR[]) AS id", [sorted(set(ids))])
    for table, column in _STORY_COLUMN.items():
        con.execute(f"DELETE FROM {_q(table)} WHERE {_q(column)} IN "
                    "(SELECT id FROM _gone_stories)")
    con.execute(f"DELETE FROM {_q('articles')} WHERE {_q('id')} IN "
                "(SELECT id FROM _gone_articles)")
    con.execute("DROP TABLE _gone_stories")
    con.execute("DROP TABLE _gone_articles")


def _old_analysis(row: tuple[Any, ...]) -> tuple[Any, ...]:
    key, article, version, text, stored_at = row
    data = json.loads(text)
    vec = _vector_bytes(array("f", data.pop("embedding", ())))
    return key, article, version, _zip_json(data), vec, stored_at


def _old_report(row: tuple[Any, ...]) -> tuple[Any, ...]:
    key, story, text, stored_at = row
    json.loads(text)  # an unreadable row is dropped here, as a read would ignore it
    return key, story, zlib.compress(text.encode("utf-8"), ZLIB_LEVEL), stored_at


def _old_story(row: tuple[Any, ...]) -> tuple[Any, ...]:
    *head, text = row
    json.loads(text)  # (as above: load_reports could not read it either)
    return (*head, zlib.compress(text.encode("utf-8"), ZLIB_LEVEL))


def _table_ddl(table: str) -> str:
    return (f"CREATE TABLE IF NOT EXISTS {_q(table)} "
            f"({', '.join(f'{_q(c)} {t}' for c, t in _SCHEMA[table])})")


# (table, its DDL, the column that was JSON text, row converter, new types, rows a round): the
# caches, and the stories' reports (JSON text before stop 27: appending a day's stories to a
# 10k archive rewrote the table's last row group of reports at the close's checkpoint, +85 MB;
# compressed, the group is ~10x smaller). Their first column is unique: a round inserts only
# the rows not in yet, so a conversion that is killed goes on where it stopped.
_OLD_FORMATS = (
    ("analyses", _ANALYSES_DDL, "analysis", _old_analysis,
     ("VARCHAR", "VARCHAR", "VARCHAR", "BLOB", "BLOB", "TIMESTAMP"), _MIGRATE_BATCH),
    ("report_cache", _REPORTS_DDL, "report", _old_report,
     ("VARCHAR", "VARCHAR", "BLOB", "TIMESTAMP"), _MIGRATE_BATCH),
    ("stories", _table_ddl("stories"), "report", _old_story,
     tuple(t for _, t in _SCHEMA["stories"]), 200),  # (a report can be MBs: fewer a round)
)


def _out_of_memory(exc: Exception) -> bool:
    """Whether a DuckDB error is its memory limit (an allocation, a block it could not pin, or
    the invalidated database such a failure leaves)."""
    text = str(exc).lower()
    return (type(exc).__name__ == "OutOfMemoryException" or "pin block" in text
            or "memory limit" in text or "out of memory" in text or "invalidated" in text)


def _migrate_caches(open_connection: Any) -> None:
    """Convert caches and stories written as JSON text (before compressed ``BLOB`` rows) in
    place (``_OLD_FORMATS``).

    The old table is renamed ``<table>_v1`` and its rows are converted a round of row ids at a
    time (a committed insert each, of the rows whose first column is not in yet: a conversion
    that is killed starts over on the next open and skips the rows already in), then it is
    dropped. The
    connection is closed and opened again every ``_MIGRATE_RECYCLE`` batches: DuckDB's buffer
    keeps the blocks it reads while the connection lives (a 1.3 GB table of 100k analyses read
    through one connection held 1.6-2.3 GB). A row that does not parse is dropped with a count
    in the log (a read would have ignored it).

    Args:
        open_connection: opens a read-write connection to the file.
    """
    con = open_connection()
    try:
        for table, ddl, column, convert, types, per_round in _OLD_FORMATS:
            old = f"{table}_v1"
            kind = con.execute("SELECT data_type FROM information_schema.columns WHERE "
                               "table_name = ? AND column_name = ?", [table, column]).fetchall()
            if kind == [("VARCHAR",)]:
                con.execute(f"DROP TABLE IF EXISTS {_q(old)}")
                con.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
                con.execute(ddl)
            elif not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?",
                                 [old]).fetchall():
                continue
            last = con.execute(f"SELECT count(*), max(rowid) FROM {_q(old)}").fetchone()
            log.info("converting %d rows of %s to compressed rows", last[0], table)
            unnest = ", ".join(f"unnest(?::{t}[]) AS _c{i}" for i, t in enumerate(types))
            first = _q(_SCHEMA[table][0][0] if table in _SCHEMA else "key")
            done = bad = 0
            top = -1 if last[1] is None else last[1]
            for n, low in enumerate(range(0, top + 1, per_round)):
                if n and n % _MIGRATE_RECYCLE == 0:
                    con.close()
                    con = open_connection()
                rows = con.execute(f"SELECT * FROM {_q(old)} WHERE rowid >= ? AND rowid < ?",
                                   [low, low + per_round]).fetchall()
                out = []
                for row in rows:
                    try:
                        out.append(convert(row))
                    except (ValueError, TypeError, AttributeError):
                        bad += 1
                if out:
                    con.execute(f"INSERT INTO {_q(table)} SELECT * FROM (SELECT {unnest}) "
                                f"WHERE _c0 NOT IN (SELECT {first} FROM {_q(table)})",
                                [list(col) for col in zip(*out, strict=True)])
                done += len(out)
            con.execute(f"DROP TABLE {_q(old)}")
            if bad:
                log.warning("dropped %d unreadable rows of %s while converting", bad, table)
            log.info("converted %d rows of %s", done, table)
    finally:
        con.close()


class DuckStore:
    """The run's records and the analysis cache in ``out_dir/storyline.duckdb``.

    Args:
        out_dir: the run's output folder (created when missing).

    Raises:
        MissingDependency: ``duckdb`` is not installed.
        StoreError: the database cannot be opened.
    """

    name = "duckdb"

    def __init__(self, out_dir: Path) -> None:
        try:
            import duckdb
        except ImportError as exc:
            raise MissingDependency("the duckdb store needs duckdb: pip install "
                                    "'storyline[duckdb]' (or use --store files)") from exc
        self._duckdb = duckdb
        self.path = Path(out_dir) / DB_NAME
        self.memory_limit = MEMORY_LIMIT  # DuckDB's per connection ('' for its default)
        self.checkpoint_threshold = CHECKPOINT_THRESHOLD  # WAL size of an automatic checkpoint
        self.threads = THREADS  # DuckDB's worker threads per connection (0: one per core)
        self.row_group_size = ROW_GROUP_SIZE  # rows per appended row group (0: DuckDB's)
        self._held: Any = None  # the connection of an open session()
        self._calls = 0  # calls the held connection has served
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc}") from exc
        with self._connect() as con:
            con.execute(_ANALYSES_DDL)
            con.execute(_REPORTS_DDL)
            con.execute("CREATE TABLE IF NOT EXISTS storyline_meta (name VARCHAR PRIMARY KEY, "
                        "value VARCHAR)")
            found = con.execute(
                "SELECT value FROM storyline_meta WHERE name = 'schema_version'").fetchall()
            if found != [(SCHEMA_VERSION,)]:
                for table in _SCHEMA:
                    con.execute(f"DROP TABLE IF EXISTS {_q(table)}")
                con.execute("INSERT OR REPLACE INTO storyline_meta VALUES ('schema_version', ?)",
                            [SCHEMA_VERSION])
            for table in _SCHEMA:
                con.execute(_table_ddl(table))
        # (a conversion's rounds are large and resumable: no limit, no failed commit to redo)
        _migrate_caches(lambda: self._open(read_only=False, limited=False))

    @contextmanager
    def session(self) -> Iterator[None]:
        """Hold one connection for every call inside the block (a run's many cache reads and
        writes), instead of opening, checkpointing and closing the file per call; it is opened
        again every ``_RECYCLE_CALLS`` calls, which frees what DuckDB's buffer kept. The file is
        locked to other processes meanwhile. Nested sessions share the outer one."""
        if self._held is not None:
            yield
            return
        self._held = self._open(read_only=False)
        try:
            yield
        finally:
            con, self._held = self._held, None
            con.close()

    def _open(self, read_only: bool, limited: bool = True) -> Any:
        try:
            if self.row_group_size:
                # (a setting of the attached file, not of a connection: the file is attached
                # to an in-memory database that holds nothing else)
                con = self._duckdb.connect(":memory:")
                options = [f"ROW_GROUP_SIZE {int(self.row_group_size)}"]
                if read_only:
                    options.append("READ_ONLY")
                con.execute(f"ATTACH ? AS store ({', '.join(options)})", [str(self.path)])
                con.execute("USE store")
            else:
                con = self._duckdb.connect(str(self.path), read_only=read_only)
            con.execute("SET enable_progress_bar = false")  # a library prints no bars
            if limited and self.memory_limit:
                con.execute(f"SET memory_limit = '{self.memory_limit}'")
            if self.threads:
                con.execute(f"SET threads = {int(self.threads)}")
            if self.checkpoint_threshold and not read_only:
                con.execute(f"SET checkpoint_threshold = '{self.checkpoint_threshold}'")
            return con
        except self._duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc

    def _commit(self, con: Any, work: Callable[[Any], None]) -> Any:
        """``work(con)`` in one transaction on ``con``; returns the connection to go on with.

        When DuckDB runs out of its memory limit, the transaction is rolled back and the
        connection is dead (DuckDB invalidates its database): the file is opened again without
        the limit and ``work`` runs once more there. That connection is returned (and becomes
        the held one if ``con`` was); the next ``_reopen`` brings the limit back.
        """
        try:
            con.execute("BEGIN TRANSACTION")
            work(con)
            con.execute("COMMIT")
            return con
        except self._duckdb.Error as exc:
            if not _out_of_memory(exc):
                raise
            log.warning("DuckDB ran out of its %s memory limit in %s (%s); the transaction is "
                        "done again without the limit", self.memory_limit, self.path,
                        str(exc).splitlines()[0][:200])
        held = con is self._held
        try:
            con.close()
        except self._duckdb.Error:
            pass  # the connection is already dead
        con = self._open(read_only=False, limited=False)
        if held:
            self._held = con
        con.execute("BEGIN TRANSACTION")
        work(con)
        con.execute("COMMIT")
        return con

    @contextmanager
    def _connect(self, read_only: bool = False) -> Iterator[Any]:
        if self._held is not None:  # inside session(): the held connection, left open
            self._calls += 1
            if self._calls % _RECYCLE_CALLS == 0:  # let DuckDB's buffer go (``_RECYCLE_CALLS``)
                self._reopen(self._held)
            yield self._held
            return
        con = self._open(read_only)
        try:
            yield con
        finally:
            con.close()

    # ----------------------------------------------------------------- analysis cache

    def get_analyses(self, keys: Sequence[str]) -> dict[str, ArticleAnalysis]:
        """Return the cached analyses among ``keys``; an unreadable entry counts as a miss."""
        return self._get_cached("analyses", ("analysis", "embedding"), keys, _load_analysis)

    def put_analyses(self, analyses: Mapping[str, ArticleAnalysis], version: str = "") -> None:
        """Cache analyses under their keys, replacing entries with the same key.

        Args:
            analyses: cache key (``pipeline.analysis_key``) -> analysis.
            version: the analysis code version, kept for inspection (the key already holds it).
        """
        keys = list(analyses)
        packed = [_pack_analysis(analyses[k]) for k in keys]
        self._put_cached("analyses", (("article", "VARCHAR"), ("version", "VARCHAR"),
                                      ("analysis", "BLOB"), ("embedding", "BLOB")), keys,
                         [[analyses[k].article for k in keys], [version] * len(keys),
                          [p[0] for p in packed], [p[1] for p in packed]])

    def get_reports(self, keys: Sequence[str]) -> dict[str, StoryReport]:
        """Return the cached story reports among ``keys`` (``pipeline.report_key``)."""
        return self._get_cached("report_cache", ("report",), keys,
                                lambda blob: StoryReport.from_dict(_unpack(blob)))

    def put_reports(self, reports: Mapping[str, StoryReport]) -> None:
        """Cache story reports under their keys, replacing entries with the same key."""
        keys = list(reports)
        self._put_cached("report_cache", (("story", "VARCHAR"), ("report", "BLOB")), keys,
                         [[reports[k].id for k in keys], [_pack(reports[k]) for k in keys]])

    def _get_cached(
        self, table: str, columns: Sequence[str], keys: Sequence[str], load: Any
    ) -> dict[str, Any]:
        if not keys:
            return {}
        cols = ", ".join(f"a.{_q(c)}" for c in columns)
        rows: list[tuple[Any, ...]] = []

        def work(con: Any) -> None:
            rows.clear()  # (done again without the limit: from the start)
            for i in range(0, len(keys), _READ_KEYS):
                rows.extend(con.execute(
                    f'SELECT a."key", {cols} FROM {_q(table)} a '
                    'JOIN (SELECT unnest(?::VARCHAR[]) AS "key") k ON a."key" = k."key"',
                    [list(keys[i:i + _READ_KEYS])],
                ).fetchall())

        # a read can run out of the limit too (a batch of stories' cached reports: a 100k run
        # failed there, "failed to pin block"): it is done again without it, as a write is
        with self._connect() as con:
            now = self._commit(con, work)
            if now is not con and now is not self._held:
                now.close()
        out: dict[str, Any] = {}
        for key, *values in rows:
            try:
                out[key] = load(*values)
            except (ValueError, TypeError, KeyError, zlib.error) as exc:
                log.warning("ignoring unreadable cached %s %s: %s", table, key, exc)
        return out

    def _put_cached(
        self, table: str, columns: Sequence[tuple[str, str]], keys: list[str],
        values: list[list[Any]],
    ) -> None:
        if not keys:
            return
        names = ", ".join(['"key"', *(_q(c) for c, _ in columns)])
        unnest = ", ".join([f"unnest(?::{t}[])" for t in ("VARCHAR", *(t for _, t in columns))])
        def work(con: Any) -> None:
            con.execute(f'DELETE FROM {_q(table)} WHERE "key" IN (SELECT unnest(?::VARCHAR[]))',
                        [keys])
            con.execute(f"INSERT INTO {_q(table)} ({names}) SELECT {unnest}", [keys, *values])

        with self._connect() as con:
            now = self._commit(con, work)
            if now is not con and now is not self._held:
                now.close()  # a retry's own connection (the first closes with its block)

    # ----------------------------------------------------------------- run records

    def write_run(
        self, articles: Sequence[Article], reports: Sequence[StoryReport], rejects: Sequence[Reject]
    ) -> None:
        """Replace the previous run's rows with this run's, in one transaction.

        Raises:
            StoreError: the database rejected the rows (nothing is changed then).
        """
        self.write_run_batches([(articles, reports)], rejects)

    def write_run_batches(
        self, batches: Iterable[tuple[Sequence[Article], Sequence[StoryReport]]],
        rejects: Iterable[Reject],
        replace_stories: Collection[str] | None = None,
    ) -> None:
        """``write_run`` a batch at a time (each batch: reports with their stories' articles).

        Each batch's rows go into Parquet files of a staging folder beside the database
        (``.storyline-run/``), written by an in-memory DuckDB connection, so memory holds one
        batch's rows however large the run and the database file is not touched while the run
        is written: no commit and no checkpoint of it runs per batch. One last transaction then
        replaces the previous run's tables with the staged files, so a reader sees the old run
        or the new one, never part; the staging folder is removed either way.

        With ``replace_stories`` (a windowed ``--add``), the last transaction replaces only
        the rows of those stories and of the stories and articles the batches hold; every other
        row of the previous run stays. The rejects are always this run's.

        Raises:
            StoreError: the database rejected the rows (the previous run's tables stay).
        """
        stage = self.path.parent / STAGE_DIR
        n_articles = n_reports = 0
        staged_stories: list[str] = []  # (a windowed run's: their earlier rows go)
        staged_articles: list[str] = []
        parts: dict[str, list[str]] = {t: [] for t in RUN_TABLES}
        try:
            shutil.rmtree(stage, ignore_errors=True)  # a killed run's leftovers
            stage.mkdir(parents=True)
            mem = self._duckdb.connect(":memory:")
            try:
                mem.execute("SET enable_progress_bar = false")
                if self.memory_limit:
                    mem.execute(f"SET memory_limit = '{self.memory_limit}'")
                for articles, reports in batches:
                    self._stage(mem, stage, _run_rows(articles, reports, []), parts)
                    if replace_stories is not None:
                        staged_stories.extend(r.id for r in reports)
                        staged_articles.extend(a.id for a in articles)
                    n_articles += len(articles)
                    n_reports += len(reports)
                batch: list[Reject] = []
                for r in rejects:
                    batch.append(r)
                    if len(batch) >= 10_000:
                        self._stage(mem, stage, _run_rows([], [], batch), parts)
                        batch = []
                self._stage(mem, stage, _run_rows([], [], batch), parts)
            finally:
                mem.close()

            def swap(con: Any) -> None:
                if replace_stories is not None:
                    _forget(con, [*replace_stories, *staged_stories], staged_articles)
                for table, cols in _SCHEMA.items():
                    if replace_stories is None or table == "rejects":
                        con.execute(f"DROP TABLE IF EXISTS {_q(table)}")
                    con.execute(_table_ddl(table))
                    names = ", ".join(_q(c) for c, _ in cols)
                    # one statement a file: a statement over all of a table's files reads
                    # them in parallel and ran out of the limit where the stories' large
                    # reports were (a 20k replay in batches of 1,100 articles: 521 MB after
                    # the retry without the limit, 247 MB a file at a time, no retry)
                    for part in parts[table]:
                        con.execute(f"INSERT INTO {_q(table)} ({names}) SELECT {names} "
                                    "FROM read_parquet(?)", [part])

            with self._connect() as con:
                now = self._commit(con, swap)
                if now is not con and now is not self._held:
                    now.close()  # a retry's own connection (the first closes with its block)
        except self._duckdb.Error as exc:
            raise StoreError(f"cannot write the run into {self.path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot stage the run's rows in {stage}: {exc}") from exc
        finally:  # written, failed or interrupted: the old run or the new one, no staged rows
            shutil.rmtree(stage, ignore_errors=True)
        log.debug("stored %d articles and %d stories in %s", n_articles, n_reports, self.path)

    def _stage(self, mem: Any, stage: Path, rows: dict[str, list[tuple[Any, ...]]],
               parts: dict[str, list[str]]) -> None:
        """Write each table's rows of one batch as a Parquet file under ``stage``."""
        for table, table_rows in rows.items():
            if not table_rows:
                continue
            cols = _SCHEMA[table]
            values = ", ".join(f"unnest(?::{t}[]) AS {_q(c)}" for c, t in cols)
            path = stage / f"{table}-{len(parts[table]):06d}.parquet"
            columns = [list(col) for col in zip(*table_rows, strict=True)]
            copy = (f"COPY (SELECT {values}) TO '{_sql_path(path)}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
            try:
                mem.execute(copy, columns)
            except self._duckdb.Error as exc:
                # one value larger than the limit (the report of a story of thousands of
                # articles: ~11 KB of JSON an article) cannot be staged under it; the in-memory
                # connection outlives the error, so the file is written again without the limit
                if not (self.memory_limit and _out_of_memory(exc)):
                    raise
                log.info("staging %d %s rows needs more than DuckDB's %s memory limit; "
                         "written without it", len(table_rows), table, self.memory_limit)
                mem.execute("RESET memory_limit")
                try:
                    mem.execute(copy, columns)
                finally:
                    mem.execute(f"SET memory_limit = '{self.memory_limit}'")
            parts[table].append(str(path))

    def _reopen(self, con: Any) -> Any:
        """``con`` closed and the file opened again (the held connection too, inside a
        session), which frees what DuckDB's buffer kept."""
        held = con is self._held
        con.close()
        con = self._open(read_only=False)
        if held:
            self._held = con
        return con

    @staticmethod
    def _insert(con: Any, table: str, rows: list[tuple[Any, ...]], into: str | None = None) -> None:
        """Insert rows of ``table``'s shape column-wise (into ``into``, default the table itself):
        one statement, each column passed as one list."""
        if not rows:
            return
        cols = _SCHEMA[table]
        names = ", ".join(_q(c) for c, _ in cols)
        values = ", ".join(f"unnest(?::{t}[])" for _, t in cols)
        columns = [list(col) for col in zip(*rows, strict=True)]
        con.execute(f"INSERT INTO {_q(into or table)} ({names}) SELECT {values}", columns)

    def load_articles(self) -> list[Article]:
        """The stored run's articles, in id order."""
        names = [c for c, _ in _SCHEMA["articles"]]
        rows = self.query(
            f"SELECT {', '.join(_q(c) for c in names)} FROM articles ORDER BY id"
        )
        return [Article(**dict(zip(names, r, strict=True))) for r in rows]

    def load_reports(self) -> list[StoryReport]:
        """The stored run's story reports, in id order."""
        rows = self.query("SELECT report FROM stories ORDER BY id")
        return [StoryReport.from_dict(_unpack(r[0])) for r in rows]

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run SQL on the store, read-only, and return all rows.

        Raises:
            StoreError: the SQL failed (the message holds DuckDB's reason) or the store is missing.
        """
        if not self.path.is_file():
            raise StoreError(f"no database at {self.path}")
        with self._connect(read_only=True) as con:
            try:
                result = con.execute(sql, list(params) if params is not None else None)
                return [tuple(r) for r in result.fetchall()] if result.description else []
            except self._duckdb.Error as exc:
                raise StoreError(f"query failed on {self.path}: {exc}") from exc
