"""Global story clustering: blocked candidate pairs, a combined score, guarded average-link."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.cluster.block import candidate_pairs, day_number
from storyline.records import ClusterItem, story_id_for
from storyline.settings import ClusterSettings

log = logging.getLogger(__name__)


def _vectors(items: Sequence[ClusterItem]) -> np.ndarray:
    dims = max((len(i.embedding) for i in items), default=0)
    out = np.zeros((len(items), max(dims, 1)), dtype=np.float32)
    rows = [r for r, i in enumerate(items) if i.embedding and len(i.embedding) == dims]
    if rows:
        out[rows] = np.asarray([items[r].embedding for r in rows], dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out /= norms
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


@dataclass(frozen=True)
class Component:
    """Articles joined by strong links: the unit that average-link clusters on its own.

    Two clusters only merge over a link at or above ``threshold``, so no final story crosses
    the connected components of the strong-link graph; clustering each component apart gives
    exactly the global result, and components are independent work for an engine.
    """

    ids: tuple[str, ...]  # sorted member ids
    pairs: tuple[tuple[int, int, float], ...]  # (i, j, score) with i < j indexing ``ids``


def _core(items: Sequence[ClusterItem]) -> list[ClusterItem]:
    ids = {i.id for i in items}
    core = sorted((i for i in items if not (i.duplicate_of and i.duplicate_of in ids)),
                  key=lambda i: i.id)
    if not core and items:  # only duplicate cycles: treat all as core
        core = sorted(items, key=lambda i: i.id)
    return core


def score_pairs(
    core: Sequence[ClusterItem], settings: ClusterSettings
) -> dict[tuple[int, int], float]:
    """Blocked candidate pairs of ``core`` (indices, i < j) and their combined scores."""
    vecs = _vectors(core)
    ents = [frozenset(i.entities) for i in core]
    days = [day_number(i.date) for i in core]
    df = Counter(e for s in ents for e in s)
    n = len(core)
    idf = {e: math.log(1.0 + n / c) for e, c in df.items()}
    pairs = candidate_pairs(
        vecs, ents, days, k=settings.neighbours, max_day_gap=settings.max_day_gap
    )
    ordered = sorted(pairs)
    cos = np.zeros(len(ordered), dtype=np.float64)
    for lo in range(0, len(ordered), 65536):  # cosines in vectorised chunks
        ab = np.asarray(ordered[lo : lo + 65536], dtype=np.int64)
        cos[lo : lo + len(ab)] = np.einsum("ij,ij->i", vecs[ab[:, 0]], vecs[ab[:, 1]])
    scores: dict[tuple[int, int], float] = {}
    for (a, b), c in zip(ordered, cos.tolist(), strict=True):
        gap = abs(days[a] - days[b]) if days[a] is not None and days[b] is not None else None
        scores[(a, b)] = pair_score(c, _entity_overlap(ents[a], ents[b], idf), gap, settings)
    return scores


def components(
    items: list[ClusterItem], settings: ClusterSettings
) -> list[Component]:
    """Split the clustering work: the connected components of strong links among originals.

    Articles with no strong link come out as one-member components (no pairs).
    """
    core = _core(items)
    scores = score_pairs(core, settings)
    parent = list(range(len(core)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), s in scores.items():
        if s >= settings.threshold:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in range(len(core)):
        members.setdefault(find(i), []).append(i)
    local: dict[int, tuple[int, int]] = {}  # global index -> (component, local index)
    for c, (_, idx) in enumerate(sorted(members.items())):
        for pos, i in enumerate(idx):
            local[i] = (c, pos)
    pairs: list[list[tuple[int, int, float]]] = [[] for _ in members]
    for (a, b), s in scores.items():
        (ca, pa), (cb, pb) = local[a], local[b]
        if ca == cb:
            pairs[ca].append((pa, pb, s))
    out = []
    for c, (_, idx) in enumerate(sorted(members.items())):
        out.append(Component(ids=tuple(core[i].id for i in idx), pairs=tuple(pairs[c])))
    log.debug("clustering: %d originals, %d scored pairs, %d components",
              len(core), len(scores), len(out))
    return out


def cluster_components(batch: list[Component], settings: ClusterSettings) -> list[list[str]]:
    """Average-link inside each component: the groups of article ids (a map stage)."""
    out: list[list[str]] = []
    for comp in batch:
        if len(comp.ids) == 1:
            out.append([comp.ids[0]])
            continue
        labels = _average_link(len(comp.ids), {(a, b): s for a, b, s in comp.pairs}, settings)
        groups: dict[int, list[str]] = {}
        for idx, lab in enumerate(labels):
            groups.setdefault(lab, []).append(comp.ids[idx])
        out.extend(groups.values())
    return out


def assign_stories(items: list[ClusterItem], groups: Sequence[list[str]]) -> dict[str, str]:
    """Article id -> story id (``story_id_for`` its members); copies join their original."""
    story_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    for lab, ids in enumerate(sorted(sorted(g) for g in groups)):
        members[lab] = list(ids)
        for aid in ids:
            story_of[aid] = lab
    by_id = {i.id: i for i in items}
    for item in sorted(items, key=lambda i: i.id):
        if item.id in story_of:
            continue
        root, seen = item, set()
        while root.duplicate_of and root.duplicate_of in by_id and root.id not in seen:
            seen.add(root.id)
            root = by_id[root.duplicate_of]
        lab = story_of.get(root.id)
        if lab is None:  # unreachable original: a story of its own
            lab = -len(members) - 1
            members[lab] = []
        members[lab].append(item.id)
        story_of[item.id] = lab
    sid = {lab: story_id_for(ids) for lab, ids in members.items()}
    log.info("clustered %d articles into %d stories", len(items), len(sid))
    return {aid: sid[lab] for aid, lab in story_of.items()}


def cluster_articles(items: list[ClusterItem], settings: ClusterSettings) -> dict[str, str]:
    """Group articles into stories: article id -> story id (``story_id_for`` its members).

    Duplicates whose original is in the batch join the original's story; everything else is
    clustered on title+lead embeddings, rarity-weighted entity overlap and a date-gap penalty:
    blocked candidate pairs, strong-link components, guarded average-link per component. The
    pipeline runs the same three steps through its engine.
    """
    comps = components(items, settings)
    return assign_stories(items, cluster_components(comps, settings))
