"""Claim matching across outlets: one speaker or one agreeing figure, plus a span cosine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from storyline.reconcile.claim_match import (
    ClaimDraft,
    event_figures,
    match_claims,
    same_speaker,
)
from storyline.reconcile.claims import build_claims
from storyline.records import Article, Speaker, Statement, StatementMention, span_of


class _PairEmbedder:
    """Unit vectors with a chosen cosine between listed text pairs (others orthogonal)."""

    def __init__(self, cosines: dict[tuple[str, str], float]) -> None:
        self.vecs: dict[str, np.ndarray] = {}
        for k, ((a, b), cos) in enumerate(cosines.items()):
            va, vb = np.zeros(64, np.float32), np.zeros(64, np.float32)
            va[2 * k] = 1.0
            vb[2 * k], vb[2 * k + 1] = cos, math.sqrt(1 - cos * cos)
            self.vecs[a], self.vecs[b] = va, vb

    def encode(self, texts):  # type: ignore[no-untyped-def]
        rows = []
        for k, t in enumerate(texts):
            v = np.zeros(64, np.float32)
            v[40 + k % 24] = 1.0  # unlisted texts: orthogonal to the listed ones
            rows.append(self.vecs.get(t, v))
        return np.stack(rows)


def _draft(kind: str, key: str, article: str, text: str, **kw: str) -> ClaimDraft:
    return ClaimDraft(kind, key, text, (span_of(article, text, 0, len(text)),), **kw)


@pytest.mark.parametrize(
    ("a", "b", "entity_a", "entity_b", "same"),
    [
        (
            "Evergreen Marine Corp",
            "the vessel's operator, Evergreen Marine Corp.",
            None,
            None,
            True,
        ),
        ("President", "President Macron", None, None, False),
        ("Kremlin spokesman", "Dmitry Peskov", None, None, False),
        ("Peskov", "Песков", "e-1", "e-1", True),
        ("Alexander Lukashenko", "Alexander Stubb", None, None, False),
    ],
)
def test_same_speaker(a, b, entity_a, entity_b, same):  # type: ignore[no-untyped-def]
    da = _draft("statement", "1", "x", "words", speaker=a, speaker_entity=entity_a)
    db = _draft("statement", "2", "y", "words", speaker=b, speaker_entity=entity_b)
    assert same_speaker(da, db) is same


def test_event_figures_agree_across_languages_and_skip_descriptions():  # type: ignore[no-untyped-def]
    en = event_figures(["The family pledged 100 million euros for the effort."])
    de = event_figures(["Die Familie will rund 100 Millionen Euro bereitstellen."])
    assert en and en == de
    assert not event_figures(["The 400-metre vessel is 850 years old."])
    assert not event_figures(["Two tugs and two guides escorted the ship."])
    assert event_figures(["113 ships were expected to pass."]) == event_figures(["with 113 ships"])


@pytest.mark.parametrize(("cos", "joined"), [(0.65, True), (0.55, False)])
def test_one_speaker_joins_above_threshold(cos, joined):  # type: ignore[no-untyped-def]
    a, b = "We are sorry for the delay.", "The owner apologised for the delay."
    drafts = [
        _draft("statement", "1", "x", a, speaker="Shoei Kisen"),
        _draft("statement", "2", "y", b, speaker="Shoei Kisen"),
    ]
    groups = match_claims(drafts, [frozenset("A"), frozenset("B")], _PairEmbedder({(a, b): cos}))
    assert groups == ([[0, 1]] if joined else [[0], [1]])


@pytest.mark.parametrize(
    ("b", "cos", "joined"),
    [
        ("Die Familie will rund 100 Millionen Euro bereitstellen.", 0.5, True),
        ("Die Familie will rund 100 Millionen Euro bereitstellen.", 0.4, False),
        ("Die Familie will rund 90 Millionen Euro bereitstellen.", 0.5, False),
    ],
)
def test_agreeing_figure_joins_above_threshold(b, cos, joined):  # type: ignore[no-untyped-def]
    a = "The family pledged 100 million euros for the effort."
    drafts = [_draft("fact", "1", "x", a), _draft("statement", "2", "y", b, speaker="Bericht")]
    groups = match_claims(drafts, [frozenset("A"), frozenset("B")], _PairEmbedder({(a, b): cos}))
    assert groups == ([[0, 1]] if joined else [[0], [1]])


def test_shared_source_or_no_encoder_never_joins():  # type: ignore[no-untyped-def]
    a, b = "We are sorry.", "We apologise."
    drafts = [
        _draft("statement", "1", "x", a, speaker="Shoei Kisen"),
        _draft("statement", "2", "y", b, speaker="Shoei Kisen"),
    ]
    emb = _PairEmbedder({(a, b): 0.9})
    assert match_claims(drafts, [frozenset("A"), frozenset("A")], emb) == [[0], [1]]
    assert match_claims(drafts, [frozenset("A"), frozenset("B")], None) == [[0], [1]]


def _statement(sid: str, art: Article, speaker: str) -> Statement:
    m = StatementMention(art.id, 0, len(art.text), art.text, "direct", speaker, "en", art.outlet)
    return Statement(sid, Speaker(speaker), None, (m,))


def test_build_claims_joins_one_speakers_unaligned_statements():  # type: ignore[no-untyped-def]
    a = Article("a", "We would like to apologise to all parties affected.", outlet="Canary")
    b = Article("b", "The owner apologised to everyone affected by the incident.", outlet="Baird")
    c = Article("c", "The canal will reopen when the ship is moved.", outlet="Week")
    stmts = [
        _statement("st-1", a, "Shoei Kisen Kaisha"),
        _statement("st-2", b, "owner Shoei Kisen Kaisha"),
        _statement("st-3", c, "Osama Rabie"),
    ]
    emb = _PairEmbedder({(a.text, b.text): 0.7})
    alone = build_claims("s", [a, b, c], [], stmts, [], [])
    joined = build_claims("s", [a, b, c], [], stmts, [], [], embedder=emb)
    assert [x.status for x in alone] == ["single_source"] * 3
    assert len(joined) == 2
    both = next(x for x in joined if len(x.support) == 2)
    assert both.status == "corroborated" and both.outlets == ("Baird", "Canary")
    assert both.text.startswith("Shoei Kisen Kaisha said:")
    # an unjoined claim keeps its id; the joined one takes its first draft's id
    ids = {x.id for x in alone}
    assert {x.id for x in joined} <= ids
