"""Claim statuses: copies count once, two outlets corroborate, a fact conflict makes conflicting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.reconcile.claims import build_claims
from storyline.records import Article, Conflict, Event, Position, span_of


def _articles(fixtures_dir: Path) -> dict[str, Article]:
    data = json.loads((fixtures_dir / "reconcile" / "numbers_times.json").read_text("utf-8"))
    return {a["id"]: Article.from_dict(a) for a in data["articles"]}


def _event(arts: dict[str, Article], phrase: str, ids: list[str]) -> Event:
    spans = []
    for aid in ids:
        text = arts[aid].text
        start = text.find(phrase)
        assert start >= 0
        spans.append(span_of(aid, text, start, start + len(phrase)))
    return Event("ev-1", "ferry capsized", "2023-05-01", tuple(spans))


@pytest.mark.parametrize(
    ("phrase", "ids", "status", "outlets"),
    [
        ("capsized", ["a-wire", "b-copy"], "single_source", ("Harbour Post",)),
        (
            "capsized",
            ["a-wire", "b-copy", "c-other"],
            "corroborated",
            ("Harbour Post", "Malta Daily"),
        ),
    ],
)
def test_claims_duplicate_counts_once(fixtures_dir, phrase, ids, status, outlets):  # type: ignore[no-untyped-def]
    arts = _articles(fixtures_dir)
    claims = build_claims("s", list(arts.values()), [], [], [_event(arts, phrase, ids)], [])
    event_claims = [c for c in claims if c.text.startswith("ferry capsized")]
    assert len(event_claims) == 1
    assert event_claims[0].status == status
    assert event_claims[0].outlets == outlets
    assert event_claims[0].text == "ferry capsized (2023-05-01)"


@pytest.mark.parametrize("phrase", ["12 people were killed"])
def test_claims_conflict_makes_conflicting(fixtures_dir, phrase):  # type: ignore[no-untyped-def]
    arts = _articles(fixtures_dir)
    a, c = arts["a-wire"], arts["c-other"]
    s = a.text.find(phrase)
    t = c.text.find("15 people were killed")
    conflict = Conflict(
        "c-1",
        "death toll",
        "fact",
        (
            Position(a.id, s, s + len(phrase), phrase, "Harbour Post"),
            Position(c.id, t, t + 21, c.text[t : t + 21], "Malta Daily"),
        ),
    )
    claims = build_claims("s", list(arts.values()), [], [], [], [conflict])
    touched = [
        cl
        for cl in claims
        if any(sp.article == "a-wire" and sp.start <= s < sp.end for sp in cl.support)
    ]
    assert touched and all(cl.status == "conflicting" for cl in touched)
    assert all([sp.article for sp in cl.contradicted_by] == ["c-other"] for cl in touched)
    singles = [cl for cl in claims if cl.status == "single_source"]
    assert singles
    for cl in claims:
        for sp in cl.support:
            assert arts[sp.article].text[sp.start : sp.end] == sp.text


@pytest.mark.parametrize("outlet", [None])
def test_claims_unknown_outlets_never_merge(outlet):  # type: ignore[no-untyped-def]
    text = "The ferry capsized at 18:30 off Valletta, the coastguard said."
    arts = [Article("x", text, outlet=outlet), Article("y", text, outlet=outlet)]
    start = text.find("capsized")
    ev = Event(
        "ev", "ferry capsized", None, tuple(span_of(a.id, a.text, start, start + 8) for a in arts)
    )
    claims = build_claims("s", arts, [], [], [ev], [])
    claim = next(c for c in claims if c.text == "ferry capsized")
    assert claim.status == "corroborated" and claim.outlets == ("x", "y")


@pytest.mark.parametrize("tail", ["and that “it is"])
def test_claims_clause_running_into_next_sentence_does_not_touch(tail):  # type: ignore[no-untyped-def]
    text = (
        "The agency said the ship has been refloated at 4.30 local time "
        "and that “it is insured.” The owner confirmed the news."
    )
    a = Article("a", text, outlet="A")
    other = Article("b", "The ship was refloated at 15:05 local time, the canal said.", "B")
    s = text.find("has been refloated")
    e = text.find(tail) + len(tail)
    pos_b = other.text.find("refloated at 15:05")
    conflict = Conflict(
        "c-1",
        "time",
        "fact",
        (
            Position("a", s, e, text[s:e], "A"),
            Position("b", pos_b, pos_b + 18, other.text[pos_b : pos_b + 18], "B"),
        ),
    )
    st = text.find("it is insured")
    insured = span_of("a", text, st, st + len("it is insured"))
    rs = text.find("refloated at 4.30")
    refloat = span_of("a", text, rs, rs + len("refloated at 4.30"))
    events = [
        Event("ev-1", "ship insured", None, (insured,)),
        Event("ev-2", "ship refloated", None, (refloat,)),
    ]
    claims = {c.text: c for c in build_claims("s", [a, other], [], [], events, [conflict])}
    assert claims["ship insured"].status == "single_source"
    assert claims["ship refloated"].status == "conflicting"
