"""Global story clustering: blocked candidate pairs, a combined score, guarded average-link."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.cluster.block import block_keys, block_pairs, day_number
from storyline.cluster.marks import ItemMarks, Marks, item_marks
from storyline.cluster.terms import TermVector, pair_cosines, term_vectors
from storyline.engine.base import single_blas_thread
from storyline.records import ClusterItem, original_of, story_id_for
from storyline.settings import ClusterSettings
from storyline.union_find import UnionFind

log = logging.getLogger(__name__)


def unit_vectors(items: Sequence[ClusterItem], dims: int | None = None) -> np.ndarray:
    """The items' embeddings as unit float32 rows, ``dims`` wide (default: the longest); an
    item without an embedding of that length gets a zero row."""
    if dims is None:
        dims = max((len(i.embedding) for i in items), default=0)
    out = np.zeros((len(items), max(dims, 1)), dtype=np.float32)
    rows = [r for r, i in enumerate(items) if i.embedding and len(i.embedding) == dims]
    if rows:
        out[rows] = np.asarray([items[r].embedding for r in rows], dtype=np.float32)
        _unit(out)
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length in place (zero rows stay zero); row by row, so a chunk
    of rows comes out as the same rows of the whole array would."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    rows /= norms
    return rows


@dataclass(frozen=True)
class HeldVectors:
    """The unit vectors of a plan's originals, held in a row file (``store.spill.RowFile``)
    rather than in memory: original ``k``'s vector is file row ``rows[k]`` (-1: a zero row).

    What blocking needs of them is a pass in chunks (``chunks``: the LSH codes) and each
    block's own rows (``take``), so clustering never holds every vector at once. Pickled, it
    is the file's path and the row numbers: a worker on the same machine reads its blocks'
    rows itself.
    """

    source: Any  # store.spill.RowFile of float32 unit rows
    rows: np.ndarray  # int64 file row per original index, -1 for none

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), self.source.width)

    @property
    def dtype(self) -> np.dtype[Any]:
        return np.dtype(np.float32)

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, index: np.ndarray) -> np.ndarray:
        """The vectors of originals ``index``, in that order."""
        rows = self.rows[np.asarray(index, dtype=np.int64)]
        out = np.zeros((len(rows), self.source.width), dtype=np.float32)
        held = rows >= 0
        if held.any():
            out[held] = self.source.take(rows[held])
        return out

    def chunks(self, size: int) -> Any:
        """Every original's vector in index order, ``size`` at a time."""
        for lo in range(0, len(self.rows), size):
            yield self.take(np.arange(lo, min(lo + size, len(self.rows))))


def _entity_overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Cosine of idf-weighted entity sets: shared rare names count, shared common ones little."""
    shared = a & b
    if not shared:
        return 0.0
    wa = math.sqrt(sum(idf[e] ** 2 for e in a))
    wb = math.sqrt(sum(idf[e] ** 2 for e in b))
    return sum(idf[e] ** 2 for e in shared) / (wa * wb) if wa and wb else 0.0


def _person_tokens(key: str) -> list[str]:
    return [t for t in key.split() if len(t) >= 3]


def other_people(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when two articles lead with people and none of one's is any of the other's.

    Two people are one when they share a name token or two tokens are spelled alike
    (transliterations: "prigozhin"/"prigojine", "putin"/"poutine"). An article that names no
    one in its lead says nothing either way.
    """
    if not a or not b:
        return False
    from rapidfuzz.fuzz import ratio

    ta = {t for k in a for t in _person_tokens(k)}
    tb = {t for k in b for t in _person_tokens(k)}
    if ta & tb:
        return False
    return not any(ratio(x, y) >= 75 for x in ta for y in tb if x[0] == y[0])


def pair_score(
    cos: float, overlap: float, gap: int | None, settings: ClusterSettings,
    text: float | None = None, others: bool = False,
) -> float:
    """Combined similarity of two articles in [~-1, 1].

    Args:
        cos: cosine of the title+lead embeddings.
        overlap: rarity-weighted entity overlap (``_entity_overlap``).
        gap: days between the two dates, None unless both are dated.
        settings: the weights and date rules.
        text: TF-IDF cosine of the full-text terms (``text_scale`` and above count as 1), None when it does not apply (an article
            without terms, or two languages: their words hardly overlap whatever the event).
        others: the two lead with different people (``other_people``); counts only with
            ``text`` (one language: names are spelled alike there).
    """
    w_text = settings.text_weight if text is not None else 0.0
    score = (1.0 - settings.entity_weight - w_text) * cos + settings.entity_weight * overlap
    if text is not None:
        score += w_text * min(1.0, text / settings.text_scale)
    if text is not None and others:
        score -= settings.lead_penalty
    if gap is not None:
        score -= settings.day_penalty * max(0, gap - settings.free_days)
    return score


def _median_day(days: list[int]) -> float:
    srt = sorted(days)
    mid = len(srt) // 2
    return float(srt[mid]) if len(srt) % 2 else (srt[mid - 1] + srt[mid]) / 2.0


def _average_link(
    n: int, scores: dict[tuple[int, int], float], settings: ClusterSettings,
    days: Sequence[int | None] = (), marks: Sequence[ItemMarks] = (),
) -> list[int]:
    """Cluster label per index: merge best clusters while strong links and average agree.

    With ``settings.cannot_link_days`` and the members' ``days``, two groups that each hold at
    least ``_DATED_GROUP`` dated members never merge when their median days are further apart
    than that: each group's dates agree on its event, and they disagree with each other (two
    earthquakes, two hijackings). A group's median shrugs off one misdated member, and a lone
    article is judged by its links and the day penalty alone. With ``settings.mark_share`` and
    the members' ``marks``, two groups that each keep stating figures or people the other never
    mentions do not merge either (``marks.Marks.conflict``).
    """
    label = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    limit = settings.cannot_link_days if len(days) == n else 0
    dated: dict[int, list[int]] = {i: [d] if d is not None else [] for i, d in
                                   enumerate(days)} if limit else {}
    median = {i: _median_day(ds) for i, ds in dated.items() if len(ds) >= _DATED_GROUP}

    groups = Marks(marks, settings.mark_share) if settings.mark_share and len(marks) == n else None

    def conflict(a: int, b: int) -> bool:
        if limit and a in median and b in median and abs(median[a] - median[b]) > limit:
            return True
        return groups is not None and groups.conflict(a, b)

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
            if avg >= settings.average_threshold and (best is None or avg > best) and not (
                    conflict(*key)):
                best, best_key = avg, key
        if best_key is None:
            return label
        keep, gone = best_key
        for i in members[gone]:
            label[i] = keep
        members[keep].extend(members.pop(gone))
        if groups is not None:
            groups.merge(keep, gone)
        if limit:
            dated[keep].extend(dated.pop(gone))
            median.pop(gone, None)
            if len(dated[keep]) >= _DATED_GROUP:
                median[keep] = _median_day(dated[keep])
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


_DATED_GROUP = 2  # dated members a group needs before its median date can veto a merge


@dataclass(frozen=True)
class Component:
    """Articles joined by strong links: the unit that average-link clusters on its own.

    Two clusters only merge over a link at or above ``threshold``, so no final story crosses
    the connected components of the strong-link graph; clustering each component apart gives
    exactly the global result, and components are independent work for an engine.
    """

    ids: tuple[str, ...]  # sorted member ids
    pairs: tuple[tuple[int, int, float], ...]  # (i, j, score) with i < j indexing ``ids``
    days: tuple[int | None, ...] = ()  # day number of each member (``block.day_number``)
    marks: tuple[ItemMarks, ...] = ()  # figures and names of each member (``marks.item_marks``)


def _core(items: Sequence[ClusterItem]) -> list[ClusterItem]:
    ids = {i.id for i in items}
    core = sorted((i for i in items if not (i.duplicate_of and i.duplicate_of in ids)),
                  key=lambda i: i.id)
    if not core and items:  # only duplicate cycles: treat all as core
        core = sorted(items, key=lambda i: i.id)
    return core


@dataclass(frozen=True)
class BlockPlan:
    """The global part of blocking: originals in index order, their rows per blocking key."""

    ids: tuple[str, ...]  # the originals (copies of an article in the batch are left out)
    rows: tuple[tuple[str, int, np.ndarray | None, frozenset[str], int | None, TermVector, str,
                      tuple[str, ...]], ...]
    # (key, index, unit vector, entity keys, day number, unit TF-IDF term vector, language,
    # lead people): what one block needs of its members (the vector None when ``vectors``
    # holds it)
    idf: dict[str, float]
    days: tuple[int | None, ...] = ()  # day number of each original, in index order
    marks: tuple[ItemMarks, ...] = ()  # figures and names of each original, in index order
    vectors: HeldVectors | None = None  # the originals' vectors, when they stay on disk


def plan_blocks(
    items: list[ClusterItem], settings: ClusterSettings, vectors: Any = None,
) -> BlockPlan:
    """Blocking keys of the originals among ``items``, the entity weights and the TF-IDF term
    vectors, their IDF from these originals (a global stage).

    With ``vectors`` (a ``store.spill.RowFile`` of unit rows, each item's at its
    ``ClusterItem.vector_row``), the vectors stay on disk: the plan's rows carry None in their
    place and ``BlockPlan.vectors`` reads them back a block at a time.
    """
    core = _core(items)
    held: HeldVectors | None = None
    vecs: Any
    if vectors is not None:
        held = HeldVectors(vectors, np.array([-1 if i.vector_row is None else i.vector_row
                                              for i in core], dtype=np.int64))
        vecs = held
    else:
        vecs = unit_vectors(core)
    ents = [frozenset(i.entities) for i in core]
    days = [day_number(i.date) for i in core]
    df = Counter(e for s in ents for e in s)
    idf = {e: math.log(1.0 + len(core) / c) for e, c in df.items()}
    terms = term_vectors([i.terms for i in core])
    langs = [i.language or "" for i in core]
    leads = [i.lead for i in core]
    rows = tuple((key, i, None if held is not None else vecs[i], ents[i], days[i], terms[i],
                  langs[i], leads[i])
                 for key, i in block_keys(vecs, ents))
    marks = tuple(item_marks(i) for i in core) if settings.mark_share else ()
    return BlockPlan(ids=tuple(i.id for i in core), rows=rows, idf=idf, days=tuple(days),
                     marks=marks, vectors=held)


def block_key(row: tuple[Any, ...]) -> str:
    return str(row[0])


# scored pairs as three arrays: i, j (int64, i < j) and score (float64)
ScoredPairs = tuple[np.ndarray, np.ndarray, np.ndarray]
_NO_PAIRS: ScoredPairs = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=np.float64))


class ScoreBlock:
    """Per-key stage: the scored candidate pairs of one block, as ``ScoredPairs`` arrays
    (three arrays rather than a tuple per pair: at 100k articles the millions of scored pairs
    are most of clustering's memory)."""

    def __init__(self, idf: dict[str, float], settings: ClusterSettings,
                 vectors: HeldVectors | None = None) -> None:
        self.idf = idf
        self.settings = settings
        self.vectors = vectors  # where rows without a vector find theirs (``BlockPlan``)

    def __call__(self, key: str, rows: list[tuple[Any, ...]]) -> ScoredPairs:
        rows = sorted(rows, key=lambda r: r[1])  # a shuffle delivers rows in any order
        if not rows:
            vecs = np.zeros((0, 1), dtype=np.float32)
        elif rows[0][2] is None and self.vectors is not None:
            vecs = self.vectors.take(np.array([r[1] for r in rows], dtype=np.int64))
        else:
            vecs = np.stack([r[2] for r in rows])
        local = block_pairs(key, vecs, self.settings.neighbours)
        if not len(local):
            return _NO_PAIRS
        a_loc, b_loc = local[:, 0], local[:, 1]
        cos = np.einsum("ij,ij->i", vecs[a_loc], vecs[b_loc]).astype(np.float64)
        index = np.array([r[1] for r in rows], dtype=np.int64)
        dated = np.array([r[4] is not None for r in rows])
        day = np.array([r[4] if r[4] is not None else 0 for r in rows], dtype=np.int64)
        both = dated[a_loc] & dated[b_loc]
        gap = np.where(both, np.abs(day[a_loc] - day[b_loc]), 0)
        cfg = self.settings
        keep = ~both | (gap <= cfg.max_day_gap)
        w = cfg.entity_weight
        # pair_score, vectorised (same operations, same floats)
        textual = np.zeros(len(a_loc), dtype=bool)
        w_text = np.zeros(len(a_loc), dtype=np.float64)
        if cfg.text_weight:
            has = np.array([len(r[5][0]) > 0 for r in rows])
            lang = np.array([r[6] for r in rows], dtype=object)
            textual = has[a_loc] & has[b_loc] & (lang[a_loc] == lang[b_loc])
            w_text = np.where(textual, cfg.text_weight, 0.0)
        score = (1.0 - w - w_text) * cos
        if w:
            overlap = np.array([_entity_overlap(rows[x][3], rows[y][3], self.idf)
                                for x, y in zip(a_loc.tolist(), b_loc.tolist(), strict=True)])
            score = score + w * overlap
        else:
            score = score + 0.0
        if textual.any():
            text = np.zeros(len(a_loc), dtype=np.float64)
            text[textual] = np.minimum(1.0, pair_cosines(
                [r[5] for r in rows], a_loc[textual], b_loc[textual]) / cfg.text_scale)
            score = np.where(textual, score + w_text * text, score)
        if cfg.lead_penalty and textual.any():
            other = np.array([bool(t) and other_people(rows[x][7], rows[y][7]) for t, x, y in
                              zip(textual.tolist(), a_loc.tolist(), b_loc.tolist(), strict=True)])
            score = np.where(other, score - cfg.lead_penalty, score)
        penalty = cfg.day_penalty * np.maximum(0, gap - cfg.free_days)
        score = np.where(both, score - penalty, score)
        ga, gb = index[a_loc], index[b_loc]
        lo, hi = np.minimum(ga, gb), np.maximum(ga, gb)
        return lo[keep], hi[keep], score[keep].astype(np.float64)


def score_pairs(
    core: Sequence[ClusterItem], settings: ClusterSettings
) -> dict[tuple[int, int], float]:
    """Blocked candidate pairs of ``core`` (indices, i < j) and their combined scores, in process
    (the pipeline runs the same blocks through its engine)."""
    plan = plan_blocks(list(core), settings)
    a, b, score = _merge(_score_blocks_here(plan, settings))
    return dict(zip(zip(a.tolist(), b.tolist(), strict=True), score.tolist(), strict=True))


def _score_blocks_here(plan: BlockPlan, settings: ClusterSettings) -> list[ScoredPairs]:
    blocks: dict[str, list[tuple[Any, ...]]] = {}
    for row in plan.rows:
        blocks.setdefault(row[0], []).append(row)
    scorer = ScoreBlock(plan.idf, settings, plan.vectors)
    with single_blas_thread():
        return [scorer(k, blocks[k]) for k in sorted(blocks)]


def _merge(scored: Sequence[ScoredPairs]) -> ScoredPairs:
    """One score per pair, sorted by pair. A pair met in several blocks has the same score in
    each up to the last bits of the text cosine (a small block multiplies dense rows, a large
    one sparse ones), so the highest is kept: the result does not depend on the order of the
    blocks."""
    parts = [p for p in scored if len(p[0])]
    if not parts:
        return _NO_PAIRS
    a = np.concatenate([p[0] for p in parts])
    b = np.concatenate([p[1] for p in parts])
    score = np.concatenate([p[2] for p in parts])
    order = np.lexsort((-score, b, a))  # by pair, the highest score first
    a, b, score = a[order], b[order], score[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[first], b[first], score[first]


def components(
    plan: BlockPlan, scored: Sequence[ScoredPairs], settings: ClusterSettings,
) -> list[Component]:
    """Split the clustering work: the connected components of strong links among originals.

    Articles with no strong link come out as one-member components (no pairs).
    """
    pa, pb, ps = _merge(scored)
    n = len(plan.ids)
    sets = UnionFind(range(n))
    strong = ps >= settings.threshold
    for a, b in zip(pa[strong].tolist(), pb[strong].tolist(), strict=True):
        sets.union(a, b)
    groups = [idx for _, idx in sorted(sets.groups().items())]
    local: dict[int, tuple[int, int]] = {}  # global index -> (component, local index)
    for c, idx in enumerate(groups):
        for pos, i in enumerate(idx):
            local[i] = (c, pos)
    pairs: list[list[tuple[int, int, float]]] = [[] for _ in groups]
    for a, b, score in zip(pa.tolist(), pb.tolist(), ps.tolist(), strict=True):
        (ca, la), (cb, lb) = local[a], local[b]
        if ca == cb:
            pairs[ca].append((la, lb, score))
    out = []
    for c, idx in enumerate(groups):
        out.append(Component(ids=tuple(plan.ids[i] for i in idx), pairs=tuple(pairs[c]),
                             days=tuple(plan.days[i] for i in idx) if plan.days else (),
                             marks=tuple(plan.marks[i] for i in idx) if plan.marks else ()))
    log.debug("clustering: %d originals, %d scored pairs, %d components",
              n, len(pa), len(out))
    return out


def cluster_components(batch: list[Component], settings: ClusterSettings) -> list[list[str]]:
    """Average-link inside each component: the groups of article ids (a map stage)."""
    out: list[list[str]] = []
    for comp in batch:
        if len(comp.ids) == 1:
            out.append([comp.ids[0]])
            continue
        labels = _average_link(len(comp.ids), {(a, b): s for a, b, s in comp.pairs}, settings,
                               comp.days, comp.marks)
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
        lab = story_of.get(original_of(item, by_id).id)
        if lab is None:  # unreachable original: a story of its own
            lab = -len(members) - 1
            members[lab] = []
        members[lab].append(item.id)
        story_of[item.id] = lab
    sid = {lab: story_id_for(ids) for lab, ids in members.items()}
    log.info("clustered %d articles into %d stories", len(items), len(sid))
    return {aid: sid[lab] for aid, lab in story_of.items()}


def story_topics(comps: Sequence[Component], assignment: Mapping[str, str]) -> list[list[str]]:
    """The topic level above stories: the stories that share one strong-link component.

    Average link and the event marks split a component into stories (two earthquakes, two
    hijackings); what keeps them in one component, strong links between some of their
    articles, is what they have in common: the same kind of event, people or place. Returns
    the sorted story keys (``assignment``'s values) of every component that holds two or more
    stories; a story in none of them is a topic of its own. Copies are never in a component:
    they follow their original's story.
    """
    topics: list[list[str]] = []
    for comp in comps:
        if len(comp.ids) < 2:
            continue
        stories = sorted({assignment[i] for i in comp.ids if i in assignment})
        if len(stories) > 1:
            topics.append(stories)
    return topics


def cluster_articles(items: list[ClusterItem], settings: ClusterSettings) -> dict[str, str]:
    """Group articles into stories: article id -> story id (``story_id_for`` its members).

    Duplicates whose original is in the batch join the original's story; everything else is
    clustered on title+lead embeddings, the full-text TF-IDF cosine (same-language pairs),
    rarity-weighted entity overlap and a date-gap penalty (optionally a date cannot-link):
    blocking keys, scored pairs per block, strong-link components, guarded average-link per
    component (two groups that each keep stating figures or people the other never mentions
    stay apart: ``marks``). The pipeline runs the same steps through its engine (blocks as a keyed shuffle,
    components as a map).
    """
    plan = plan_blocks(items, settings)
    comps = components(plan, _score_blocks_here(plan, settings), settings)
    return assign_stories(items, cluster_components(comps, settings))
