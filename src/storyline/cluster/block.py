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
_BUCKET = 64  # LSH: aim for about this many items per bucket
_CHUNK = 512  # LSH: exact top-k inside at most this many items of one bucket


def day_number(value: str | None) -> int | None:
    """Days since 0001-01-01 for a ``YYYY-MM-DD`` (or range start) date; None if unparsable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _top_k(vectors: np.ndarray, idx: np.ndarray, k: int) -> np.ndarray:
    """Pairs (as rows ``[a, b]``, ``a < b``) of each member of ``idx`` with its top-k there."""
    sims = vectors[idx] @ vectors[idx].T
    np.fill_diagonal(sims, -np.inf)
    kk = min(k, len(idx) - 1)
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    rows = np.repeat(idx, kk)
    cols = idx[top.ravel()]
    return np.stack([np.minimum(rows, cols), np.maximum(rows, cols)], axis=1)


def _neighbour_pairs(vectors: np.ndarray, k: int, seed: int = 7) -> set[tuple[int, int]]:
    n = len(vectors)
    if n < 2:
        return set()
    if n <= _EXACT_LIMIT:
        found = [_top_k(vectors, np.arange(n), k)]
    else:
        # random-hyperplane LSH: 4 tables, enough bits for buckets of ~_BUCKET items; a bucket
        # is searched exactly in chunks of at most _CHUNK (cost per item stays bounded)
        rng = np.random.default_rng(seed)
        bits = min(20, max(12, int(np.ceil(np.log2(n / _BUCKET)))))
        weights = 1 << np.arange(bits)
        found = []
        for _ in range(4):
            planes = rng.standard_normal((vectors.shape[1], bits)).astype(vectors.dtype)
            codes = (vectors @ planes > 0) @ weights
            order = np.argsort(codes, kind="stable")
            starts = np.flatnonzero(np.r_[True, codes[order][1:] != codes[order][:-1], True])
            for lo, hi in zip(starts[:-1], starts[1:], strict=True):
                members = order[lo:hi]
                for s in range(0, len(members), _CHUNK):
                    chunk = members[s : s + _CHUNK]
                    if len(chunk) > 1:
                        found.append(_top_k(vectors, chunk, k))
    if not found:
        return set()
    both = np.unique(np.concatenate(found), axis=0)
    return {(int(a), int(b)) for a, b in both.tolist()}


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
