"""Pipeline behaviour: stable story ids, cache reuse, bad input reported and skipped."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

import storyline
from storyline.settings import load_settings

GOOD_TEXT = (
    "French President Emmanuel Macron said on Tuesday that the cathedral would be rebuilt.\n\n"
    "“We will rebuild Notre Dame together,” Macron told reporters outside the burning building.\n"
)


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.mark.parametrize("orders", [((0, 1), (1, 0))])
def test_pipeline_story_ids_ignore_input_order(
    seeds_dir: Path, tmp_path: Path, orders: tuple[tuple[int, int], ...]
) -> None:
    from storyline.records import story_id_for

    files = sorted(seeds_dir.glob("*.txt"))
    rows = [{"id": f.name, "text": f.read_text("utf-8")} for f in files]
    seen = []
    for n, order in enumerate(orders):
        inp = _jsonl(tmp_path / f"in{n}.jsonl", [rows[i] for i in order])
        result = storyline.run([inp], None, load_settings(progress=False, on_error="raise"))
        for story in result.stories:
            assert story.id == story_id_for(story.articles)
            assert story.topic == "t-" + story.id.removeprefix("s-")  # a topic of its own
        assert {r.id: r.topic for r in result.reports} == {
            s.id: s.topic for s in result.stories}
        seen.append(sorted((s.id, s.articles) for s in result.stories))
    assert all(s == seen[0] for s in seen)


@pytest.mark.parametrize("n_runs", [2])
def test_pipeline_second_run_reuses_analyses(seeds_dir: Path, tmp_path: Path, n_runs: int) -> None:
    out = tmp_path / "out"
    settings = load_settings(progress=False, on_error="raise")
    results = [storyline.run([seeds_dir], out, settings) for _ in range(n_runs)]
    assert results[0].stats["counters"].get("analyses_reused", 0) == 0
    assert results[-1].stats["counters"]["analyses_reused"] == len(results[-1].articles)
    # the stories too: same articles, same analyses, same code -> the stored reports
    assert results[0].stats["counters"].get("reports_reused", 0) == 0
    assert results[-1].stats["counters"]["reports_reused"] == len(results[-1].stories) > 0
    first = [r.to_dict() for r in results[0].reports]
    last = [r.to_dict() for r in results[-1].reports]
    assert first == last


@pytest.mark.parametrize("killed_after", [2])
def test_pipeline_killed_run_resumes_from_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, killed_after: int
) -> None:
    """Analyses are stored batch by batch: a run killed mid-analysis keeps what it finished."""
    from storyline.analyze import Analyzer

    rows = [{"id": f"n{i}", "text": GOOD_TEXT.replace("Tuesday", day), "published": "2019-04-16"}
            for i, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])]
    inp = _jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out"
    settings = load_settings(progress=False, on_error="raise", analyze={"batch_size": 1})
    real_call = Analyzer.__call__
    calls = {"n": 0}

    def dies(self, batch):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > killed_after:
            raise KeyboardInterrupt  # the run is killed
        return real_call(self, batch)

    monkeypatch.setattr(Analyzer, "__call__", dies)
    with pytest.raises(KeyboardInterrupt):
        storyline.run([inp], out, settings)
    monkeypatch.setattr(Analyzer, "__call__", real_call)
    resumed = storyline.run([inp], out, settings)
    assert resumed.stats["counters"]["analyses_reused"] == killed_after
    assert len(resumed.articles) == len(rows)
    fresh = storyline.run([inp], tmp_path / "fresh", settings)
    assert [r.to_dict() for r in resumed.reports] == [r.to_dict() for r in fresh.reports]


def _bad_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.html").write_text("<html><body><div><p>unclosed <b>", "utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        gz.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nHTTP/1.1 200")
    (folder / "truncated.warc.gz").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (folder / "mixed.jsonl").write_text(
        json.dumps({"id": "good-1", "text": GOOD_TEXT, "published": "2019-04-16"}) + "\n"
        + "{not json at all\n"
        + json.dumps({"id": "good-2", "text": GOOD_TEXT.replace("Tuesday", "Monday")}) + "\n",
        "utf-8",
    )
    (folder / "latin1.txt").write_bytes(
        "title: Café\n---\nLe président a déclaré mardi que la cathédrale serait rebâtie.\n"
        .encode("cp1252")
    )


@pytest.mark.parametrize("expected_rejects", [{"empty.txt", "truncated.warc.gz", "mixed.jsonl"}])
def test_pipeline_bad_input_reported_and_skipped(
    tmp_path: Path, expected_rejects: set[str]
) -> None:
    folder = tmp_path / "in"
    _bad_inputs(folder)
    out = tmp_path / "out"
    result = storyline.run([folder], out, load_settings(progress=False))
    ids = {a.id for a in result.articles}
    assert {"good-1", "good-2", "latin1.txt"} <= ids
    latin = next(a for a in result.articles if a.id == "latin1.txt")
    assert "président" in latin.text and "cathédrale" in latin.text
    rejected = {Path(r.source).name for r in result.rejects}
    assert expected_rejects <= rejected
    assert "binary.html" in rejected or "binary.html" not in ids
    bad_line = [r for r in result.rejects if Path(r.source).name == "mixed.jsonl"]
    assert bad_line and bad_line[0].record == "2" and bad_line[0].reason
    lines = (out / "rejects.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(result.rejects)


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["report", "--help"],
                                  ["inspect", "--help"]])
def test_cli_help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from storyline.cli import main

    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    assert "storyline" in capsys.readouterr().out


@pytest.mark.parametrize("args,code", [(["run", "/nonexistent/path", "--out", "x"], 2)])
def test_cli_missing_input_exit_code(args: list[str], code: int, tmp_path: Path) -> None:
    from storyline.cli import main

    assert main(args[:-1] + [str(tmp_path / "x")]) == code


def test_pipeline_add_keeps_story_ids(seeds_dir: Path, tmp_path: Path) -> None:
    """A second batch with --add joins the stories of the first; their ids stay."""
    files = sorted(seeds_dir.glob("*.txt"))
    seed = [{"id": f.name, "text": f.read_text("utf-8")} for f in files]
    other = {"id": "notre-dame", "text": GOOD_TEXT, "published": "2019-04-16"}
    out = tmp_path / "out"
    settings = load_settings(progress=False, on_error="raise")
    first = storyline.run([_jsonl(tmp_path / "a.jsonl", [seed[0], other])], out, settings)
    before = {a.id: a.story for a in first.articles}
    assert before[seed[0]["id"]] != before["notre-dame"]

    added = storyline.run([_jsonl(tmp_path / "b.jsonl", [seed[1]])], out,
                          load_settings(progress=False, on_error="raise", add=True))
    after = {a.id: a.story for a in added.articles}
    assert set(after) == {seed[0]["id"], seed[1]["id"], "notre-dame"}
    assert after[seed[1]["id"]] == after[seed[0]["id"]] == before[seed[0]["id"]]
    assert after["notre-dame"] == before["notre-dame"]
    assert added.stats["counters"]["analyses_reused"] == 2  # the earlier articles
    assert added.stats["counters"]["reports_reused"] == 1  # the story that did not change
    rows = [json.loads(x) for x in (out / "articles.jsonl").read_text("utf-8").splitlines()]
    assert {r["id"]: r["story"] for r in rows} == after

    # without --add, a run on one article of the story keeps that story's id too
    alone = storyline.run([_jsonl(tmp_path / "c.jsonl", [seed[1]])], out, settings)
    assert [a.story for a in alone.articles] == [before[seed[0]["id"]]]


@pytest.mark.parametrize(
    ("members", "previous", "expected"),
    [
        # a story that grew keeps its id; a new one gets the hash of its members
        ({"x": ["a", "b", "c"], "y": ["d"]}, {"a": "s1", "b": "s1"}, {"x": "s1", "y": None}),
        # a split: the larger share keeps the id, the other part is new
        ({"x": ["a"], "y": ["b", "c"]}, {"a": "s1", "b": "s1", "c": "s1"}, {"x": None, "y": "s1"}),
        # a merge of two earlier stories takes the id of the one it shares most with
        ({"x": ["a", "b", "c"]}, {"a": "s1", "b": "s2", "c": "s2"}, {"x": "s2"}),
    ],
)
def test_stable_story_ids(
    members: dict[str, list[str]], previous: dict[str, str], expected: dict[str, str | None]
) -> None:
    from storyline.cluster.ids import stable_story_ids
    from storyline.records import story_id_for

    named = stable_story_ids(members, previous)
    assert named == {k: v or story_id_for(members[k]) for k, v in expected.items()}


def _stream_rows() -> list[dict[str, str]]:
    """Five articles of two stories, a wire copy of the first and a repeated id."""
    fire = [{"id": f"fire{i}", "published": "2019-04-16", "outlet": f"o{i}.example",
             "text": GOOD_TEXT.replace("Tuesday", day)}
            for i, day in enumerate(["Monday", "Tuesday", "Wednesday"])]
    quake = {"id": "quake", "published": "2019-04-20", "outlet": "o9.example", "text": (
        "A magnitude 6.1 earthquake struck off the coast of Taiwan on Thursday, officials said.\n\n"
        "“The shaking lasted nearly a minute,” said Chen Wei, a resident of Hualien.\n")}
    copy = {**fire[0], "id": "fire0-copy", "outlet": "wire.example"}
    return [*fire, quake, copy, {**quake, "text": "A second record with the id quake."}]


def test_pipeline_streamed_in_small_chunks_same_stories(tmp_path: Path) -> None:
    """Chunks of two documents give the stories, copies and rejects of a single chunk."""
    inp = _jsonl(tmp_path / "in.jsonl", _stream_rows())
    whole = storyline.run([inp], tmp_path / "whole", load_settings(progress=False))
    small = storyline.run([inp], tmp_path / "small", load_settings(progress=False, chunk_size=2))
    assert [a.id for a in small.articles] == ["fire0", "fire1", "fire2", "quake", "fire0-copy"]
    assert ({a.id: (a.story, a.duplicate_of) for a in small.articles}
            == {a.id: (a.story, a.duplicate_of) for a in whole.articles})
    assert {a.id: a.duplicate_of for a in small.articles}["fire0-copy"] == "fire0"
    assert [r.reason for r in small.rejects] == ["duplicate_id"]
    assert [r.to_dict() for r in small.reports] == [r.to_dict() for r in whole.reports]
    assert len(small.stories) == 2
    assert len({s.topic for s in small.stories}) == 2  # a fire and a quake: two topics
    for story in small.stories:
        doc = json.loads((tmp_path / "small" / "stories" / f"{story.id}.json").read_text("utf-8"))
        assert doc["topic"] == story.topic
    assert not list((tmp_path / "small").glob(".storyline-spill-*"))  # the spill is removed


def test_pipeline_without_kept_records_writes_the_same(tmp_path: Path) -> None:
    """``keep_records=False`` (the CLI): nothing held in the result, the same files written."""
    inp = _jsonl(tmp_path / "in.jsonl", _stream_rows())
    kept = storyline.run([inp], tmp_path / "kept", load_settings(progress=False))
    lean = storyline.run([inp], tmp_path / "lean",
                         load_settings(progress=False, keep_records=False, chunk_size=3))
    assert lean.articles == [] and lean.reports == [] and lean.analyses == []
    assert lean.summary() == kept.summary()
    for name in ("articles.jsonl", "rejects.jsonl"):
        assert (tmp_path / "lean" / name).read_bytes() == (tmp_path / "kept" / name).read_bytes()
    stories = sorted(p.name for p in (tmp_path / "kept" / "stories").glob("*.json"))
    assert stories == sorted(p.name for p in (tmp_path / "lean" / "stories").glob("*.json"))
    for name in stories:
        assert ((tmp_path / "lean" / "stories" / name).read_bytes()
                == (tmp_path / "kept" / "stories" / name).read_bytes())
    from storyline.store.duckdb import DuckStore

    db = DuckStore(tmp_path / "lean")
    assert db.query("SELECT count(*) FROM articles") == [(5,)]
    assert db.query("SELECT count(*) FROM stories") == [(2,)]
    assert db.query("SELECT count(*) FROM rejects") == [(1,)]


def test_pipeline_report_page_shows_largest_stories(tmp_path: Path) -> None:
    """A run with more stories than the page shows names how many are left off."""
    inp = _jsonl(tmp_path / "in.jsonl", _stream_rows())
    storyline.run([inp], tmp_path / "out", load_settings(progress=False, report_max_stories=1))
    page = (tmp_path / "out" / "report" / "index.html").read_text("utf-8")
    assert "shows the 1 largest stories; the other story is in" in page
    assert "fire0" in page and "Hualien" not in page  # the larger story is the one shown


def test_pipeline_rejects_streamed_to_disk(tmp_path: Path) -> None:
    """Every reject reaches rejects.jsonl and the summary; a lean result holds the first few."""
    from storyline.pipeline import REJECTS_SHOWN

    bad = REJECTS_SHOWN + 5
    lines = [json.dumps({"id": "good", "text": GOOD_TEXT, "published": "2019-04-16"})]
    lines += [f'{{"id": "broken{i}", "text": ' for i in range(bad)]  # cut-short lines
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", "utf-8")
    lean = storyline.run([inp], tmp_path / "out",
                         load_settings(progress=False, keep_records=False, chunk_size=7))
    assert len(lean.rejects) == REJECTS_SHOWN
    assert lean.summary()["skipped"] == bad and lean.summary()["articles"] == 1
    written = (tmp_path / "out" / "rejects.jsonl").read_text("utf-8").splitlines()
    assert len(written) == bad
    assert [json.loads(x)["record"] for x in written[:2]] == [r.record for r in lean.rejects[:2]]
    kept = storyline.run([inp], tmp_path / "kept", load_settings(progress=False))
    assert len(kept.rejects) == bad and kept.summary() == lean.summary()


@pytest.mark.parametrize(("n", "max_articles", "shown"), [
    (2, 100, {"big", "mid"}),
    (3, 5, {"big", "small"}),  # "mid" would pass the article budget; "small" still fits
    (3, 2, {"big"}),  # the largest story is always shown
])
def test_report_page_story_choice(n: int, max_articles: int, shown: set[str]) -> None:
    from storyline.pipeline import _largest

    groups = [("mid", ["m1", "m2"]), ("big", ["b1", "b2", "b3", "b4"]), ("small", ["s1"])]
    assert _largest(groups, n, max_articles) == shown


def test_pipeline_copies_items_read_back_as_links_only(tmp_path: Path) -> None:
    """A streamed run parks its clustering items on disk and reads back in full only what the
    blocking plan reads (the originals); the copies come back as id and copy link, and the plan
    and the stories are those of the full items."""
    import pickle

    import numpy as np

    from storyline.cluster.link import cluster_articles, plan_blocks
    from storyline.pipeline import _run_items
    from storyline.records import ClusterItem
    from storyline.settings import ClusterSettings
    from storyline.store.spill import Spill

    rng = np.random.default_rng(5)
    centres = rng.standard_normal((3, 16))
    items = []
    for i in range(30):
        v = centres[i % 3] + 0.1 * rng.standard_normal(16)
        items.append(ClusterItem(id=f"a{i:02d}", embedding=tuple(float(x) for x in v /
                                                                   np.linalg.norm(v)),
                                 entities=(f"e{i % 3}", f"x{i}"), date=f"2021-03-{10 + i % 3}",
                                 terms=((f"t{i % 3}", 1.0), (f"w{i}", 1.7))))
    # a12 copies a00, a13 copies a01; a29 copies an article that is not in the run
    copies = {"a12": "a00", "a13": "a01", "a29": "gone"}
    full = [i.replace(duplicate_of=copies[i.id]) if i.id in copies else i for i in items]
    with Spill(tmp_path) as spill:
        spill.put("item", items)
        back = _run_items(spill, copies)
    assert [i.id for i in back] == [i.id for i in items]
    by_id = {i.id: i for i in back}
    assert by_id["a12"].duplicate_of == "a00" and by_id["a12"].entities == ()  # a link only
    assert by_id["a29"] == full[29]  # its original is not in the run: an original itself
    assert by_id["a05"] == items[5]
    cfg = ClusterSettings()
    plans = [plan_blocks(x, cfg) for x in (back, full)]
    assert plans[0].ids == plans[1].ids and plans[0].idf == plans[1].idf
    assert pickle.dumps(plans[0]) == pickle.dumps(plans[1])  # rows hold arrays
    assert cluster_articles(back, cfg) == cluster_articles(full, cfg)
