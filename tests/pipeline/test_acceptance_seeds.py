"""Acceptance on the two seed pages (samples/seeds): one story, two outlets, different wording.

The whole pipeline runs once on the seeds (real spaCy, trafilatura-free text path, the encoder,
DuckDB and the report) and every check of the end-to-end issue is asserted on its output files.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import storyline
from storyline.settings import load_settings

AMN = "000_fac84f17711a65d7.txt"
STRAITS = "001_f6cdfdc212c4f800.txt"
BOILERPLATE = [
    "Join our brand new verified AMN Telegram channel",
    "Skip to content",
    "• by",
    "Read More",
    "Leave a Reply",
    "Your email address will not be published.",
]


@pytest.fixture(scope="module")
def seed_run(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("seed-run")
    result = storyline.run([seeds_dir], out, load_settings(progress=False, on_error="raise"))
    articles = {
        json.loads(line)["id"]: json.loads(line)
        for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    }
    stories = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "stories").glob("*.json")]
    return {"out": out, "result": result, "articles": articles, "stories": stories}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).casefold()


def _statements(run: dict[str, Any]) -> list[dict[str, Any]]:
    return [st for story in run["stories"] for st in story["statements"]]


def _statement_with(run: dict[str, Any], words: str) -> dict[str, Any]:
    hits = [st for st in _statements(run)
            if any(_fold(words) in _fold(m["text"]) for m in st["mentions"])]
    assert hits, f"no statement quotes {words!r}"
    return hits[0]


def _all_spans(story: dict[str, Any]) -> list[dict[str, Any]]:
    spans = []
    for ent in story["entities"]:
        spans += ent["mentions"]
    for st in story["statements"]:
        spans += st["mentions"]
    for ev in story["events"]:
        spans += ev["evidence"]
    for cl in story["claims"]:
        spans += cl["support"] + cl["contradicted_by"]
    for co in story["conflicts"]:
        spans += co["positions"]
    return spans


@pytest.mark.parametrize("files", [(AMN, STRAITS)])
def test_acceptance_both_pages_one_story(seed_run: dict[str, Any], files: tuple[str, str]) -> None:
    arts = seed_run["articles"]
    assert set(files) <= set(arts)
    assert arts[files[0]]["story"] is not None
    assert arts[files[0]]["story"] == arts[files[1]]["story"]
    story = next(s for s in seed_run["stories"] if s["id"] == arts[files[0]]["story"])
    assert set(files) <= set(story["articles"])


@pytest.mark.parametrize("article,published", [(AMN, "2022-07-08"), (STRAITS, None)])
def test_acceptance_publication_dates(
    seed_run: dict[str, Any], article: str, published: str | None
) -> None:
    assert seed_run["articles"][article]["published"] == published


@pytest.mark.parametrize("words", ["We always say what we think"])
def test_acceptance_lavrov_statement_both_outlets(seed_run: dict[str, Any], words: str) -> None:
    st = _statement_with(seed_run, words)
    assert {m["article"] for m in st["mentions"]} >= {AMN, STRAITS}
    assert re.fullmatch(r"Serge[iy] Lavrov", st["speaker"]["name"])
    assert st["said_on"] == "2022-07-06"


@pytest.mark.parametrize(
    "words,speaker,said_on",
    [
        ("We don’t give a damn about the separatists’ proposals", "Emmanuel Macron", "2022-02-20"),
        ("hardly worth expecting the French side", "Maria Zakharova", "2022-07-03"),
    ],
)
def test_acceptance_said_on(
    seed_run: dict[str, Any], words: str, speaker: str, said_on: str
) -> None:
    st = _statement_with(seed_run, words)
    assert speaker.split()[-1] in st["speaker"]["name"]
    assert st["said_on"] == said_on


@pytest.mark.parametrize(
    "evidence_word,date", [("call", "2022-02-20"), ("invasion", "2022-02-24")]
)
def test_acceptance_events_dated(seed_run: dict[str, Any], evidence_word: str, date: str) -> None:
    events = [ev for s in seed_run["stories"] for ev in s["events"]]
    dated = [ev for ev in events if ev["date"] == date
             and any(evidence_word in e["text"].lower() for e in ev["evidence"])]
    assert dated, f"no event about {evidence_word!r} dated {date}: {[(e['summary'], e['date']) for e in events]}"


@pytest.mark.parametrize("stamp", ["July 08, 2022"])
def test_acceptance_stamp_not_an_event(seed_run: dict[str, Any], stamp: str) -> None:
    for story in seed_run["stories"]:
        for ev in story["events"]:
            assert all(stamp not in e["text"] for e in ev["evidence"]), ev


@pytest.mark.parametrize("sides", [("leak", "reveal")])
def test_acceptance_framing_conflict(seed_run: dict[str, Any], sides: tuple[str, str]) -> None:
    framing = [c for s in seed_run["stories"] for c in s["conflicts"] if c["kind"] == "framing"]
    found = [
        c for c in framing
        if any(sides[0] in p["text"].lower() and p["article"] == AMN for p in c["positions"])
        and any(sides[1] in p["text"].lower() and p["article"] == STRAITS for p in c["positions"])
    ]
    assert found, f"framing conflicts: {[[p['text'] for p in c['positions']] for c in framing]}"


@pytest.mark.parametrize("line", BOILERPLATE)
def test_acceptance_boilerplate_absent(seed_run: dict[str, Any], line: str) -> None:
    for art in seed_run["articles"].values():
        assert line not in art["text"]
    for story in seed_run["stories"]:
        assert line not in story["title"]
        for span in _all_spans(story):
            assert line not in span["text"]


@pytest.mark.parametrize("kind", ["spans"])
def test_acceptance_spans_slice_articles(seed_run: dict[str, Any], kind: str) -> None:
    arts = seed_run["articles"]
    spans = [sp for story in seed_run["stories"] for sp in _all_spans(story)]
    assert spans
    for sp in spans:
        assert arts[sp["article"]]["text"][sp["start"]:sp["end"]] == sp["text"]


@pytest.mark.parametrize("artifact", ["report/index.html", "storyline.duckdb", "stats.json"])
def test_acceptance_outputs_written(seed_run: dict[str, Any], artifact: str) -> None:
    assert (seed_run["out"] / artifact).is_file()
