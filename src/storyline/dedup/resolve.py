"""Global dedup step: LSH over signatures, union-find, earliest copy is the original.

The banding is datasketch's (``MinHashLSH``'s bands and rows for the threshold and number of
permutations), done over one ``(articles, permutations)`` array: each band's rows are grouped by
exact equality with ``np.unique``, so the step holds a few arrays instead of an index of
``bands x articles`` Python objects (datasketch's index took ~580 MB at 100k articles).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.settings import DedupSettings
from storyline.union_find import UnionFind

# id, published, signature (or its row number in a row file of signatures), exact hash (hex
# digits, or their bytes)
DedupItem = tuple[str, str | None, Sequence[int] | int, str | bytes]


def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's ``MinHashLSH`` picks for these settings."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def _buckets(sigs: np.ndarray, start: int, stop: int) -> list[np.ndarray]:
    """Row indexes that agree on every value of columns ``start:stop``, groups of two or more."""
    band = np.ascontiguousarray(sigs[:, start:stop]).view(
        np.dtype((np.void, sigs.dtype.itemsize * (stop - start)))).ravel()
    _, inverse, counts = np.unique(band, return_inverse=True, return_counts=True)
    shared = np.flatnonzero(counts > 1)
    if not len(shared):
        return []
    keep = np.flatnonzero(np.isin(inverse, shared))
    order = keep[np.argsort(inverse[keep], kind="stable")]
    cuts = np.flatnonzero(np.diff(inverse[order])) + 1
    return np.split(order, cuts)


def _join_bucket(sigs: np.ndarray, bucket: np.ndarray, sets: UnionFind[int],
                 threshold: float) -> None:
    """Union the members of one bucket whose estimated Jaccard reaches the threshold."""
    if len({sets.find(int(i)) for i in bucket}) == 1:
        return  # already one group: no pair of this bucket can change anything
    members = sigs[bucket]
    for k in range(1, len(bucket)):
        same = np.mean(members[:k] == members[k], axis=1) >= threshold
        for j in np.flatnonzero(same):
            sets.union(int(bucket[k]), int(bucket[j]))


def find_duplicates(
    items: Sequence[DedupItem], settings: DedupSettings, signatures: Any = None,
) -> dict[str, str]:
    """Map every copy's id to its original's id (earliest published, undated last, then id).

    Candidates share one LSH band of their signatures at ``settings.threshold``; each candidate
    pair is checked with the estimated Jaccard similarity (the share of equal values) before it
    is joined. Identical exact hashes are joined whatever their signatures.

    With ``signatures`` (a ``store.spill.RowFile`` of uint32 rows), each item holds the row
    number of its signature there instead of the signature: a streamed run keeps its
    signatures on disk until this step.
    """
    ranked = sorted(items, key=lambda i: i[0])  # union-find over positions in id order
    sets: UnionFind[int] = UnionFind(range(len(ranked)))
    by_hash: dict[str | bytes, int] = {}
    for i, item in enumerate(ranked):
        if item[3] in by_hash:
            sets.union(i, by_hash[item[3]])
        else:
            by_hash[item[3]] = i
    if len(ranked) > 1:
        if signatures is not None:
            sigs = signatures.take([item[2] for item in ranked]).astype(np.uint32, copy=False)
        else:
            sigs = np.empty((len(ranked), len(ranked[0][2])), dtype=np.uint32)  # type: ignore[arg-type]
            for i, item in enumerate(ranked):
                sigs[i] = item[2]
        n_bands, rows = bands(settings.threshold, settings.num_perm)
        for b in range(n_bands):
            for bucket in _buckets(sigs, b * rows, (b + 1) * rows):
                _join_bucket(sigs, bucket, sets, settings.threshold)
    groups: dict[int, list[DedupItem]] = {}
    for i, item in enumerate(ranked):
        groups.setdefault(sets.find(i), []).append(item)
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (i[1] is None, i[1] or "", i[0]))
        original = members[0][0]
        for m in members[1:]:
            copies[m[0]] = original
    return copies
