"""Claim matching: which draft claims of different independent sources state one proposition.

Events, statements and factual sentences are aligned by their own modules; what one module
split (one outlet's rendering became a statement, another's an event or a plain sentence, or a
speaker's two renderings were not aligned) is joined here, on the claims' support spans:

- the same speaker (one entity, or one name inside the other) and a span cosine of at least
  ``claim_speaker_threshold``;
- an agreeing figure of a happening (the same sum of money, count of one noun, clock time or
  duration, read by ``facts.text_facts``) and a span cosine of at least
  ``claim_fact_threshold``. Lengths, widths and ages describe a thing, not what happened, and a
  story repeats them in many unrelated sentences; small counts ("two tugs") coincide by chance:
  they are no evidence.

Cosines are the best pair of spans of different sources (the encoder cache makes that cheap).
Two drafts with a source in common are never joined directly: corroboration needs other
outlets. Both thresholds were set on the dev split's encoder score distributions
(``benchmarks/claims_dev.py`` lists what is still split).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.reconcile.facts import text_facts
from storyline.reconcile.names import is_title
from storyline.records import Span
from storyline.union_find import UnionFind

SPEAKER_THRESHOLD = 0.6  # one speaker: span cosine for "the same thing said"
FACT_THRESHOLD = 0.45  # one agreeing figure: span cosine for "the same happening"
_EVENT_DIMS = ("money:", "count", "clock", "duration")
_MIN_COUNT = 10  # "two tugs", "three ships": small counts coincide by chance
_ROUND = 3  # significant digits when comparing figures (unit conversions round)
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """One claim before matching: its support and what identifies its proposition."""

    kind: str  # "event", "statement" or "fact"
    key: str  # the id part of the module that made it (event id, statement id, sentence)
    text: str
    support: tuple[Span, ...]
    speaker: str | None = None  # statements: the speaker's name
    speaker_entity: str | None = None


def same_speaker(a: ClaimDraft, b: ClaimDraft) -> bool:
    """One speaker: the same entity, or one name's words inside the other's with a proper name
    (a capitalised word that is no title) among them ("Evergreen Marine Corp" and "the
    vessel's operator, Evergreen Marine Corp."; never "President" and "President Macron")."""
    if not a.speaker or not b.speaker:
        return False
    if a.speaker_entity and a.speaker_entity == b.speaker_entity:
        return True
    ta, tb = _name_tokens(a.speaker), _name_tokens(b.speaker)
    if not ta or not tb or not (ta.keys() <= tb.keys() or tb.keys() <= ta.keys()):
        return False
    shared = ta.keys() & tb.keys()
    return any(ta[w][:1].isupper() and not is_title(ta[w]) for w in shared)


def _name_tokens(name: str) -> dict[str, str]:
    """Words of a name, casefolded, each mapped to how it is written."""
    return {w.casefold(): w for w in _TOKEN.findall(name)}


def event_figures(texts: Sequence[str]) -> frozenset[tuple[str, str, float]]:
    """Figures of happenings stated in the texts: (dimension, counted noun, rounded value)."""
    out = set()
    for text in texts:
        for _, _, dim, value, noun in text_facts(text):
            if dim == "count" and value < _MIN_COUNT:
                continue
            if dim.startswith(_EVENT_DIMS) and value:
                out.add((dim, noun, float(f"{value:.{_ROUND}g}")))
    return frozenset(out)


def match_claims(
    drafts: Sequence[ClaimDraft],
    sources: Sequence[frozenset[str]],
    embedder: Any,
    settings: Any = None,
) -> list[list[int]]:
    """Groups of draft indices that state one proposition (every draft is in one group).

    Args:
        drafts: the story's draft claims.
        sources: each draft's independent sources (copies count as their original).
        embedder: the sentence encoder; without one every draft is its own group.
        settings: run settings (``reconcile.claim_speaker_threshold``,
            ``reconcile.claim_fact_threshold`` when present).

    Returns:
        Groups in draft order (each group's members ascending, groups by their first member).
    """
    sets = UnionFind(range(len(drafts)))
    if embedder is not None and len(drafts) > 1:
        for i, j in _matching_pairs(drafts, sources, embedder, settings):
            sets.union(i, j)
    return sorted(sets.groups().values())


def _matching_pairs(
    drafts: Sequence[ClaimDraft],
    sources: Sequence[frozenset[str]],
    embedder: Any,
    settings: Any,
) -> list[tuple[int, int]]:
    rec = getattr(settings, "reconcile", None)
    t_speaker = getattr(rec, "claim_speaker_threshold", SPEAKER_THRESHOLD)
    t_fact = getattr(rec, "claim_fact_threshold", FACT_THRESHOLD)
    figures = [event_figures([sp.text for sp in d.support]) for d in drafts]
    candidates = []
    for i in range(len(drafts)):
        for j in range(i + 1, len(drafts)):
            if sources[i] & sources[j]:
                continue
            if same_speaker(drafts[i], drafts[j]):
                candidates.append((i, j, t_speaker))
            elif figures[i] & figures[j]:
                candidates.append((i, j, t_fact))
    if not candidates:
        return []
    needed = {k for i, j, _ in candidates for k in (i, j)}
    texts = sorted({sp.text for k in needed for sp in drafts[k].support})
    row = {t: k for k, t in enumerate(texts)}
    vecs = np.asarray(embedder.encode(texts), dtype=np.float32)
    out = []
    for i, j, threshold in candidates:
        if _best_cosine(drafts[i], drafts[j], vecs, row) >= threshold:
            out.append((i, j))
    return out


def _best_cosine(a: ClaimDraft, b: ClaimDraft, vecs: np.ndarray, row: dict[str, int]) -> float:
    """Highest cosine between a support span of ``a`` and one of ``b``."""
    va = vecs[[row[sp.text] for sp in a.support]]
    vb = vecs[[row[sp.text] for sp in b.support]]
    return float((va @ vb.T).max())
