"""Statements: every outlet's rendering of one utterance joined into one statement.

Every quote is first cut into its sentences (exact sub-spans), and the sentences of the story
are clustered; consecutive sentences of one quote that land in one statement are joined back
into one mention, so a two-sentence quotation whose sentences render two utterances becomes two
mentions. Sentences of one quote start with a sibling score, pairs whose speakers resolve to
one entity get a bonus, and compatible ``said_on`` dates a small one. The clustering is
average-link agglomeration over a pairwise score:
the multilingual encoder cosine of the quote texts (also sentence against whole quote, so a quote
that an outlet splits in two joins the whole), and rapidfuzz ``partial_ratio`` for a fragment of
a longer quote (headlines). Two mentions whose speakers resolve to different entities, or whose
``said_on`` dates cannot overlap, never join; a mention whose speaker is unknown joins only at a
very high score. Average link (not single link) keeps different statements of one speaker apart.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

import numpy as np

from storyline.errors import ContractError
from storyline.reconcile.conflicts import outlet_of
from storyline.records import (
    Article,
    ArticleAnalysis,
    Entity,
    QuoteMention,
    Speaker,
    Statement,
    StatementMention,
    item_id,
    span_of,
)

log = logging.getLogger(__name__)

STATEMENT_THRESHOLD = 0.5  # average-link score for one statement (tuned on the dev gold)
UNKNOWN_SPEAKER_THRESHOLD = 0.85  # a mention with no resolved speaker joins only this close
SIBLING_SCORE = 0.6  # two sentences of one quote: one statement unless pulled apart
SAME_SPEAKER_BONUS = 0.1  # both speakers resolve to one entity: evidence of one utterance
DATE_BONUS = 0.03  # both mentions dated, dates compatible
DATE_CLASH_PENALTY = 0.15  # both dated, on days that cannot overlap, at most a week apart
DATE_CLASH_DAYS = 7  # dates farther apart than this: never one utterance
_FUZZY_MIN_CHARS = 20  # partial_ratio is meaningless on very short fragments
_FUZZY_FRAGMENT = 0.75  # partial_ratio below this is the noise floor of one language
_CANNOT = -1.0
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})
_MIN_SENTENCE = 25  # a shorter piece of a quote is no sentence of its own
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«]?[A-ZА-ЯÀ-Ý])")


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENT_SPLIT.split(text) if len(p.strip()) >= 12]
    return parts if len(parts) > 1 else []


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of a quote (one span, the whole text, when it has one).

    A piece shorter than ``_MIN_SENTENCE`` characters stays with its neighbour.
    """
    bounds = [0] + [m.end() for m in _SENT_SPLIT.finditer(text)] + [len(text)]
    spans: list[tuple[int, int]] = []
    for a, b in pairwise(bounds):
        if spans and (b - a < _MIN_SENTENCE or spans[-1][1] - spans[-1][0] < _MIN_SENTENCE):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < _MIN_SENTENCE:
        last = spans.pop()
        spans[-1] = (spans[-1][0], last[1])
    out = []
    for a, b in spans:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out or [(0, len(text))]


def _gap_days(a: str | None, b: str | None) -> int:
    """Days between two dates or inclusive ranges (0 when they overlap or one is missing)."""
    from datetime import date

    if not a or not b:
        return 0
    pa, pb = a.split("/"), b.split("/")
    try:
        if pa[-1] < pb[0]:
            return (date.fromisoformat(pb[0]) - date.fromisoformat(pa[-1])).days
        if pb[-1] < pa[0]:
            return (date.fromisoformat(pa[0]) - date.fromisoformat(pb[-1])).days
    except ValueError:
        return 10**6  # not a calendar date: treat as far apart
    return 0


def _speaker_entity(q: QuoteMention, entities: Sequence[Entity]) -> Entity | None:
    from storyline.reconcile.entities import resolve_name
    from storyline.reconcile.names import is_title

    for name in (q.speaker_name, q.speaker_text):
        if name and name.strip():
            ent = resolve_name(name, entities)
            if ent is None:
                continue
            if ent.type in _PLACE_TYPES and any(is_title(w) for w in name.split()):
                continue  # "le président français" is a person, not France
            return ent
    return None


_STAMP = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s*")
_THAT = re.compile(r"(?<!\w)(?:that|que|dass|что|qu['’])(?!\w)", re.IGNORECASE)


def _content(q: QuoteMention) -> str:
    """The words that tell one utterance from another, for comparing mentions.

    A mixed mention is compared on its quoted words when they are a phrase or more ("termed the
    mutiny a 'stab in the back'" -> "stab in the back"); an indirect one without its frame, the
    speaker's name and the verb of saying ("Putin said in a televised address that ..."), which
    every mention of one speaker shares and which would pull them all into one statement.
    """
    from storyline.analyze.cues import cue_pattern
    from storyline.analyze.quotes import find_quoted

    text = _STAMP.sub("", q.text)
    if q.kind == "direct":
        return text
    if q.kind == "mixed":
        inner = " ".join(text[a:b] for a, b in find_quoted(text))
        if len(inner.split()) >= 2:
            return inner
    out = text
    for name in dict.fromkeys((q.speaker_text, q.speaker_name)):  # ordered: no hash-seed effect
        for w in (name or "").split():
            if len(w) > 2:
                out = re.sub(rf"(?<!\w){re.escape(w)}(?:['’]s)?(?!\w)", " ", out)
    out = cue_pattern((q.language or "en")[:2]).sub(" ", out)
    out = _THAT.sub(" ", out, count=1)
    out = " ".join(out.split()).strip(" ,;:")
    return out if len(out) >= 12 else text


def _similarity(quotes: Sequence[QuoteMention], embedder: Any) -> np.ndarray:
    """Pairwise text score of the quotes.

    The score is the best of: the encoder cosine of the whole quotes, the best cosine of a
    sentence (or the whole quote) of one against a sentence (or the whole quote) of the other,
    so "A. B." meets "A.", and a near-verbatim fuzzy overlap (``partial_ratio``) for a fragment
    of a longer quote. A fuzzy overlap below ``_FUZZY_FRAGMENT`` says nothing: unrelated texts
    of one language share enough characters to score around one half.
    """
    from rapidfuzz import fuzz

    n = len(quotes)
    texts = [_content(q) for q in quotes]
    full = np.asarray(embedder.encode(texts), dtype=np.float32)
    sims = full @ full.T
    owner = list(range(n))
    units = list(full)
    sent_owner: list[int] = []
    sent_texts: list[str] = []
    for i, t in enumerate(texts):
        for s in _sentences(t):
            sent_owner.append(i)
            sent_texts.append(s)
    if sent_texts:
        units.extend(np.asarray(embedder.encode(sent_texts), dtype=np.float32))
        owner.extend(sent_owner)
    uv = np.stack(units)
    own = np.asarray(owner)
    cross = uv @ uv.T
    # best unit-against-unit cosine of every two quotes: the maxima of the blocks of ``cross``
    # (rows and columns grouped by quote; a maximum does not depend on the order it is taken in)
    order = np.argsort(own, kind="stable")
    starts = np.searchsorted(own[order], np.arange(n))
    grouped = cross[np.ix_(order, order)]
    block_max = np.maximum.reduceat(np.maximum.reduceat(grouped, starts, axis=0), starts, axis=1)
    off = ~np.eye(n, dtype=bool)
    sims[off] = np.maximum(sims[off], block_max[off])
    folded = [t.casefold() for t in texts]
    cutoff = _FUZZY_FRAGMENT * 100.0 - 0.1
    for i in range(n):
        for j in range(i + 1, n):
            short = min(len(folded[i]), len(folded[j]))
            if short >= _FUZZY_MIN_CHARS:
                # under the cutoff rapidfuzz returns 0 (and gives up early): such a score is
                # under _FUZZY_FRAGMENT anyway; above it the score is the one without a cutoff
                fz = fuzz.partial_ratio(folded[i], folded[j], score_cutoff=cutoff) / 100.0
                if fz >= _FUZZY_FRAGMENT and fz > sims[i, j]:
                    sims[i, j] = sims[j, i] = fz
    return sims


def _average_link(score: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomeration; a pair scored ``_CANNOT`` keeps its clusters apart.

    Each step joins the pair of clusters with the highest mean score (at least ``threshold``;
    on a tie the last pair in (earlier, later) list order). The means are kept in a matrix over
    cluster slots, and after a join only the joined cluster's pairs are scored again: each as
    ``score[rows of the earlier cluster][:, columns of the later one].mean()``, so every value
    and every tie is the one a full recomputation gives. A pair whose best single score is under
    ``threshold`` cannot reach it on average: it is marked so without taking the mean (with a
    margin far above the rounding of a float32 mean, which may land a hair above the maximum).
    """
    n = score.shape[0]
    clusters: list[list[int]] = [[i] for i in range(n)]
    if n < 2:
        return clusters
    # means[a, b] (slot a before slot b) of the clusters in those slots; -inf: may not join
    # (or a pair that cannot reach the threshold before one of its clusters changes)
    means = score.astype(np.float64)
    means[(score <= _CANNOT) | np.isnan(score)] = -np.inf
    means[np.tril_indices(n)] = -np.inf
    alive = list(range(n))  # slots in list order (ascending)
    floor = threshold - 1e-4 * max(1.0, abs(threshold))
    while len(alive) > 1:
        flat = means.ravel()
        best = flat.max()
        if not best >= threshold:
            break
        sa, sb = divmod(int(np.flatnonzero(flat == best)[-1]), n)
        clusters[sa] = sorted(clusters[sa] + clusters[sb])
        alive.remove(sb)
        means[sb, :] = -np.inf
        means[:, sb] = -np.inf
        joined = clusters[sa]
        others = [o for o in alive if o != sa]
        if not others:
            break
        members = [clusters[o] for o in others]
        cols = np.concatenate(members)
        starts = np.cumsum([0] + [len(m) for m in members[:-1]])
        # best and worst single score of each pair: blocks (other, joined) for an earlier
        # other, (joined, other) for a later one; max and min do not depend on the order
        before = score[np.ix_(cols, joined)]
        after = score[np.ix_(joined, cols)]
        hi_b = np.maximum.reduceat(before.max(axis=1), starts)
        lo_b = np.minimum.reduceat(before.min(axis=1), starts)
        hi_a = np.maximum.reduceat(after.max(axis=0), starts)
        lo_a = np.minimum.reduceat(after.min(axis=0), starts)
        for k, other in enumerate(others):
            first, second = (other, sa) if other < sa else (sa, other)
            hi, lo = (hi_b[k], lo_b[k]) if other < sa else (hi_a[k], lo_a[k])
            if lo <= _CANNOT or not float(hi) >= floor:
                means[first, second] = -np.inf
                continue
            avg = float(score[np.ix_(clusters[first], clusters[second])].mean())
            means[first, second] = -np.inf if np.isnan(avg) else avg
    return [clusters[s] for s in alive]


def align_statements(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity],
    embedder: Any,
    settings: Any = None,
) -> list[Statement]:
    """Group the story's quote mentions into statements (one per utterance).

    Args:
        story_id: the story, for deterministic statement ids.
        articles: the story's articles (copies included: their mentions join the original's).
        analyses: per-article analyses; their ``quotes`` are the mentions to align.
        entities: merged story entities, to resolve speakers.
        embedder: the multilingual sentence encoder (anything with ``encode``).
        settings: the run's settings; ``reconcile.statement_threshold`` is the join score.

    Returns:
        Statements sorted by id.
    """
    threshold = getattr(
        getattr(settings, "reconcile", None), "statement_threshold", STATEMENT_THRESHOLD
    )
    by_id = {a.id: a for a in articles}
    quotes: list[QuoteMention] = []
    for an in sorted(analyses, key=lambda a: a.article):
        art = by_id.get(an.article)
        if art is None:
            continue
        for q in an.quotes:
            if 0 <= q.start < q.end <= len(art.text) and q.text.strip():
                quotes.append(q)
            else:
                log.warning("quote %d:%d outside article %s: skipped", q.start, q.end, q.article)
    quotes.sort(key=lambda q: (q.article, q.start, q.end))
    if not quotes:
        return []
    units, parent = _units(quotes)
    ents_q = [_speaker_entity(q, entities) for q in quotes]
    ents = [ents_q[k] for k in parent]
    score = _similarity(units, embedder)
    n = len(units)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            ei, ej = ents[i], ents[j]
            if parent[i] == parent[j]:
                score[i, j] = max(score[i, j], SIBLING_SCORE)
            elif ei is not None and ej is not None and ei.id != ej.id:
                score[i, j] = _CANNOT
                continue
            elif (ei is None or ej is None) and score[i, j] < UNKNOWN_SPEAKER_THRESHOLD:
                score[i, j] = min(score[i, j], 0.0)
                continue
            if ei is not None and ej is not None:
                score[i, j] += SAME_SPEAKER_BONUS
            di, dj = units[i].said_on, units[j].said_on
            gap = _gap_days(di, dj)
            if gap and parent[i] != parent[j]:
                # a date a few days off is often resolved from a nearby sentence that dates
                # something else: it weighs against one utterance; weeks apart rule it out
                if gap > DATE_CLASH_DAYS:
                    score[i, j] = _CANNOT
                else:
                    score[i, j] -= DATE_CLASH_PENALTY
            elif di and dj:
                score[i, j] += DATE_BONUS
    out = []
    for members in _average_link(score, threshold):
        merged = _merge_runs([units[k] for k in members], [parent[k] for k in members], by_id)
        stmt = _statement(story_id, merged, [ents[k] for k in members], by_id)
        if stmt is not None:
            out.append(stmt)
    return sorted(out, key=lambda s: s.id)


def _units(quotes: Sequence[QuoteMention]) -> tuple[list[QuoteMention], list[int]]:
    """Split every quote into its sentences (exact sub-spans); return them and their quote."""
    units: list[QuoteMention] = []
    parent: list[int] = []
    for k, q in enumerate(quotes):
        for a, b in _sentence_spans(q.text):
            units.append(replace(q, start=q.start + a, end=q.start + b, text=q.text[a:b]))
            parent.append(k)
    return units, parent


def _merge_runs(
    units: list[QuoteMention], parents: list[int], by_id: dict[str, Article]
) -> list[QuoteMention]:
    """Join consecutive sentences of one quote that landed in one statement into one mention."""
    out: list[QuoteMention] = []
    last = -1
    for u, p in sorted(zip(units, parents), key=lambda t: (t[0].article, t[0].start)):
        if out and p == last and u.start >= out[-1].end:
            prev = out[-1]
            text = by_id[u.article].text[prev.start : u.end]
            out[-1] = replace(prev, end=u.end, text=text)
            continue
        out.append(u)
        last = p
    return out


def _statement(
    story_id: str,
    quotes: list[QuoteMention],
    ents: list[Entity | None],
    by_id: dict[str, Article],
) -> Statement | None:
    known = Counter(e.id for e in ents if e is not None)
    entity = None
    if known:
        eid = max(known, key=lambda k: (known[k], k))
        entity = next(e for e in ents if e is not None and e.id == eid)
    if entity is not None:
        speaker = Speaker(entity.name, entity.id)
    else:
        names = [
            q.speaker_name or q.speaker_text
            for q in quotes
            if (q.speaker_name or q.speaker_text or "").strip()
        ]
        speaker = Speaker(max(names, key=lambda s: (len(s), s)) if names else "unknown", None)
    dates = Counter(q.said_on for q in quotes if q.said_on)
    said_on, basis = None, None
    if dates:
        said_on = max(dates, key=lambda d: (dates[d], d))
        texts = sorted({q.said_on_text for q in quotes if q.said_on == said_on and q.said_on_text})
        basis = f"{dates[said_on]} of {len(quotes)} mentions date it" + (
            f" ({'; '.join(texts)[:120]})" if texts else ""
        )
    else:
        # No outlet dates the remark: it was made on or before the first report of it, and
        # news reports the same day's remarks, so the earliest publication date is the estimate.
        published = sorted(
            (by_id[q.article].published or "", q.article)
            for q in quotes
            if by_id[q.article].published and by_id[q.article].published_source
        )
        if published:
            said_on = published[0][0]
            basis = f"estimate: no date stated; earliest report of it ({published[0][1]})"
    mentions = []
    for q in quotes:
        art = by_id[q.article]
        try:
            sp = span_of(art.id, art.text, q.start, q.end)
        except ContractError:
            continue
        mentions.append(
            StatementMention(
                sp.article,
                sp.start,
                sp.end,
                sp.text,
                q.kind,
                q.speaker_text,
                q.language,
                outlet_of(art, by_id),
            )
        )
    if not mentions:
        return None
    first = mentions[0]
    return Statement(
        item_id("st", story_id, first.article, str(first.start)),
        speaker,
        said_on,
        tuple(mentions),
        basis,
    )
