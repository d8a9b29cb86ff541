"""The reconcile stage's fast paths give what the plain code they replace gives (issue #8).

Each test holds the former, slow form of a step as a reference and compares the two on small
fixtures or random inputs: a speed-up must never change a report.
"""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import numpy as np
import pytest

from storyline.reconcile import timeline
from storyline.reconcile.entity_surfaces import _TITLE_BEFORE, titled
from storyline.reconcile.facts import text_facts
from storyline.reconcile.statement_match import _strip_frame, _terms
from storyline.reconcile.timeline import _group_mentions, _overlap
from storyline.records import QuoteMention


def _reference_groups(mentions: list, sims: np.ndarray | None) -> list[list[int]]:
    """The pairwise loop ``merge_events`` used before ``_group_mentions``."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        best, best_score = None, 0.0
        for g_idx, group in enumerate(groups):
            score = 0.0
            for j in group:
                o = mentions[j]
                sim = float(sims[i, j]) if sims is not None else 0.0
                same = timeline._key(m.trigger) == timeline._key(o.trigger)
                compatible = _overlap(m.date or "", o.date or "")
                if same and compatible and (sims is None or sim >= timeline._TRIGGER_SIM):
                    score = max(score, 1.0 + sim)
                elif sims is not None and sim >= timeline._SAME_EVENT_SIM and (compatible or same):
                    score = max(score, sim)
            if score > best_score:
                best, best_score = g_idx, score
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    return groups


_DATES = ["2023-06-24", "2023-06-25", "2023-06-24/2023-06-26", "2023-06", "2023-06-01/2023-06-30",
          "2023-07-02"]
_TRIGGERS = ["fire", "blaze", "attack", "strike", "talks", "meeting", "march"]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("encoder", [True, False])
def test_speed_group_mentions_matches_pairwise_loop(seed: int, encoder: bool) -> None:
    rng = random.Random(seed)
    n = rng.randrange(1, 40)
    mentions = [SimpleNamespace(trigger=rng.choice(_TRIGGERS), date=rng.choice(_DATES))
                for _ in range(n)]
    sims = None
    if encoder:
        vecs = np.random.default_rng(seed).normal(size=(n, 4)).astype(np.float32)
        vecs[1::3] = vecs[::3][: len(vecs[1::3])]  # exact twins: ties and scores of 2.0
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        sims = vecs @ vecs.T
    assert _group_mentions(mentions, sims) == _reference_groups(mentions, sims)


def test_speed_title_run_same_as_unguarded_pattern() -> None:
    plain = re.compile(r"((?:[\w.]+\s+){1,4})$")
    rng = random.Random(3)
    alphabet = "ab.é1 \n,(’-"
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        a, b = plain.search(s), _TITLE_BEFORE.search(s)
        assert (a and (a.span(), a.group(1))) == (b and (b.span(), b.group(1))), s


def test_speed_titled_keeps_titles() -> None:
    text = "On Monday French President Emmanuel Macron said so."
    start = text.index("Emmanuel")
    assert titled(text, start, start + len("Emmanuel Macron")) == (
        "French President Emmanuel Macron"
    )
    assert titled(text, 0, 2) is None


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Rescuers found three bodies near the port.", ((15, 27, "count", 3.0, "bodies"),)),
        ("x5:30 pm", ((1, 8, "clock", 1050.0, ""),)),  # a clock time _NUM alone does not see
        ("The ship was freed late on Monday, officials said.", ()),
    ],
)
def test_speed_text_facts_precheck(text: str, facts: tuple) -> None:
    text_facts.cache_clear()
    assert text_facts(text) == facts


def test_speed_cached_terms_are_immutable_and_equal() -> None:
    a = _terms("Prigozhin said the 25,000 fighters would march on Moscow")
    assert isinstance(a, frozenset)
    assert a == {w if w.isdigit() else w[:5] for w in ("prigozhin", "said", "the", "25", "000",
                                                       "fighters", "would", "march", "moscow")}


def test_speed_strip_frame_cached_patterns() -> None:
    q = QuoteMention(article="a", start=0, end=10, text="x", kind="indirect",
                     speaker_text="Sergei Lavrov", speaker_name="Sergei Lavrov", cue="said",
                     language="en")
    text = "Lavrov's aides said Sergei Lavrov would stay, Lavrovian or not"
    assert _strip_frame(q, text) == _strip_frame(q, text)
    assert "Lavrovian" in _strip_frame(q, text)
    assert "Sergei" not in _strip_frame(q, text)
