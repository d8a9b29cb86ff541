"""Event mentions on the seed pages (``samples/seeds``) and on a parser-less language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.analyze.dates import find_times, infer_reference
from storyline.analyze.entities import extract_entities
from storyline.analyze.events import extract_events
from storyline.analyze.nlp import load_pipeline
from storyline.records import Article, EventMention

AMN = "000_fac84f17711a65d7.txt"
STRAITS = "001_f6cdfdc212c4f800.txt"


@pytest.fixture(scope="module")
def nlp_en() -> Any:
    return load_pipeline("en")


def _events(seeds_dir: Path, nlp: Any, name: str, published: str | None) -> list[EventMention]:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    article = Article(id=name, text=text, published=published, language="en")
    doc = nlp(text)
    reference, kind = infer_reference(article, doc)
    times = find_times(doc, article, reference, kind)
    return extract_events(doc, article, times, extract_entities(doc, article))


@pytest.mark.parametrize(
    ("name", "published", "trigger", "date"),
    [
        (AMN, "2022-07-08", "call", "2022-02-20"),
        (AMN, "2022-07-08", "invasion", "2022-02-24"),
        (STRAITS, None, "discussion", "2022-02-20"),
        (STRAITS, None, "invasion", "2022-02-24"),
    ],
)
def test_events_call_and_invasion(
    seeds_dir: Path, nlp_en: Any, name: str, published: str | None, trigger: str, date: str
) -> None:
    events = _events(seeds_dir, nlp_en, name, published)
    assert any(e.trigger == trigger and e.date == date for e in events)


@pytest.mark.parametrize(("name", "published"), [(AMN, "2022-07-08"), (STRAITS, None)])
def test_events_spans_slice_and_stamp_is_no_event(
    seeds_dir: Path, nlp_en: Any, name: str, published: str | None
) -> None:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    events = _events(seeds_dir, nlp_en, name, published)
    assert events
    for e in events:
        assert text[e.start : e.end] == e.text
        assert "\n" not in e.text.strip()  # a clause or sentence, never a paragraph run
        assert "July 08, 2022" not in e.text
        assert e.summary and len(e.summary.split()) <= 12


@pytest.mark.parametrize(
    ("text", "lang", "date"),
    [
        (
            "Die Regierung traf sich am Mittwoch in Berlin. Danach gab es keine Erklärung.",
            "de",
            "2022-07-06",
        ),
        (
            "Путин выступил с обращением в среду. Позже Кремль ничего не сообщил.",
            "ru",
            "2022-07-06",
        ),
    ],
)
def test_events_without_parser(text: str, lang: str, date: str) -> None:
    nlp = load_pipeline(lang)
    article = Article(id="x", text=text, published="2022-07-08", language=lang)
    doc = nlp(text)
    times = find_times(doc, article, "2022-07-08", "published")
    events = extract_events(doc, article, times, [])
    assert len(events) == 1
    assert events[0].date == date
    assert events[0].text == text.split(". ")[0] + "."
    assert events[0].trigger


@pytest.mark.parametrize(
    "text", ["The vote took place on March 3, 2021. Protests erupted two days after the vote."]
)
def test_events_anchor_without_own_date(text: str) -> None:
    nlp = load_pipeline("en")
    article = Article(id="x", text=text, language="en")
    doc = nlp(text)
    times = find_times(doc, article, None, None)
    events = extract_events(doc, article, times, [])
    anchored = [e for e in events if e.anchor_text]
    assert len(anchored) == 1
    assert anchored[0].anchor_text == "the vote"
    assert anchored[0].offset_days == 2
    assert anchored[0].date is None


def test_events_summary_keeps_the_name_and_the_writing(nlp_en: Any) -> None:
    """A long subject keeps the words up to its head, so the name stays ("foreign minister
    Sergei Lavrov", not "Russia 's foreign minister Sergei"), and words are joined as written."""
    text = "Russia's foreign minister Sergei Lavrov said on Wednesday that Moscow was ready."
    article = Article(id="x", text=text, published="2024-03-08", language="en")
    doc = nlp_en(text)
    reference, kind = infer_reference(article, doc)
    events = extract_events(doc, article, find_times(doc, article, reference, kind),
                            extract_entities(doc, article))
    (said,) = [e for e in events if e.trigger == "say"]
    assert "Sergei Lavrov said" in said.summary
    assert " 's" not in said.summary
