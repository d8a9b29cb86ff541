"""A windowed ``--add``: earlier stories outside the window are kept as written, the others are
rebuilt with the new batch, and the outputs match an ``--add`` that clusters everything again."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

import storyline
from storyline.settings import load_settings
from storyline.store.earlier import Window
from storyline.store.files import validate_outputs
from tests.pipeline.test_pipeline import GOOD_TEXT as OTHER_TEXT
from tests.pipeline.test_pipeline import _jsonl


def _settings(**kw: object) -> object:
    return load_settings(progress=False, on_error="raise", **kw)


def _tables(out: Path) -> dict[str, list[tuple[object, ...]]]:
    import duckdb

    con = duckdb.connect(str(out / "storyline.duckdb"), read_only=True)
    try:
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in ("articles", "stories", "story_articles", "entities", "statements",
                          "statement_mentions", "events", "claims", "conflicts")}
    finally:
        con.close()


@pytest.mark.parametrize(
    ("days", "reach", "date", "expected"),
    [
        (["2022-07-06"], 7, "2022-06-29", True),  # exactly the reach before
        (["2022-07-06"], 7, "2022-06-28", False),
        (["2022-07-06T10:00:00+00:00"], 0, "2022-07-06", True),  # a time is read as its day
        (["2019-04-16", "2022-07-06"], 3, "2019-04-18", True),  # near any new date
        (["2022-07-06", None, "not a date"], 3, "2022-07-09", True),
        (["2022-07-06"], 30, None, False),  # an undated article lies in no window
        (["2022-07-06"], 30, "13 July", False),  # nor does a date that is not ISO
    ],
)
def test_window_covers(days: list[str | None], reach: int, date: str | None,
                       expected: bool) -> None:
    assert Window(days, reach).covers(date) is expected


def test_window_of_undated_input_is_empty() -> None:
    assert not Window([None, "undated"], 7)


def test_windowed_add_keeps_old_stories_as_written(seeds_dir: Path, tmp_path: Path) -> None:
    """A new article joins the story of the window; the story of three years before is kept
    byte for byte, in the files and the store, and every output equals a full --add's."""
    files = sorted(seeds_dir.glob("*.txt"))
    seed = [{"id": f.name, "text": f.read_text("utf-8")} for f in files]
    first = [{**seed[0], "published": "2022-07-08"},
             {"id": "notre-dame", "text": OTHER_TEXT, "published": "2019-04-16"}]
    out = tmp_path / "windowed"
    base = storyline.run([_jsonl(tmp_path / "a.jsonl", first)], out, _settings())
    before = {a.id: a.story for a in base.articles}
    old_story = out / "stories" / f"{before['notre-dame']}.json"
    old_bytes, old_mtime = old_story.read_bytes(), old_story.stat().st_mtime_ns
    old_line = next(x for x in (out / "articles.jsonl").read_text("utf-8").splitlines()
                    if '"notre-dame"' in x)
    full = tmp_path / "full"
    shutil.copytree(out, full)

    new = _jsonl(tmp_path / "b.jsonl", [{**seed[1], "published": "2022-07-07"}])
    windowed = storyline.run([new], out, _settings(add=True, add_window_days=7))
    again = storyline.run([new], full, _settings(add=True))

    counters = windowed.stats["counters"]
    assert counters["articles_kept_as_written"] == 1
    assert counters["stories_reopened"] == 1
    assert windowed.summary()["kept_as_written"] == 1
    assert "kept_as_written" not in again.summary()
    # the new article joined the seed story, which kept its id; only it was rebuilt
    after = {a.id: a.story for a in windowed.articles}
    assert after == {seed[0]["id"]: before[seed[0]["id"]], seed[1]["id"]: before[seed[0]["id"]]}
    assert [s.id for s in windowed.stories] == [before[seed[0]["id"]]]
    # the kept story: its file untouched, its article's line as it was
    assert old_story.read_bytes() == old_bytes
    assert old_story.stat().st_mtime_ns == old_mtime
    assert old_line in (out / "articles.jsonl").read_text("utf-8").splitlines()
    # every output equals the full --add's: articles, story files, store tables
    rows = [json.loads(x) for x in (out / "articles.jsonl").read_text("utf-8").splitlines()]
    rows_full = [json.loads(x) for x in (full / "articles.jsonl").read_text("utf-8").splitlines()]
    assert sorted(rows, key=lambda r: r["id"]) == sorted(rows_full, key=lambda r: r["id"])
    names = sorted(p.name for p in (out / "stories").glob("*.json"))
    assert names == sorted(p.name for p in (full / "stories").glob("*.json"))
    assert len(names) == 2
    for name in names:
        assert (json.loads((out / "stories" / name).read_text("utf-8"))
                == json.loads((full / "stories" / name).read_text("utf-8")))
    assert _tables(out) == _tables(full)
    assert validate_outputs(out, strict=True) == []


def test_windowed_add_rebuilds_a_story_whose_article_is_replaced(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """An input article with an earlier article's id re-opens that article's story, however
    old: the earlier copy goes, the story is rebuilt around the new one."""
    files = sorted(seeds_dir.glob("*.txt"))
    seed = [{"id": f.name, "text": f.read_text("utf-8"), "published": "2022-07-08"}
            for f in files]
    out = tmp_path / "out"
    storyline.run([_jsonl(tmp_path / "a.jsonl", seed)], out, _settings())
    edited = {**seed[1], "text": seed[1]["text"] + "\nAn update added later.\n",
              "published": "2023-01-01"}
    result = storyline.run([_jsonl(tmp_path / "b.jsonl", [edited])], out,
                           _settings(add=True, add_window_days=3))
    assert result.stats["counters"]["stories_reopened"] == 1
    assert result.stats["counters"]["articles_kept_as_written"] == 0
    rows = [json.loads(x) for x in (out / "articles.jsonl").read_text("utf-8").splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(s["id"] for s in seed)  # no id twice
    assert any("An update added later." in r["text"] for r in rows)
    ids = [r[0] for r in _tables(out)["articles"]]
    assert sorted(ids) == sorted(s["id"] for s in seed)


def test_windowed_add_of_undated_input_clusters_everything(
    seeds_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With no dated input article there is no window: the earlier articles are all clustered
    again (logged), as a plain --add does."""
    files = sorted(seeds_dir.glob("*.txt"))
    out = tmp_path / "out"
    storyline.run([_jsonl(tmp_path / "a.jsonl", [
        {"id": files[0].name, "text": files[0].read_text("utf-8"), "published": "2022-07-08"},
        {"id": "notre-dame", "text": OTHER_TEXT, "published": "2019-04-16"}])], out, _settings())
    # the seed page states its own date; the id-only row here is read with no date at all
    undated = {"id": "undated", "text": OTHER_TEXT.replace("Tuesday", "the day")}
    with caplog.at_level(logging.WARNING, logger="storyline.pipeline"):
        result = storyline.run([_jsonl(tmp_path / "b.jsonl", [undated])], out,
                               _settings(add=True, add_window_days=7))
    if any(a.published for a in result.articles if a.id == "undated"):
        pytest.skip("the text gave the article a date of its own")
    assert "every earlier article is clustered again" in caplog.text
    assert "articles_kept_as_written" not in result.stats["counters"]
    assert {a.id for a in result.articles} == {files[0].name, "notre-dame", "undated"}


def test_cli_window_days_needs_add(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storyline.cli import main

    inp = _jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": OTHER_TEXT}])
    assert main(["run", str(inp), "--out", str(tmp_path / "o"), "--window-days", "3"]) == 2
    assert "--window-days works with --add" in capsys.readouterr().err


def test_settings_reject_a_negative_window() -> None:
    from storyline.errors import SettingsError

    with pytest.raises(SettingsError, match="add_window_days"):
        load_settings(add_window_days=-1)


def test_cli_windowed_add_says_what_it_kept(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyline.cli import main

    seed = min(seeds_dir.glob("*.txt"))
    first = _jsonl(tmp_path / "a.jsonl", [
        {"id": seed.name, "text": seed.read_text("utf-8"), "published": "2022-07-08"},
        {"id": "notre-dame", "text": OTHER_TEXT, "published": "2019-04-16"}])
    out = str(tmp_path / "out")
    assert main(["run", str(first), "--out", out, "--workers", "1", "--no-progress"]) == 0
    later = _jsonl(tmp_path / "b.jsonl", [
        {"id": "later", "text": OTHER_TEXT.replace("Tuesday", "Friday"),
         "published": "2022-07-09"}])
    capsys.readouterr()
    assert main(["run", str(later), "--out", out, "--workers", "1", "--no-progress", "--add",
                 "--window-days", "7"]) == 0
    printed = capsys.readouterr().out
    assert "kept as written   1 earlier articles" in printed
    assert "articles read     2" in printed  # the seed page (re-opened) and the new one
