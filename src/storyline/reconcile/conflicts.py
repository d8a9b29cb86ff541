"""Fact conflicts: outlets that state different numbers, lengths, times or dates for one thing.

Sentences of different outlets are aligned by multilingual embedding cosine plus a shared entity
or content word (see :func:`aligned_pairs`, shared with ``framing.py`` and ``claims.py``). In each
aligned pair the facts are compared: quantities with units (converted to one base unit), sums of
money (one currency, multipliers applied), counts of one kind of thing, clock times, durations,
ages and resolved dates. Two facts clash only when they state the same quantity of the same
thing: same dimension and unit kind, same counted noun (a rate such as "50 ships a day" is no
count), values within a factor of ``_MAX_RATIO`` (farther apart they are different things), close
clause context, and for dates the same predicate (the event mention's trigger) and day
resolution. Pairwise disagreements are joined into one conflict per fact, then pruned to the
members about one thing (average link: each member's mean context cosine to the other sides),
with one position per article side.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.reconcile.facts import ISO_DAY, text_facts
from storyline.records import (
    Article,
    ArticleAnalysis,
    Conflict,
    Entity,
    Position,
    item_id,
    original_of,
)
from storyline.union_find import UnionFind

log = logging.getLogger(__name__)

ALIGN_THRESHOLD = 0.5  # sentence cosine for "about the same thing" (with a shared anchor)
ALIGN_HIGH = 0.72  # sentence cosine that aligns two sentences without any shared anchor
FACT_CONTEXT = 0.3  # cosine of the clauses around two facts for "about the same thing"
_DATE_MARGIN = 0.35  # dates differ for many reasons (other events): ask for much closer context
_MONEY_MARGIN = 0.25  # sums are pledged, lost, paid by many parties: ask for closer context
_MAX_RATIO = 4.0  # values this far apart are different things, not two readings of one
_GROUP_MARGIN = 0.05  # a conflict member's mean context cosine to the other sides must clear this
_EVENT_MARGIN = 0.04  # times of day and dates belong to one of many happenings: a bit more
_NOUN_SIMILAR = 0.8  # encoder cosine of two counted nouns ("ships", "vessels")
_REL_TOLERANCE = 0.02  # values closer than this (relative) agree: rounding of unit conversions

_SENT_RE = re.compile(r"(?:[^\n.!?]|[.!?](?![\"'”’»)]*(?:\s|$)))+(?:[.!?]+[\"'”’»)]*|\n|$)")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\n")
_WORD_RE = re.compile(r"\w+", re.UNICODE)

@dataclass(frozen=True, slots=True)
class Fact:
    """One comparable fact found in one sentence."""

    article: str
    start: int  # the fact's own words
    end: int
    dim: str  # "length", "duration", "age", "clock", "date", "count:<noun>"
    value: float | str
    noun: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of one article, the unit of cross-outlet alignment."""

    article: str
    start: int
    end: int
    text: str
    outlet: str
    entities: frozenset[str]
    words: frozenset[str]


def outlet_of(article: Article, by_id: dict[str, Article] | None = None) -> str:
    """Independent source of an article: its original's outlet when it is a copy.

    An article with no outlet is its own source (its id), never merged with another unknown.
    """
    cur = original_of(article, by_id) if by_id is not None else article
    if article.duplicate_of and (by_id is None or article.duplicate_of not in by_id):
        return article.outlet or article.duplicate_of
    return cur.outlet or cur.id


# --------------------------------------------------------------------------- sentence units


def sentence_bounds(article: Article, analysis: ArticleAnalysis | None) -> list[tuple[int, int]]:
    """Sentence offsets: the analysis' sentences when present, else a punctuation/line split."""
    text = article.text
    out: list[tuple[int, int]] = []
    if analysis is not None and analysis.sentences:
        raw = [(s.start, s.end) for s in analysis.sentences]
    else:
        raw = [(m.start(), m.end()) for m in _SENT_RE.finditer(text)]
    for s, e in raw:
        s, e = max(0, s), min(len(text), e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def content_words(text: str) -> frozenset[str]:
    """Casefolded words of 5+ letters (cheap anchor shared by sentences about one thing)."""
    return frozenset(w.casefold() for w in _WORD_RE.findall(text) if len(w) >= 5 and w.isalpha())


def story_units(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity] = (),
    min_words: int = 4,
) -> list[Unit]:
    """Sentences of the story's original articles (copies add no independent voice)."""
    by_id = {a.id: a for a in articles}
    by_an = {an.article: an for an in analyses}
    ent_spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ent in entities:
        for sp in ent.mentions:
            ent_spans[sp.article].append((sp.start, sp.end, ent.id))
    units = []
    for art in sorted(articles, key=lambda a: a.id):
        if art.duplicate_of:
            continue
        outlet = outlet_of(art, by_id)
        for s, e in sentence_bounds(art, by_an.get(art.id)):
            text = art.text[s:e]
            if len(_WORD_RE.findall(text)) < min_words:
                continue
            ents = frozenset(eid for a, b, eid in ent_spans.get(art.id, ()) if s <= a and b <= e)
            units.append(Unit(art.id, s, e, text, outlet, ents, content_words(text)))
    return units


def aligned_pairs(
    units: Sequence[Unit],
    embedder: Any,
    threshold: float = ALIGN_THRESHOLD,
    high: float = ALIGN_HIGH,
) -> list[tuple[int, int, float]]:
    """Pairs of sentences from different outlets about the same thing, with their cosine.

    A pair aligns when its cosine reaches ``high``, or reaches ``threshold`` and the two sentences
    share an entity or a content word.
    """
    if len(units) < 2:
        return []
    vecs = np.asarray(embedder.encode([u.text for u in units]), dtype=np.float32)
    sims = vecs @ vecs.T
    out = []
    # candidates first (row-major, as the pairs are listed); compared as Python floats
    close = np.triu(sims.astype(np.float64) >= threshold, 1)
    for ii, jj in zip(*np.nonzero(close), strict=True):
        i, j = int(ii), int(jj)
        if units[i].outlet == units[j].outlet:
            continue
        sim = float(sims[i, j])
        anchored = bool(units[i].entities & units[j].entities) or bool(
            units[i].words & units[j].words
        )
        if sim >= high or anchored:
            out.append((i, j, sim))
    return out


def clause_span(
    text: str, start: int, end: int, lo: int, hi: int, max_words: int = 12
) -> tuple[int, int]:
    """The clause of ``text[lo:hi]`` around ``start:end``, cut at punctuation, at most
    ``max_words`` words either side."""
    left = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, start):
        left = m.end()
    right = hi
    m2 = _CLAUSE_BREAK.search(text, end, hi)
    if m2 is not None:
        right = m2.start()
    words_left = list(_WORD_RE.finditer(text, left, start))
    if len(words_left) > max_words:
        left = words_left[-max_words].start()
    words_right = list(_WORD_RE.finditer(text, end, right))
    if len(words_right) > max_words:
        right = words_right[max_words - 1].end()
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1] in " \t.!?\"'”’»":
        right -= 1
    return left, right


# --------------------------------------------------------------------------- facts


def extract_facts(
    unit: Unit, article_text: str, analysis: ArticleAnalysis | None = None
) -> list[Fact]:
    """Comparable facts of one sentence: quantities, counts, clock times, dates."""
    facts = [
        Fact(unit.article, unit.start + s, unit.start + e, dim, value, noun)
        for s, e, dim, value, noun in text_facts(unit.text)
    ]
    if analysis is not None:
        for t in analysis.times:
            if (
                t.value
                and not t.is_stamp
                and unit.start <= t.start
                and t.end <= unit.end
                and re.search(
                    r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday",
                    t.text,
                    re.IGNORECASE,
                )
            ):
                # the predicate the date belongs to: two dates of other happenings never clash
                trigger = next(
                    (
                        e.trigger.casefold()
                        for e in analysis.events
                        if e.trigger
                        and e.time_text
                        and e.start <= t.start < e.end
                        and (e.time_text in t.text or t.text in e.time_text)
                    ),
                    "",
                )
                facts.append(Fact(unit.article, t.start, t.end, "date", t.value, trigger))
    return facts


def _disagree(a: Fact, b: Fact, noun_sim: dict[tuple[str, str], float]) -> bool:
    if a.dim != b.dim:
        return False
    if a.dim == "count" and not _same_noun(a.noun, b.noun, noun_sim):
        return False
    if a.dim == "date":
        if not (ISO_DAY.fullmatch(str(a.value)) and ISO_DAY.fullmatch(str(b.value))):
            return False  # "in 1917" vs "on Saturday": a year is another event's, not a rival day
        if a.noun and b.noun and not _same_noun(a.noun, b.noun, noun_sim):
            return False  # "ran aground on Tuesday" vs "resumed on Monday": two happenings
        sa, sb = str(a.value).split("/"), str(b.value).split("/")
        return sa[-1] < sb[0] or sb[-1] < sa[0]
    va, vb = float(a.value), float(b.value)
    if a.dim == "clock":
        return abs(va - vb) >= 10  # minutes
    lo, hi = sorted((abs(va), abs(vb)))
    if lo == 0 or hi / lo > _MAX_RATIO:
        return False  # different magnitudes: different things ("700 million" vs "100 million")
    return abs(va - vb) > _REL_TOLERANCE * max(abs(va), abs(vb))


def _same_noun(a: str, b: str, noun_sim: dict[tuple[str, str], float]) -> bool:
    """Two counted nouns name one kind of thing: same stem, or near-synonyms by the encoder.

    A rate ("50 ships a day", noun ``ships/rate``) never matches a plain count.
    """
    if a.endswith("/rate") != b.endswith("/rate"):
        return False
    if a[:4] == b[:4]:
        return True
    return noun_sim.get((a, b), 0.0) >= _NOUN_SIMILAR


_DIM_ABOUT = {
    "length": "a length or distance",
    "duration": "how long it took or will take",
    "age": "an age",
    "width": "a width",
    "clock": "the time of day",
    "date": "the date",
    "count": "a number",
}


def find_fact_conflicts(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    embedder: Any,
    settings: Any = None,
    entities: Sequence[Entity] = (),
) -> list[Conflict]:
    """Outlets that disagree on a number, length, time of day, duration or date of one thing.

    Args:
        story_id: the story, for deterministic conflict ids.
        articles: the story's articles (copies, with ``duplicate_of`` set, are skipped).
        analyses: their analyses (sentences and resolved time mentions are used when present).
        embedder: a :class:`storyline.cluster.embed.Embedder` (anything with ``encode``).
        settings: the run's settings (``reconcile.conflict_threshold`` when it exists).
        entities: the story's merged entities (a shared entity anchors a sentence pair).

    Returns:
        Fact conflicts sorted by id, each with one position per article side.
    """
    threshold = getattr(getattr(settings, "reconcile", None), "conflict_threshold", FACT_CONTEXT)
    by_id = {a.id: a for a in articles}
    by_an = {an.article: an for an in analyses}
    units = story_units(articles, analyses, entities)
    facts = [
        (k, f)
        for k, u in enumerate(units)
        for f in extract_facts(u, by_id[u.article].text, by_an.get(u.article))
    ]
    if len(facts) < 2:
        return []
    contexts = []
    for k, f in facts:
        u = units[k]
        s, e = clause_span(by_id[f.article].text, f.start, f.end, u.start, u.end, max_words=8)
        contexts.append(by_id[f.article].text[s:e])
    ctx = np.asarray(embedder.encode(contexts), dtype=np.float32)
    ctx_sims = ctx @ ctx.T
    nouns = sorted({f.noun for _, f in facts if f.noun})
    noun_sim: dict[tuple[str, str], float] = {}
    if len(nouns) > 1:
        vecs = np.asarray(embedder.encode(nouns), dtype=np.float32)
        sims = vecs @ vecs.T
        for a in range(len(nouns)):
            for b in range(len(nouns)):
                noun_sim[(nouns[a], nouns[b])] = float(sims[a, b])
    sets: UnionFind[Fact] = UnionFind(key=_fact_key)

    edges: list[tuple[Fact, Fact]] = []
    for x in range(len(facts)):
        kx, fa = facts[x]
        for y in range(x + 1, len(facts)):
            ky, fb = facts[y]
            if units[kx].outlet == units[ky].outlet or fa.dim != fb.dim:
                continue
            need = threshold + (
                _DATE_MARGIN
                if fa.dim == "date"
                else _MONEY_MARGIN
                if fa.dim.startswith("money")
                else 0.0
            )
            if float(ctx_sims[x, y]) >= need and _disagree(fa, fb, noun_sim):
                edges.append((fa, fb))
                sets.union(fa, fb)
    groups: dict[Fact, set[Fact]] = defaultdict(set)
    for fa, fb in edges:
        groups[sets.find(fa)].update((fa, fb))
    unit_of = {(f.article, f.start): units[k] for k, f in facts}
    index = {f: x for x, (_, f) in enumerate(facts)}
    outlet = {f: units[k].outlet for k, f in facts}
    conflicts = []
    for group in groups.values():
        dim = next(iter(group)).dim
        margin = _GROUP_MARGIN + (_EVENT_MARGIN if dim in ("clock", "date") else 0.0)
        members = _prune(group, edges, index, outlet, ctx_sims, threshold + margin)
        if not members:
            continue
        positions = []
        for f in sorted(members, key=_fact_key):
            art = by_id[f.article]
            u = unit_of[(f.article, f.start)]
            s, e = clause_span(art.text, f.start, f.end, u.start, u.end, max_words=6)
            pos = Position(f.article, s, e, art.text[s:e], outlet_of(art, by_id))
            if pos not in positions:
                positions.append(pos)
        if len({p.outlet for p in positions}) < 2:
            continue
        first = min(members, key=_fact_key)
        about = f"{_DIM_ABOUT.get(first.dim, first.dim)}: " + " vs ".join(
            dict.fromkeys(
                by_id[f.article].text[f.start : f.end] for f in sorted(members, key=_fact_key)
            )
        )
        key = "|".join(f"{p.article}:{p.start}:{p.end}" for p in positions)
        conflicts.append(
            Conflict(item_id("c", story_id, "fact", key), about[:200], "fact", tuple(positions))
        )
    return sorted(conflicts, key=lambda c: c.id)


def _prune(
    group: set[Fact],
    edges: Sequence[tuple[Fact, Fact]],
    index: dict[Fact, int],
    outlet: dict[Fact, str],
    sims: np.ndarray,
    need: float,
) -> set[Fact]:
    """The part of a chained group that is about one thing (average link, not single link).

    The member whose mean context cosine to the other outlets' members is lowest is dropped
    while that mean is under ``need``; the rest must still hold a disagreement across outlets.
    """
    members = set(group)
    while len(members) > 2:

        def mean(f: Fact) -> float:
            others = [index[g] for g in members if outlet[g] != outlet[f]]
            return float(np.mean(sims[index[f], others])) if others else 0.0

        worst = min(sorted(members, key=_fact_key), key=mean)
        if mean(worst) >= need:
            break
        members.discard(worst)
    if not any(a in members and b in members for a, b in edges):
        return set()
    return members


def _fact_key(f: Fact) -> tuple[str, int, int, str]:
    return (f.article, f.start, f.end, f.dim)
