"""Global dedup step: LSH over signatures, union-find, earliest copy is the original."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.settings import DedupSettings

SCHEME = "affine32"  # the scheme signature() uses (datasketch default since 2.0)

DedupItem = tuple[str, str | None, Sequence[int], str]  # id, published, signature, exact hash


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def find_duplicates(items: Sequence[DedupItem], settings: DedupSettings) -> dict[str, str]:
    """Map every copy's id to its original's id (earliest published, undated last, then id).

    Candidates come from MinHash LSH at ``settings.threshold``; each candidate pair is checked
    with the estimated Jaccard similarity before it is joined.
    """
    from datasketch import MinHash, MinHashLSH

    parent = {i[0]: i[0] for i in items}
    by_hash: dict[str, str] = {}
    for aid, _, _, h in sorted(items, key=lambda i: i[0]):
        if h in by_hash:
            parent[_find(parent, aid)] = _find(parent, by_hash[h])
        else:
            by_hash[h] = aid
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    sigs = {}
    for aid, _, sig, _ in sorted(items, key=lambda i: i[0]):
        arr = np.array(sig, dtype=np.uint64)
        m = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashvalues=arr, scheme=SCHEME)
        for other in lsh.query(m):
            if float(np.mean(sigs[other] == arr)) >= settings.threshold:
                ra, rb = _find(parent, aid), _find(parent, other)
                if ra != rb:
                    parent[ra] = rb
        lsh.insert(aid, m)
        sigs[aid] = arr
    groups: dict[str, list[DedupItem]] = {}
    for item in items:
        groups.setdefault(_find(parent, item[0]), []).append(item)
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (i[1] is None, i[1] or "", i[0]))
        original = members[0][0]
        for m in members[1:]:
            copies[m[0]] = original
    return copies
