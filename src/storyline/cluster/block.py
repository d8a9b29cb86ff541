"""Blocking for story linking: candidate pairs without comparing every pair of articles.

Each article gets blocking keys (``block_keys``): approximate-neighbour buckets of its embedding
(random-hyperplane LSH, exact top-k inside a bounded chunk) and its rare entities. Articles that
share a key meet in one block (a keyed shuffle on an engine), where ``block_pairs`` names the
pairs worth scoring; pairs further apart in time than ``max_day_gap`` are dropped by the scorer.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_EXACT_LIMIT = 2000  # below this many items, exact top-k neighbours are cheap enough
_BUCKET = 64  # LSH: aim for about this many items per bucket
_CHUNK = 128  # LSH: exact top-k inside at most this many items of one bucket
_PROJECT = 8192  # LSH: vectors projected this many at a time


def day_number(value: str | None) -> int | None:
    """Days since 0001-01-01 for a ``YYYY-MM-DD`` (or range start) date; None if unparsable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _top_k(vectors: np.ndarray, k: int) -> np.ndarray:
    """Local index pairs (rows ``[a, b]``, ``a < b``) of each row with its top-k rows."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    kk = min(k, len(vectors) - 1)
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    rows = np.repeat(np.arange(len(vectors)), kk)
    cols = top.ravel()
    return np.stack([np.minimum(rows, cols), np.maximum(rows, cols)], axis=1)


def _codes(vectors: Any, planes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each vector's LSH code: the sides of ``planes`` it lies on, as bits. ``vectors`` is an
    array or a source read in chunks (``link.HeldVectors``); an array is projected in the same
    chunks, so a vector near a plane falls on the same side either way (a matrix product's
    last bits can depend on its shape)."""
    if isinstance(vectors, np.ndarray):
        chunks: Any = (vectors[lo:lo + _PROJECT] for lo in range(0, len(vectors), _PROJECT))
    else:
        chunks = vectors.chunks(_PROJECT)
    parts = [(chunk @ planes > 0) @ weights for chunk in chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=weights.dtype)


def block_keys(
    vectors: Any, entities: Sequence[frozenset[str]], *, max_entity_df: int = 50,
    seed: int = 7,
) -> list[tuple[str, int]]:
    """Blocking keys (``(key, index)``; an index has several): the shuffle keys of clustering.

    * ``knn:all``: every item, when there are at most ``_EXACT_LIMIT`` (exact neighbours);
    * ``knn:<table>:<code>:<chunk>``: otherwise, random-hyperplane LSH, 4 tables with enough
      bits for buckets of ~``_BUCKET`` items, a bucket cut in chunks of ``_CHUNK`` (the cost per
      item stays bounded);
    * ``ent:<name>``: the holders of a rare entity (2 to ``max_entity_df`` holders).

    ``vectors``: the unit vectors as an ``(n, dims)`` array, or a source of them with
    ``shape``, ``dtype`` and ``chunks()`` (``link.HeldVectors``: read in a pass, never held).
    """
    n = len(vectors)
    keys: list[tuple[str, int]] = []
    if n <= _EXACT_LIMIT:
        keys = [("knn:all", i) for i in range(n)]
    else:
        rng = np.random.default_rng(seed)
        bits = min(20, max(8, int(np.ceil(np.log2(n / _BUCKET)))))
        weights = 1 << np.arange(bits)
        for table in range(4):
            planes = rng.standard_normal((vectors.shape[1], bits)).astype(vectors.dtype)
            codes = _codes(vectors, planes, weights)
            order = np.argsort(codes, kind="stable")
            starts = np.flatnonzero(np.r_[True, codes[order][1:] != codes[order][:-1], True])
            for lo, hi in itertools.pairwise(starts):
                members = order[lo:hi].tolist()
                code = int(codes[members[0]])
                for c in range(0, len(members), _CHUNK):
                    keys.extend((f"knn:{table}:{code}:{c // _CHUNK}", i)
                                for i in members[c : c + _CHUNK])
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ents in enumerate(entities):
        for e in ents:
            holders[e].append(i)
    for e, members in holders.items():
        if 2 <= len(members) <= max_entity_df:
            keys.extend((f"ent:{e}", i) for i in members)
    return keys


def block_pairs(key: str, vectors: np.ndarray, k: int) -> np.ndarray:
    """Local index pairs worth scoring inside one block (rows of ``vectors``, in index order):
    each item's top-k for a ``knn:`` block, every pair for an ``ent:`` block."""
    n = len(vectors)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if key.startswith("knn:"):
        return _top_k(vectors, k)
    a, b = np.triu_indices(n, 1)
    return np.stack([a, b], axis=1)
