"""The contract's JSON files: keys, spans, atomic replacement of an earlier run's output."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from storyline.errors import ContractError
from storyline.records import Article, Reject, StoryReport, span_of
from storyline.store.files import ARTICLE_KEYS, atomic_write, validate_outputs, write_outputs

Run = tuple[list[Article], list[StoryReport], list[Reject]]


@pytest.mark.parametrize("stats", [{"counters": {"documents_read": 3}}])
def test_files_write_contract_layout(tmp_path: Path, seed_run: Run, stats: dict) -> None:
    articles, reports, rejects = seed_run
    write_outputs(tmp_path, articles, reports, rejects, stats)
    lines = (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(articles)
    for line, article in zip(lines, articles, strict=True):
        row = json.loads(line)
        assert tuple(row)[: len(ARTICLE_KEYS)] == ARTICLE_KEYS
        assert row["text"] == article.text and row["id"] == article.id
    story = json.loads((tmp_path / "stories" / f"{reports[0].id}.json").read_text("utf-8"))
    mention = story["statements"][0]["mentions"][0]
    assert {"kind", "speaker_text", "language", "article", "start", "end", "text"} <= set(mention)
    assert story["statements"][0]["speaker"] == {"name": "Sergei Lavrov",
                                                 "entity": reports[0].entities[0].id}
    assert all("outlet" in p for p in story["conflicts"][0]["positions"])
    assert StoryReport.from_dict(story) == reports[0]
    assert [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()] == [
        r.to_dict() for r in rejects]
    assert json.loads((tmp_path / "stats.json").read_text()) == stats
    assert validate_outputs(tmp_path) == []
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("stale", ["s-000000000000.json"])
def test_files_second_run_removes_stale_stories(tmp_path: Path, seed_run: Run, stale: str) -> None:
    articles, reports, rejects = seed_run
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / stale).write_text("{}", encoding="utf-8")
    write_outputs(tmp_path, articles, reports, rejects, {})
    assert sorted(p.name for p in (tmp_path / "stories").iterdir()) == [f"{reports[0].id}.json"]
    write_outputs(tmp_path, articles, [], [], {})
    assert list((tmp_path / "stories").iterdir()) == []


@pytest.mark.parametrize("shift", [1])
def test_files_validate_reports_a_bad_span(tmp_path: Path, seed_run: Run, shift: int) -> None:
    articles, reports, rejects = seed_run
    write_outputs(tmp_path, articles, reports, rejects, {})
    path = tmp_path / "stories" / f"{reports[0].id}.json"
    story = json.loads(path.read_text("utf-8"))
    story["claims"][0]["support"][0]["start"] += shift
    path.write_text(json.dumps(story), encoding="utf-8")
    problems = validate_outputs(tmp_path)
    assert len(problems) == 1 and "claim" in problems[0]
    with pytest.raises(ContractError, match="claim"):
        validate_outputs(tmp_path, strict=True)


@pytest.mark.parametrize("text", ["Ünïcödé «quotes» and 中文 text."])
def test_files_unicode_round_trip(tmp_path: Path, text: str) -> None:
    article = Article(id="u/1", text=text, language="fr")
    write_outputs(tmp_path, [article], [], [], {})
    row = json.loads((tmp_path / "articles.jsonl").read_text(encoding="utf-8"))
    assert Article.from_dict(row) == article
    assert span_of(row["id"], row["text"], 0, 7).text == "Ünïcödé"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_files_outputs_take_the_umask(tmp_path: Path, seed_run: Run, umask: int, mode: int) -> None:
    """Output files get a plain new file's permissions: readable by others under umask 022."""
    articles, reports, rejects = seed_run
    old = os.umask(umask)
    try:
        write_outputs(tmp_path, articles, reports, rejects, {"counters": {}})
    finally:
        os.umask(old)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"articles.jsonl", "stats.json", "rejects.jsonl"}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {oct(mode)}


@pytest.mark.parametrize("fail_after", [0, 2])
def test_files_atomic_write_failure_keeps_the_old_file(tmp_path: Path, fail_after: int) -> None:
    """A write that fails part-way leaves the old file as it was and no temporary file."""
    path = tmp_path / "out.txt"
    assert atomic_write(path, ["old ", "text"]) == 8

    def chunks():
        for n in range(10):
            if n == fail_after:
                raise RuntimeError("render failed")
            yield f"new {n} "

    with pytest.raises(RuntimeError, match="render failed"):
        atomic_write(path, chunks())
    assert path.read_text(encoding="utf-8") == "old text"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
