"""Candidate pairs for story linking without comparing every pair of articles.

Three sources of candidates: approximate nearest neighbours of the embeddings (random-hyperplane
LSH buckets plus exact top-k inside bounded chunks), shared rare entities, and nothing else;
pairs further apart in time than ``max_day_gap`` are dropped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

log = logging.getLogger(__name__)

_EXACT_LIMIT = 2000  # below this many items, exact top-k neighbours are cheap enough


def day_number(value: str | None) -> int | None:
    """Days since 0001-01-01 for a ``YYYY-MM-DD`` (or range start) date; None if unparsable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _neighbour_pairs(vectors: np.ndarray, k: int, seed: int = 7) -> set[tuple[int, int]]:
    n = len(vectors)
    pairs: set[tuple[int, int]] = set()
    if n < 2:
        return pairs
    if n <= _EXACT_LIMIT:
        groups = [np.arange(n)]
    else:  # random-hyperplane LSH: 4 tables of 12 bits, buckets capped by chunking
        rng = np.random.default_rng(seed)
        groups = []
        for _ in range(4):
            planes = rng.standard_normal((vectors.shape[1], 12))
            codes = (vectors @ planes > 0) @ (1 << np.arange(12))
            buckets: dict[int, list[int]] = defaultdict(list)
            for i, c in enumerate(codes.tolist()):
                buckets[c].append(i)
            for members in buckets.values():
                for s in range(0, len(members), _EXACT_LIMIT):
                    groups.append(np.array(members[s : s + _EXACT_LIMIT]))
    for idx in groups:
        if len(idx) < 2:
            continue
        sims = vectors[idx] @ vectors[idx].T
        np.fill_diagonal(sims, -np.inf)
        kk = min(k, len(idx) - 1)
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for row, cols in enumerate(top):
            a = int(idx[row])
            for c in cols.tolist():
                b = int(idx[c])
                pairs.add((min(a, b), max(a, b)))
    return pairs


def candidate_pairs(
    vectors: np.ndarray,
    entities: Sequence[frozenset[str]],
    days: Sequence[int | None],
    *,
    k: int = 20,
    max_entity_df: int = 50,
    max_day_gap: int = 30,
) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, worth scoring.

    Args:
        vectors: unit rows, one per item.
        entities: normalised entity keys per item.
        days: day numbers (see ``day_number``) or None.
        k: nearest neighbours per item.
        max_entity_df: entities held by more items than this are too common to block on.
        max_day_gap: pairs with both dates further apart are dropped.
    """
    pairs = _neighbour_pairs(vectors, k) if len(vectors) else set()
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ents in enumerate(entities):
        for e in ents:
            holders[e].append(i)
    for members in holders.values():
        if 2 <= len(members) <= max_entity_df:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    kept = {
        (a, b)
        for a, b in pairs
        if days[a] is None or days[b] is None or abs(days[a] - days[b]) <= max_day_gap
    }
    log.debug("blocking: %d items, %d candidate pairs", len(vectors), len(kept))
    return kept
