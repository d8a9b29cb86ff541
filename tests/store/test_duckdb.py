"""DuckDB store: round trip, analysis cache across runs, SQL for users, factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.records import Article, Reject, StoryReport
from storyline.store.base import Store, make_store
from storyline.store.duckdb import RUN_TABLES, STAGE_DIR, DuckStore

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


@pytest.mark.parametrize("held", [False, True])
def test_duckdb_batches_replace_the_run_or_leave_it(
    tmp_path: Path, seed_run: Run, held: bool
) -> None:
    """Batches are staged as Parquet files and swap in at the end; a failed write keeps the old
    run (inside a session or not), and no staged file is left either way."""
    from contextlib import nullcontext

    store = DuckStore(tmp_path)
    with store.session() if held else nullcontext():
        _batches_replace_the_run_or_leave_it(store, seed_run)


def _batches_replace_the_run_or_leave_it(store: DuckStore, seed_run: Run) -> None:
    articles, reports, rejects = seed_run
    store.write_run(articles, reports, rejects)
    before = {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES}
    by_id = {a.id: a for a in articles}
    batches = [([by_id[a] for a in r.articles], [r]) for r in reports]
    batches.append(([a for a in articles if a.id not in {x for r in reports for x in r.articles}],
                     []))

    def failing():  # the batches stop half way: the reader sees no half run
        yield batches[0]
        yield batches[1]
        raise StoreError("disk full")

    stage = store.path.parent / STAGE_DIR
    seen: list[int] = []

    def watched():  # the staged files exist while the batches are written
        for b in batches:
            seen.append(len(list(stage.glob("articles-*.parquet"))))
            yield b

    with pytest.raises(StoreError):
        store.write_run_batches(failing(), rejects)
    assert {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES} == before
    assert not stage.exists()
    store.write_run_batches(watched(), iter(rejects))
    assert seen[:2] == [0, 1]
    assert {t: store.query(f'select count(*) from "{t}"')[0][0] for t in RUN_TABLES} == before
    assert store.load_reports() == reports
    assert not stage.exists()
    tables = {r[0] for r in store.query("select table_name from information_schema.tables")}
    assert tables >= set(RUN_TABLES)


def test_duckdb_failed_swap_keeps_the_old_run(
    tmp_path: Path, seed_run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A staged file DuckDB cannot read fails the last transaction: every table of the previous
    run stays as it was (none half replaced), and the staged files are removed."""
    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.write_run(articles, reports, rejects)
    before = {t: store.query(f'select * from "{t}" order by all') for t in RUN_TABLES}
    stage_one = DuckStore._stage

    def corrupt(self, mem, stage, rows, parts):  # the statements' file is cut short
        stage_one(self, mem, stage, rows, parts)
        if parts["statements"]:
            Path(parts["statements"][-1]).write_bytes(b"PAR1 not a parquet file")

    monkeypatch.setattr(DuckStore, "_stage", corrupt)
    with pytest.raises(StoreError, match="cannot write the run"):
        store.write_run([a.replace(title="new") for a in articles], reports, rejects)
    assert {t: store.query(f'select * from "{t}" order by all') for t in RUN_TABLES} == before
    assert not (tmp_path / STAGE_DIR).exists()


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


def _old_format_file(path: Path, analyses: dict, reports: dict, bad: int = 0) -> None:
    """A store file as the JSON-text caches wrote it (before compressed rows)."""
    import json

    import duckdb

    con = duckdb.connect(str(path / "storyline.duckdb"))
    con.execute('CREATE TABLE analyses ("key" VARCHAR PRIMARY KEY, article VARCHAR, '
                "version VARCHAR, analysis VARCHAR, stored_at TIMESTAMP DEFAULT current_timestamp)")
    con.execute('CREATE TABLE report_cache ("key" VARCHAR PRIMARY KEY, story VARCHAR, '
                "report VARCHAR, stored_at TIMESTAMP DEFAULT current_timestamp)")
    for k, an in analyses.items():
        con.execute("INSERT INTO analyses (key, article, version, analysis) VALUES (?, ?, '1', ?)",
                    [k, an.article, json.dumps(an.to_dict(), ensure_ascii=False)])
    for n in range(bad):
        con.execute("INSERT INTO analyses (key, article, version, analysis) VALUES (?, 'x', '1', ?)",
                    [f"bad-{n}", "{not json"])
    for k, rep in reports.items():
        con.execute("INSERT INTO report_cache (key, story, report) VALUES (?, ?, ?)",
                    [k, rep.id, json.dumps(rep.to_dict(), ensure_ascii=False)])
    con.close()


def test_duckdb_cache_rows_are_compressed_and_vectors_exact(tmp_path: Path, seed_run: Run) -> None:
    import json

    from storyline.records import vector

    articles, reports, _ = seed_run
    # a full-size vector of values JSON would print with nine digits
    vec = vector((-1) ** i * (i + 0.123456789) / 511.0 for i in range(512))
    analyses = {f"1:{a.id}": build_analysis(a).replace(embedding=vec) for a in articles}
    store = DuckStore(tmp_path)
    store.put_analyses(analyses, version="1")
    store.put_reports({f"r:{r.id}": r for r in reports})
    got = DuckStore(tmp_path).get_analyses(list(analyses))
    assert got == analyses and all(g.embedding == vec for g in got.values())
    sizes = store.query("select sum(octet_length(analysis) + octet_length(embedding)) "
                        "from analyses")[0][0]
    as_json = sum(len(json.dumps(a.to_dict(), ensure_ascii=False).encode()) for a in analyses.values())
    assert sizes < 0.6 * as_json
    assert store.query("select octet_length(embedding) from analyses limit 1") == [(2048,)]
    assert DuckStore(tmp_path).get_reports([f"r:{r.id}" for r in reports]) == {
        f"r:{r.id}": r for r in reports}


def test_duckdb_old_json_caches_are_converted_on_open(
    tmp_path: Path, seed_run: Run, caplog: pytest.LogCaptureFixture
) -> None:
    articles, reports, _ = seed_run
    analyses = {f"1:{a.id}": build_analysis(a) for a in articles}
    cached = {f"r:{r.id}": r for r in reports}
    _old_format_file(tmp_path, analyses, cached, bad=1)
    with caplog.at_level("INFO", logger="storyline.store.duckdb"):
        store = DuckStore(tmp_path)
    assert store.get_analyses([*analyses, "bad-0"]) == analyses
    assert store.get_reports(list(cached)) == cached
    assert "dropped 1 unreadable rows of analyses" in caplog.text
    assert store.query("select count(*) from information_schema.tables "
                       "where table_name like '%_v1'") == [(0,)]
    assert store.query("select data_type from information_schema.columns where "
                       "table_name = 'analyses' and column_name = 'analysis'") == [("BLOB",)]
    # a second open finds nothing to convert
    caplog.clear()
    with caplog.at_level("INFO", logger="storyline.store.duckdb"):
        assert DuckStore(tmp_path).get_analyses(list(analyses)) == analyses
    assert "converting" not in caplog.text


def _old_stories(path: Path, reports: list[StoryReport]) -> None:
    """Turn a written run's ``stories.report`` back into JSON text (the format before stop 27)."""
    import json

    import duckdb

    con = duckdb.connect(str(path / "storyline.duckdb"))
    con.execute("CREATE TABLE old AS SELECT id, title, topic, n_articles, outlets, "
                "''::VARCHAR AS report FROM stories")
    for r in reports:
        con.execute("UPDATE old SET report = ? WHERE id = ?",
                    [json.dumps(r.to_dict(), ensure_ascii=False), r.id])
    con.execute("DROP TABLE stories")
    con.execute("ALTER TABLE old RENAME TO stories")
    con.close()


def test_duckdb_old_json_stories_are_converted_on_open(
    tmp_path: Path, seed_run: Run, caplog: pytest.LogCaptureFixture
) -> None:
    articles, reports, rejects = seed_run
    DuckStore(tmp_path).write_run(articles, reports, rejects)
    n_mentions = DuckStore(tmp_path).query("select count(*) from statement_mentions")
    _old_stories(tmp_path, reports)
    with caplog.at_level("INFO", logger="storyline.store.duckdb"):
        store = DuckStore(tmp_path)
    assert f"converted {len(reports)} rows of stories" in caplog.text
    assert store.load_reports() == sorted(reports, key=lambda r: r.id)
    assert store.query("select data_type from information_schema.columns where "
                       "table_name = 'stories' and column_name = 'report'") == [("BLOB",)]
    # the other run tables are kept as they were (a windowed --add keeps them as written)
    assert store.query("select count(*) from statement_mentions") == n_mentions


@pytest.mark.parametrize("table", ["analyses", "stories"])
def test_duckdb_killed_conversion_resumes(
    tmp_path: Path, seed_run: Run, monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    from storyline.store import duckdb as store_module

    articles, reports, rejects = seed_run
    analyses = {f"1:{a.id}": build_analysis(a) for a in articles}
    if table == "analyses":
        _old_format_file(tmp_path, analyses, {})
        real, rows = store_module._old_analysis, len(analyses)
    else:
        reports = [*reports, *(r.replace(id=f"{r.id}-copy") for r in reports)]  # rows to resume
        DuckStore(tmp_path).write_run(articles, reports, rejects)
        _old_stories(tmp_path, reports)
        real, rows = store_module._old_story, len(reports)
    seen: list[str] = []

    def killed_after_one(row):  # the process dies while converting the second row
        if seen:
            raise KeyboardInterrupt
        seen.append(row[0])
        return real(row)

    monkeypatch.setattr(store_module, "_OLD_FORMATS", tuple(
        (t, d, c, killed_after_one if f is real else f, ty, 1)
        for t, d, c, f, ty, _ in store_module._OLD_FORMATS))
    with pytest.raises(KeyboardInterrupt):
        DuckStore(tmp_path)
    monkeypatch.undo()
    store = DuckStore(tmp_path)
    assert store.query(f"select count(*) from {table}") == [(rows,)]
    if table == "analyses":
        assert store.get_analyses(list(analyses)) == analyses
    else:
        assert store.load_reports() == sorted(reports, key=lambda r: r.id)
    assert store.query("select count(*) from information_schema.tables "
                       f"where table_name = '{table}_v1'") == [(0,)]


def test_duckdb_session_opens_its_connection_again_every_few_calls(
    tmp_path: Path, seed_run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.store import duckdb as store_module

    articles, reports, rejects = seed_run
    monkeypatch.setattr(store_module, "_RECYCLE_CALLS", 3)
    store = DuckStore(tmp_path)
    analyses = {f"key-{a.id}": build_analysis(a) for a in articles}
    seen = []
    with store.session():
        for _ in range(4):
            store.put_analyses(analyses)
            seen.append(store._held)
            assert store.get_analyses(list(analyses)) == analyses
            seen.append(store._held)
        store.write_run(articles, reports, rejects)
    assert len({id(c) for c in seen}) == 3  # 9 calls: opened again after the 3rd and the 6th
    assert DuckStore(tmp_path).load_reports() == reports


def test_duckdb_commit_over_the_memory_limit_is_done_again_without_it(
    tmp_path: Path, seed_run: Run, caplog: pytest.LogCaptureFixture,
) -> None:
    """A transaction that needs more than DuckDB's memory limit (which kills the connection)
    is done again on a connection without the limit: nothing is lost, and the limit comes
    back with the next opening."""
    import os

    from storyline.records import vector

    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.memory_limit = "4MB"  # far below one batch of these rows
    store.row_group_size = 0  # DuckDB's own row groups (small ones fit more under a limit)
    rng = os.urandom  # incompressible bytes: the rows cannot shrink below the limit
    analyses = {f"k{i:05d}": build_analysis(articles[0]).replace(
        article=f"a{i}", embedding=vector(b / 255 for b in rng(512)),
        sentences=()) for i in range(4000)}
    with store.session():
        first = store._held
        store.put_analyses(analyses)
        assert store._held is not first  # the retry's connection is the held one now
        assert store.get_analyses(["k00007", "k03999"]) == {
            k: analyses[k] for k in ("k00007", "k03999")}
        store.write_run(articles, reports, rejects)
    assert "memory limit" in caplog.text
    fresh = DuckStore(tmp_path)
    assert len(fresh.get_analyses(list(analyses))) == 4000
    assert fresh.load_reports() == reports
    limits = []
    for limited in (True, False):
        con = fresh._open(read_only=True, limited=limited)
        limits.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        con.close()
    assert limits[0] != limits[1] and "MiB" in limits[0]  # 64MB here, DuckDB's default there


def test_duckdb_appended_tables_keep_small_row_groups(tmp_path: Path, seed_run: Run) -> None:
    """The store's tables grow in row groups of ``row_group_size`` rows (a checkpoint rewrites
    the last, growing one), not DuckDB's 122,880; a file written so opens as any other."""
    import duckdb

    from storyline.store.duckdb import ROW_GROUP_SIZE

    articles, _reports, _rejects = seed_run
    store = DuckStore(tmp_path)
    analyses = {f"k{i:05d}": build_analysis(articles[0]).replace(article=f"a{i}", sentences=())
                for i in range(3 * ROW_GROUP_SIZE + 10)}
    with store.session():
        for start in range(0, len(analyses), 1000):  # several commits, as a run makes them
            keys = list(analyses)[start:start + 1000]
            store.put_analyses({k: analyses[k] for k in keys})
    con = duckdb.connect(str(store.path), read_only=True)  # a plain connection reads it
    groups = con.execute("SELECT count(DISTINCT row_group_id), count(*) FROM "
                         "pragma_storage_info('analyses')").fetchone()
    rows = con.execute("SELECT count(*) FROM analyses").fetchone()[0]
    con.close()
    assert rows == len(analyses)
    assert groups[0] >= 4  # 3 full groups and the rest
    assert len(DuckStore(tmp_path).get_analyses(["k00000", f"k{len(analyses) - 1:05d}"])) == 2


def test_duckdb_report_larger_than_the_memory_limit_is_written(
    tmp_path: Path, seed_run: Run, caplog: pytest.LogCaptureFixture,
) -> None:
    """A story's report whose JSON alone exceeds DuckDB's memory limit (a story of thousands of
    articles) is staged and loaded all the same: the run is written, not failed."""
    import logging
    import os

    articles, reports, rejects = seed_run
    store = DuckStore(tmp_path)
    store.memory_limit = "4MB"
    # incompressible text, 6 MB: one value over the limit
    big = reports[0].replace(title=os.urandom(3 << 20).hex())
    with caplog.at_level(logging.INFO, logger="storyline.store.duckdb"), store.session():
        store.write_run_batches([(articles, [big])], rejects)
    assert "written without it" in caplog.text  # the staging needed more than the limit
    loaded = DuckStore(tmp_path).load_reports()
    assert loaded == [big]
    assert DuckStore(tmp_path).query("SELECT length(title) FROM stories") == [(6 << 20,)]
    assert not (tmp_path / ".storyline-run").exists()


def test_duckdb_cache_read_larger_than_the_memory_limit_is_read(
    tmp_path: Path, seed_run: Run, caplog: pytest.LogCaptureFixture,
) -> None:
    """Cached reports that DuckDB cannot read back under its memory limit (a 100k run failed
    there: "failed to pin block") are read again without it: the run goes on."""
    import logging
    import os

    _, reports, _ = seed_run
    store = DuckStore(tmp_path)
    big = {f"k{i}": reports[0].replace(title=os.urandom(1 << 20).hex()) for i in range(6)}
    store.put_reports(big)
    store.memory_limit = "4MB"
    with caplog.at_level(logging.WARNING, logger="storyline.store.duckdb"), store.session():
        got = store.get_reports([*big, "missing"])
    assert got == big
    assert "done again without the limit" in caplog.text
