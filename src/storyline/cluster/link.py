"""Global story clustering: blocked candidate pairs, a combined score, guarded average-link."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storyline.cluster.block import candidate_pairs, day_number
from storyline.records import ClusterItem, story_id_for
from storyline.settings import ClusterSettings

log = logging.getLogger(__name__)


def _vectors(items: Sequence[ClusterItem]) -> np.ndarray:
    dims = max((len(i.embedding) for i in items), default=0)
    out = np.zeros((len(items), max(dims, 1)), dtype=np.float32)
    for row, item in enumerate(items):
        if item.embedding and len(item.embedding) == dims:
            vec = np.asarray(item.embedding, dtype=np.float32)
            norm = float(np.linalg.norm(vec))
            if norm > 0:
                out[row] = vec / norm
    return out


def _entity_overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Cosine of idf-weighted entity sets: shared rare names count, shared common ones little."""
    shared = a & b
    if not shared:
        return 0.0
    wa = math.sqrt(sum(idf[e] ** 2 for e in a))
    wb = math.sqrt(sum(idf[e] ** 2 for e in b))
    return sum(idf[e] ** 2 for e in shared) / (wa * wb) if wa and wb else 0.0


def pair_score(
    cos: float, overlap: float, gap: int | None, settings: ClusterSettings
) -> float:
    """Combined similarity of two articles in [~-1, 1]."""
    score = (1.0 - settings.entity_weight) * cos + settings.entity_weight * overlap
    if gap is not None:
        score -= settings.day_penalty * max(0, gap - settings.free_days)
    return score


def _average_link(
    n: int, scores: dict[tuple[int, int], float], settings: ClusterSettings
) -> list[int]:
    """Cluster label per index: merge best clusters while strong links and average agree."""
    label = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # aggregate per cluster pair: [sum of scores, strongest link]
    link: dict[tuple[int, int], list[float]] = {}
    for (a, b), s in scores.items():
        link[(a, b)] = [s, s]
    while True:
        best, best_key = None, None
        for key, (total, strongest) in link.items():
            if strongest < settings.threshold:
                continue
            size = len(members[key[0]]) * len(members[key[1]])
            avg = total / size  # pairs never scored count as 0: guards against chaining
            if avg >= settings.average_threshold and (best is None or avg > best):
                best, best_key = avg, key
        if best_key is None:
            return label
        keep, gone = best_key
        for i in members[gone]:
            label[i] = keep
        members[keep].extend(members.pop(gone))
        merged: dict[tuple[int, int], list[float]] = {}
        for (a, b), (total, strongest) in link.items():
            a2 = keep if a == gone else a
            b2 = keep if b == gone else b
            if a2 == b2:
                continue
            key = (min(a2, b2), max(a2, b2))
            if key in merged:
                merged[key][0] += total
                merged[key][1] = max(merged[key][1], strongest)
            else:
                merged[key] = [total, strongest]
        link = merged


def cluster_articles(items: list[ClusterItem], settings: ClusterSettings) -> dict[str, str]:
    """Group articles into stories: article id -> story id (``story_id_for`` its members).

    Duplicates whose original is in the batch join the original's story; everything else is
    clustered on title+lead embeddings, rarity-weighted entity overlap and a date-gap penalty.
    """
    ids = {i.id for i in items}
    core = sorted((i for i in items if not (i.duplicate_of and i.duplicate_of in ids)),
                  key=lambda i: i.id)
    if not core and items:  # only duplicate cycles: treat all as core
        core = sorted(items, key=lambda i: i.id)
    vecs = _vectors(core)
    ents = [frozenset(i.entities) for i in core]
    days = [day_number(i.date) for i in core]
    df = Counter(e for s in ents for e in s)
    n = len(core)
    idf = {e: math.log(1.0 + n / c) for e, c in df.items()}
    pairs = candidate_pairs(
        vecs, ents, days, k=settings.neighbours, max_day_gap=settings.max_day_gap
    )
    scores: dict[tuple[int, int], float] = {}
    for a, b in pairs:
        gap = abs(days[a] - days[b]) if days[a] is not None and days[b] is not None else None
        scores[(a, b)] = pair_score(
            float(vecs[a] @ vecs[b]), _entity_overlap(ents[a], ents[b], idf), gap, settings
        )
    labels = _average_link(n, scores, settings)
    groups: dict[int, list[str]] = {}
    for idx, lab in enumerate(labels):
        groups.setdefault(lab, []).append(core[idx].id)
    story_of: dict[str, int] = {core[idx].id: lab for idx, lab in enumerate(labels)}
    by_id = {i.id: i for i in items}
    for item in items:
        if item.id in story_of:
            continue
        root, seen = item, set()
        while root.duplicate_of and root.duplicate_of in by_id and root.id not in seen:
            seen.add(root.id)
            root = by_id[root.duplicate_of]
        lab = story_of.get(root.id)
        if lab is None:  # unreachable original: a story of its own
            lab = -len(groups) - 1
            groups[lab] = []
        groups[lab].append(item.id)
        story_of[item.id] = lab
    sid = {lab: story_id_for(members) for lab, members in groups.items()}
    log.info("clustered %d articles into %d stories", len(items), len(sid))
    return {aid: sid[lab] for aid, lab in story_of.items()}
