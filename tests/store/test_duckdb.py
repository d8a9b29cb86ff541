"""DuckDB store: round trip, analysis cache across runs, SQL for users, factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.records import Article, Reject, StoryReport
from storyline.store.base import Store, make_store
from storyline.store.duckdb import RUN_TABLES, DuckStore

from .conftest import build_analysis

Run = tuple[list[Article], list[StoryReport], list[Reject]]


@pytest.mark.parametrize("kind", ["duckdb"])
def test_duckdb_round_trip(tmp_path: Path, seed_run: Run, kind: str) -> None:
    articles, reports, rejects = seed_run
    store = make_store(kind, tmp_path)
    assert isinstance(store, DuckStore) and isinstance(store, Store)
    store.write_run(articles, reports, rejects)
    assert store.load_reports() == reports
    assert store.load_articles() == sorted(articles, key=lambda a: a.id)
    assert (tmp_path / "storyline.duckdb").is_file()


@pytest.mark.parametrize(("sql", "expected"), [
    ("select count(*) from statements", lambda r: len(r[0].statements)),
    ("select count(*) from statement_mentions",
     lambda r: sum(len(s.mentions) for s in r[0].statements)),
    ("select count(*) from story_articles", lambda r: len(r[0].articles)),
    ("select count(*) from claims where status = 'corroborated'", lambda r: 1),
])
def test_duckdb_query_counts(tmp_path: Path, seed_run: Run, sql: str, expected) -> None:
    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.write_run(articles, reports, rejects)
    assert store.query(sql) == [(expected(reports),)]


@pytest.mark.parametrize("table", ["statement_mentions"])
def test_duckdb_mention_spans_slice_articles(tmp_path: Path, seed_run: Run, table: str) -> None:
    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.write_run(articles, reports, rejects)
    rows = store.query(
        f'select m.text, substr(a.text, m.start + 1, m."end" - m.start), m.outlet '
        f"from {table} m join articles a on a.id = m.article"
    )
    assert rows and all(r[0] == r[1] for r in rows)
    assert {r[2] for r in rows} == {a.outlet for a in articles}


@pytest.mark.parametrize("runs", [2])
def test_duckdb_write_run_replaces_previous(tmp_path: Path, seed_run: Run, runs: int) -> None:
    articles, reports, rejects = seed_run
    for _ in range(runs):
        DuckStore(tmp_path).write_run(articles, reports, rejects)
    store = DuckStore(tmp_path)
    assert store.query("select count(*) from articles") == [(len(articles),)]
    store.write_run(articles[:1], [], [])
    counts = {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES}
    assert counts == {t: (1 if t == "articles" else 0) for t in RUN_TABLES}


@pytest.mark.parametrize("version", ["1"])
def test_duckdb_analysis_cache_hit_on_second_run(
    tmp_path: Path, seed_run: Run, version: str
) -> None:
    articles = seed_run[0]
    analyses = {f"{version}:{a.id}": build_analysis(a) for a in articles}
    DuckStore(tmp_path).put_analyses(analyses, version=version)
    # a new store object on the same folder, as a second run would open it
    again = DuckStore(tmp_path)
    keys = [*analyses, "missing-key"]
    hit = again.get_analyses(keys)
    assert hit == analyses
    assert again.get_analyses([]) == {}
    changed = articles[0].replace(text=articles[0].text + " Lavrov")
    again.put_analyses({f"{version}:{articles[0].id}": build_analysis(changed)})
    assert again.query("select count(*) from analyses") == [(len(articles),)]
    assert again.get_analyses(keys)[f"{version}:{articles[0].id}"] == build_analysis(changed)


@pytest.mark.parametrize("sql", ["select * from no_such_table", "delete from articles"])
def test_duckdb_query_errors_are_store_errors(tmp_path: Path, sql: str) -> None:
    store = DuckStore(tmp_path)
    with pytest.raises(StoreError):
        store.query(sql)


@pytest.mark.parametrize("kind", ["sqlite", "DuckDB "])
def test_base_unknown_store_lists_valid_kinds(tmp_path: Path, kind: str) -> None:
    with pytest.raises(StoreError, match="duckdb, files"):
        make_store(kind, tmp_path)


@pytest.mark.parametrize("kind", ["files"])
def test_base_files_store_has_no_database(tmp_path: Path, seed_run: Run, kind: str) -> None:
    store = make_store(kind, tmp_path)
    store.write_run(*seed_run)
    store.put_analyses({"k": build_analysis(seed_run[0][0])})
    assert store.get_analyses(["k"]) == {}
    assert not (tmp_path / "storyline.duckdb").exists()
    with pytest.raises(StoreError, match="--store duckdb"):
        store.query("select 1")


def test_duckdb_batches_replace_the_run_or_leave_it(tmp_path: Path, seed_run: Run) -> None:
    """Batches land in staged tables and swap in at the end; a failed write keeps the old run."""
    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.write_run(articles, reports, rejects)
    before = {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES}
    by_id = {a.id: a for a in articles}
    batches = [([by_id[a] for a in r.articles], [r]) for r in reports]
    batches.append(([a for a in articles if a.id not in {x for r in reports for x in r.articles}],
                     []))

    def failing():  # the batches stop half way: the reader sees no half run
        yield batches[0]
        raise StoreError("disk full")

    with pytest.raises(StoreError):
        store.write_run_batches(failing(), rejects)
    assert {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES} == before
    staged = [r[0] for r in store.query("select table_name from information_schema.tables")
              if r[0].endswith("__new")]
    assert staged == []
    store.write_run_batches(iter(batches), iter(rejects))
    assert {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES} == before
    assert store.load_reports() == reports
    tables = {r[0] for r in store.query("select table_name from information_schema.tables")}
    assert not any(t.endswith("__new") for t in tables)


def test_duckdb_stories_keep_their_topic(tmp_path: Path, seed_run: Run) -> None:
    articles, reports, rejects = seed_run
    reports = [r.replace(topic="t-abc") for r in reports]
    store = DuckStore(tmp_path)
    store.write_run(articles, reports, rejects)
    assert store.query("select distinct topic from stories") == [("t-abc",)]
    assert store.load_reports() == reports


def test_duckdb_session_holds_one_connection_and_unlocks_after(tmp_path: Path,
                                                               seed_run: Run) -> None:
    import duckdb

    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    analyses = {f"key-{a.id}": build_analysis(a) for a in articles}
    with store.session():
        held = store._held
        store.put_analyses(analyses)
        with store.session():  # nested: the same connection
            assert store._held is held
            assert set(store.get_analyses(list(analyses))) == set(analyses)
        store.write_run(articles, reports, rejects)
        assert store.query("select count(*) from articles") == [(len(articles),)]
        assert store._held is held
        with pytest.raises(duckdb.IOException):  # locked to other processes' writers meanwhile
            _other_process_opens(store.path)
    assert store._held is None
    _other_process_opens(store.path)  # unlocked once the session ends
    assert set(DuckStore(tmp_path).get_analyses(list(analyses))) == set(analyses)


def _other_process_opens(path: Path) -> None:
    import subprocess
    import sys

    import duckdb

    code = f"import duckdb; duckdb.connect({str(path)!r}).close()"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True)
    if done.returncode:
        raise duckdb.IOException(done.stderr.strip().splitlines()[-1])
