"""Link articles into stories: embedding similarity plus shared rare entities, within a time
window, merged by average link so one loose pair cannot chain two stories together."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date

import numpy as np

from storyline.records import ClusterItem, story_id_for
from storyline.settings import ClusterSettings


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _surname_keys(keys: Sequence[str]) -> set[str]:
    """Entity keys plus their last word, so "emmanuel macron" meets "macron"."""
    out = set(keys)
    out.update(k.split()[-1] for k in keys if len(k.split()) > 1 and len(k.split()[-1]) > 3)
    return out


def pair_scores(items: Sequence[ClusterItem], settings: ClusterSettings) -> np.ndarray:
    """Similarity matrix: 0.55 × cosine of the lead vectors + 0.45 × IDF-weighted entity
    overlap; pairs whose dates are further apart than ``max_day_gap`` get 0."""
    n = len(items)
    vecs = np.array([it.embedding if it.embedding else [0.0] * 512 for it in items],
                    dtype=np.float32)
    cos = np.clip(vecs @ vecs.T, 0.0, 1.0)
    keysets = [_surname_keys(it.entities) for it in items]
    df = Counter(k for ks in keysets for k in ks)
    idf = {k: math.log(1 + n / c) for k, c in df.items()}
    ent = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(i + 1, n):
            shared = keysets[i] & keysets[j]
            if not shared:
                continue
            union = keysets[i] | keysets[j]
            w = sum(idf[k] for k in shared) / max(1e-9, sum(idf[k] for k in union))
            # Overlap relative to the smaller set counts too: short articles name few entities.
            small = min(len(keysets[i]), len(keysets[j]))
            contain = len(shared) / small if small else 0.0
            ent[i, j] = ent[j, i] = min(1.0, 0.5 * w + 0.5 * contain * min(1.0, len(shared) / 3))
    days = [_day(it.date) for it in items]
    score = 0.55 * cos + 0.45 * ent
    for i in range(n):
        for j in range(i + 1, n):
            di, dj = days[i], days[j]
            if di is not None and dj is not None and abs(di - dj) > settings.max_day_gap:
                score[i, j] = score[j, i] = 0.0
    np.fill_diagonal(score, 1.0)
    return score


def cluster_articles(items: Sequence[ClusterItem], settings: ClusterSettings) -> dict[str, str]:
    """Assign every item a story id (a hash of the story's sorted member ids).

    Duplicates join their original's story. Average-link agglomeration over ``pair_scores``
    stops when no two clusters have a mean similarity of at least ``settings.threshold``.
    """
    items = sorted(items, key=lambda it: it.id)
    originals = [it for it in items if not it.duplicate_of]
    ids = {it.id for it in originals}
    copies = [it for it in items if it.duplicate_of]
    for c in copies:  # a copy whose original is missing stands for itself
        if c.duplicate_of not in ids:
            originals.append(c)
            ids.add(c.id)
    originals.sort(key=lambda it: it.id)
    n = len(originals)
    clusters: list[list[int]] = [[i] for i in range(n)]
    if n > 1:
        sim = pair_scores(originals, settings)
        while True:
            best, pair = settings.threshold, None
            for a in range(len(clusters)):
                for b in range(a + 1, len(clusters)):
                    s = float(sim[np.ix_(clusters[a], clusters[b])].mean())
                    if s >= best:
                        best, pair = s, (a, b)
            if pair is None:
                break
            a, b = pair
            clusters[a] = sorted(clusters[a] + clusters[b])
            del clusters[b]
    groups = [[originals[j].id for j in c] for c in clusters]
    where = {aid: g for g in groups for aid in g}
    for c in copies:
        if c.id not in where:
            where[c.duplicate_of or c.id].append(c.id)
    out: dict[str, str] = {}
    for group in groups:
        sid = story_id_for(group)
        for aid in group:
            out[aid] = sid
    return out
