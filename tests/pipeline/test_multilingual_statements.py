"""One press appearance told by ten outlets in ten languages: every remark one statement
across languages and scripts, every mention credited to the one speaker
(tests/fixtures/multilingual)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import storyline
from storyline.settings import load_settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "multilingual"
ALL = {"en", "fr", "es", "de", "ru", "it", "pl", "ar", "id", "ko"}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multilingual")
    storyline.run([FIXTURES], out, load_settings(progress=False, on_error="raise"))
    return out


@pytest.fixture(scope="module")
def story(run_dir: Path) -> dict[str, Any]:
    out = run_dir
    stories = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "stories").glob("*.json")]
    assert len(stories) == 1
    return stories[0]


def _statement(story: dict[str, Any], words: str) -> dict[str, Any]:
    hits = [st for st in story["statements"] if any(words in m["text"] for m in st["mentions"])]
    assert len(hits) == 1, words
    return hits[0]


def _languages(statement: dict[str, Any]) -> set[str]:
    return {m["language"] for m in statement["mentions"]}


def test_one_story_one_speaker_for_every_mention(story: dict[str, Any]) -> None:
    assert len(story["articles"]) == 10
    speakers = {st["speaker"]["entity"] for st in story["statements"]}
    assert len(speakers) == 1 and None not in speakers
    (lavrov,) = [e for e in story["entities"] if e["id"] in speakers]
    assert {"Лавров", "Lawrow", "Ławrow", "سيرغي لافروف", "세르게이 라브로프"} <= set(
        lavrov["aliases"]) | {
        lavrov["name"]}
    assert {st["said_on"] for st in story["statements"]} == {"2024-03-06"}


def test_the_direct_quote_is_one_statement_in_ten_languages(story: dict[str, Any]) -> None:
    st = _statement(story, "We have never refused negotiations")
    # the Polish in a dialogue dash, the Arabic after "وقال لافروف للصحفيين …:"
    assert _languages(st) == ALL
    assert all(m["kind"] == "direct" for m in st["mentions"])


def test_reported_speech_each_language_its_own_way(story: dict[str, Any]) -> None:
    sanctions = _statement(story, "He added that sanctions had failed")
    # "Selon lui", "Añadió que" (no subject written), the German subjunctive, "Ha aggiunto che",
    # "Dodał, że", "وأكد أن" (the subject in the verb), "Ia menambahkan bahwa", "그는 …다고 밝혔다"
    assert _languages(sanctions) == {"en", "fr", "es", "de", "it", "pl", "ar", "id", "ko"}
    weapons = _statement(story, "But the West must stop supplying weapons.")
    # "Der Westen müsse …" (subjunctive, no verb of saying), "По его словам, …", "Według niego",
    # "وأضاف أن …"
    assert {"de", "ru", "pl", "ar", "id", "ko"} <= _languages(weapons)
    talks = _statement(story, "Lavrov says Moscow ready for talks")
    assert _languages(talks) == ALL


def test_the_report_marks_each_rendering_with_its_language(run_dir: Path) -> None:
    page = (run_dir / "report" / "index.html").read_text(encoding="utf-8")
    # Arabic runs right to left: each rendering and article text carries its language
    assert '<blockquote lang="ar" dir="auto">' in page
    assert '<blockquote lang="pl" dir="auto">' in page
    assert '<div class="text" lang="ar" dir="auto">' in page
