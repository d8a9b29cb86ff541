"""Statements: every outlet's rendering of one utterance joined into one statement.

Every quote is first cut into units: its sentences, and a sentence of reported speech into its
reported clauses ("He called it a 'tragedy' but added that 'the worst was avoided'") and the
clause it credits to another source ("..., but failed, according to the fire chief, to destroy
it"), all exact sub-spans. The units of the story are clustered; consecutive units of one quote
that land in one statement are joined back into one mention, so a two-sentence quotation whose
sentences render two utterances becomes two mentions. The clustering is average-link
agglomeration over a pairwise score:

* the text score (``statement_match.similarity``): the best multilingual encoder cosine of any
  view of one unit against any view of the other (its content without the speaker's frame, its
  sentences, its reported clause), plus the overlap of the rare words they share (story IDF,
  the speakers' names left out), or rapidfuzz ``partial_ratio`` for a fragment of a longer
  quote (headlines);
* sentences of one quote start with a sibling score under the threshold: each joins the other
  outlets' renderings of the utterance it gives, and the sentences no other quote took are
  joined back to their neighbours afterwards (``_rejoin_lonely``), as are two quotes of one
  speaker next to each other in one article that no other outlet echoes (``_join_unechoed``:
  one remark as that outlet reported it; dev pair F1 0.701 -> 0.714), and two statements the
  same outlets render in the same order, one's mention followed at once by the other's, are one
  quoted passage (``_join_parallel``; 0.714 -> 0.719); two clauses a reporting cue
  cut from one sentence ("..., but added that ...", a headline's "..., vows to ...") score low: two
  utterances unless other mentions join them, as do two mentions next to each other, the later
  opening such a clause (``_continues_clause``: a conjunct cue's own mention). Pairs whose
  speakers resolve to one entity get a bonus, and consecutive quotes of one speaker next to
  each other in one article another, a larger one when a reported remark is followed at once by another quote ("Putin said Russia's
  very existence was threatened. 'We are fighting for the life ...'": the quote gives the words
  the report sums up, ``_elaborates``); compatible ``said_on`` dates a small one.

Two mentions whose speakers resolve to different entities of one kind (two people, two
organisations), or whose ``said_on`` dates cannot overlap, never join; a description that names
no entity is the one person it describes (``_described_people``: "a Kremlin spokesperson" is
Peskov when "Kremlin spokesperson Dmitry Peskov" is his alias); a mention whose speaker
is unknown, or a person and an organisation, join only at a very high score, unless one speaks
for the other (``statement_speakers``: "Kremlin spokesman Dmitry Peskov" among the person's
aliases links him to the Kremlin; an unresolved "Kremlin spokesperson" stands for Peskov), and
a statement of an organisation quoted through one such person in the story is credited to them
(``_voices``: "the Kremlin said" is Peskov's). The link score of two clusters is their mean
pair score blended with the mean best match of their members (``_link``): average link keeps
different statements of one speaker apart, the best
matches let a headline or a paraphrase close to part of a statement join it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np

from storyline.errors import ContractError
from storyline.reconcile.conflicts import outlet_of
from storyline.reconcile.statement_match import (
    LEXICAL_WEIGHT,
    MIN_CLAUSE,
    clause_starts,
    opens_clause,
    sentence_ends,
    similarity,
    source_starts,
)
from storyline.reconcile.statement_speakers import (
    _kin,
    _linked,
    _proxy,
    _same,
    _speaker_entity,
    _voices,
)
from storyline.records import (
    Article,
    ArticleAnalysis,
    Entity,
    QuoteMention,
    Speaker,
    Statement,
    StatementMention,
    item_id,
    original_of,
    span_of,
)
from storyline.union_find import UnionFind

log = logging.getLogger(__name__)

STATEMENT_THRESHOLD = 0.55  # average-link score for one statement (tuned on the dev gold)
NEIGHBOUR_WEIGHT = 0.4  # share of the best-match mean in the link score (the rest: plain mean)
UNKNOWN_SPEAKER_THRESHOLD = 0.85  # a mention with no resolved speaker joins only this close
PERSON_ORG_THRESHOLD = 0.6  # a person and an organisation (spokesman, company): text must carry it
SIBLING_SCORE = 0.4  # two sentences of one quote: under the threshold, text must join them
CLAUSE_SIBLING_SCORE = 0.0  # two reported clauses of one sentence ("..., adding that ..."): apart
SAME_SPEAKER_BONUS = 0.1  # both speakers resolve to one entity: evidence of one utterance
ADJACENT_GAP = 40  # characters between two quotes of one speaker that continue one another
ADJACENT_BONUS = 0.1  # consecutive quotes of one speaker, next to each other in one article
ELABORATION_GAP = 5  # characters between a report of a remark and the quote that follows it
ELABORATION_BONUS = 0.15  # a reported remark followed at once by another quote of its speaker
DATE_BONUS = 0.03  # both mentions dated, dates compatible
DATE_CLASH_PENALTY = 0.15  # both dated, on days that cannot overlap, at most a week apart
DATE_CLASH_DAYS = 7  # dates farther apart than this: never one utterance
_CANNOT = -1.0
ECHO_SCORE = 0.6  # a mixed mention and another of its speaker holding its quoted words
_MIN_ECHO = 5  # characters of a quoted fragment that can echo ("treason", not "no")
_MIN_SENTENCE = 25  # a shorter piece of a quote is no sentence of its own


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of a quote (one span, the whole text, when it has one).

    A piece shorter than ``_MIN_SENTENCE`` characters stays with its neighbour.
    """
    bounds = [0, *sentence_ends(text), len(text)]
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


@lru_cache(maxsize=65536)  # pure: asked for every pair of mentions
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


def _link(block: np.ndarray, neighbour: float) -> float:
    """The link score of two clusters from their block of pair scores.

    The mean of all pairs, blended (``neighbour``) with the best matches: the mean, over the
    members of each cluster, of each one's best match in the other, the two clusters weighing
    alike. One statement's mentions render different parts of it (a headline, a paraphrase, the
    quote itself), so a mention close to some members of a statement and far from others still
    belongs to it, where the plain mean of a large cluster shuts it out; pooling the members of
    both would let the large cluster's many weak matches outvote the newcomer's close one.
    """
    avg = float(block.mean())
    if not neighbour:
        return avg
    best = 0.5 * (float(block.max(axis=1).mean()) + float(block.max(axis=0).mean()))
    return (1.0 - neighbour) * avg + neighbour * best


def _average_link(
    score: np.ndarray, threshold: float, neighbour: float = NEIGHBOUR_WEIGHT
) -> list[list[int]]:
    """Average-link agglomeration; a pair scored ``_CANNOT`` keeps its clusters apart.

    Each step joins the pair of clusters with the highest link score (``_link``: the mean
    score, blended with the mean best match by ``neighbour``; at least ``threshold``; on a tie
    the last pair in (earlier, later) list order). The means are kept in a matrix over
    cluster slots, and after a join only the joined cluster's pairs are scored again: each as
    ``_link(score[rows of the earlier cluster][:, columns of the later one])``, so every value
    and every tie is the one a full recomputation gives. A pair whose best single score is under
    ``threshold`` cannot reach it (neither mean exceeds it): it is marked so unscored (with a
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
            avg = _link(score[np.ix_(clusters[first], clusters[second])], neighbour)
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
        settings: the run's settings; ``reconcile.statement_threshold`` is the join score and
            ``reconcile.statement_lexical_weight`` the weight of shared rare words in it,
            ``reconcile.statement_neighbour_weight`` that of the best matches in the link score.

    Returns:
        Statements sorted by id.
    """
    rec = getattr(settings, "reconcile", None)
    threshold = getattr(rec, "statement_threshold", STATEMENT_THRESHOLD)
    neighbour = getattr(rec, "statement_neighbour_weight", NEIGHBOUR_WEIGHT)
    lexical = getattr(rec, "statement_lexical_weight", LEXICAL_WEIGHT)
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
    references = {an.article: an.reference_date for an in analyses if an.reference_date}
    quotes, shadows = _copies(quotes, by_id)
    units, parent, sentence = _units(quotes)
    resolved: dict[str, Entity | None] = {}
    ents_q = [_speaker_entity(q, entities, resolved) for q in quotes]
    proxies = [_proxy(q, entities) if e is None else None for q, e in zip(quotes, ents_q)]
    kin_q = _kin(quotes, ents_q, entities, proxies)
    ents_q = _described_people(ents_q, proxies)
    ents = [ents_q[k] for k in parent]
    kin = [kin_q[k] for k in parent]
    voices = _voices(quotes, ents_q, kin_q)
    passages = [
        (a.language, a.text[x:y])
        for a in articles for x, y in pairwise([0, *sentence_ends(a.text), len(a.text)])
    ]
    score = pair_scores(units, parent, ents, embedder, sentence, lexical,
                        [t for _, t in passages], kin, [lang for lang, _ in passages])
    _echo_fragments(score, units, parent, ents)
    copy_ids = {id(c): len(quotes) + n
                for n, c in enumerate(c for cs in shadows.values() for c in cs)}
    out = []
    clusters = _average_link(score, threshold, neighbour)
    clusters = _rejoin_lonely(clusters, parent, sentence)
    article_of = [q.article for q in quotes]
    clusters = _join_unechoed(clusters, parent, quotes, ents_q)
    clusters = _join_parallel(clusters, parent, article_of)
    for members in clusters:
        group = [units[k] for k in members]
        parents = [parent[k] for k in members]
        group_ents = [ents[k] for k in members]
        # a copy's quote follows its original's units into the statement
        for k in members:
            for copy in shadows.get(parent[k], ()):
                off = units[k].start - quotes[parent[k]].start
                group.append(replace(copy, start=copy.start + off,
                                     end=copy.start + off + len(units[k].text),
                                     text=units[k].text))
                parents.append(copy_ids[id(copy)])  # a quote of its own
                group_ents.append(ents[k])
        merged = _merge_runs(group, parents, by_id)
        stmt = _statement(story_id, merged, group_ents, by_id, references, voices)
        if stmt is not None:
            out.append(stmt)
    return sorted(out, key=lambda s: s.id)


def _echo_fragments(
    score: np.ndarray,
    units: Sequence[QuoteMention],
    parent: Sequence[int],
    ents: Sequence[Entity | None],
) -> None:
    """Raise to ``ECHO_SCORE`` the pair score of a mixed mention and another mention of the
    same speaker that holds its quoted words ("accused the Wagner group of “treason”" and
    "Exorbitant ambitions and personal interests led to treason"; "acknowledged a “difficult”
    situation" and "It remains difficult …"): the marks say the speaker used those very words,
    which the encoder, comparing a summary with a sentence, weighs little. A fragment shorter
    than ``_MIN_ECHO`` characters says nothing of the utterance, nor one the other mention
    writes capitalised inside a sentence: a name ("the “Ever Given”", "waited for Ever Given").
    Pairs that may not join stay apart."""
    from storyline.analyze.quotes import find_quoted

    frags: list[list[re.Pattern[str]]] = []
    for u in units:
        found = []
        if u.kind == "mixed":
            for a, b in find_quoted(u.text):
                f = u.text[a:b].strip(" .,;:!?…")
                if len(f) >= _MIN_ECHO:
                    found.append(re.compile(rf"(?<!\w){re.escape(f)}(?!\w)", re.IGNORECASE))
        frags.append(found)
    for i, patterns in enumerate(frags):
        ei = ents[i]
        if not patterns or ei is None:
            continue
        for j in range(len(units)):
            ej = ents[j]
            if parent[j] == parent[i] or ej is None or ej.id != ei.id:
                continue
            if not _CANNOT < score[i, j] < ECHO_SCORE:
                continue
            text = units[j].text
            if any(m.start() == 0 or not m.group(0)[:1].isupper()
                   for p in patterns for m in p.finditer(text)):
                score[i, j] = score[j, i] = ECHO_SCORE


def _rejoin_lonely(
    clusters: list[list[int]], parent: Sequence[int], sentence: Sequence[int]
) -> list[list[int]]:
    """Join again the consecutive sentences of one quote that no other quote took.

    Sentences of one quote do not hold together by themselves (``SIBLING_SCORE`` is under the
    threshold): each may join the other outlets' renderings of the utterance it gives, so a
    quotation of two utterances splits in two. A sentence left in a statement of its own quote
    alone, though, rendered nothing another mention echoes; it continues the sentence next to
    it, when that one is alone too (one mention, as the outlet wrote it). One that did find an
    echo keeps it: joining the rest to it would pull two utterances into one statement.
    """
    of = {k: c for c, members in enumerate(clusters) for k in members}
    alone = [len({parent[k] for k in members}) == 1 for members in clusters]
    return _unite(clusters, [
        (of[k - 1], of[k]) for k in range(1, len(parent))
        if parent[k - 1] == parent[k] and sentence[k - 1] != sentence[k]
        and alone[of[k - 1]] and alone[of[k]]
    ])


def _described_people(
    ents: Sequence[Entity | None], proxies: Sequence[Entity | None]
) -> list[Entity | None]:
    """Per quote, its speaker's entity, or for a description no entity is named by, the one
    person it describes (its ``_proxy``: "a Kremlin spokesperson" when "Kremlin spokesperson
    Dmitry Peskov" is one of the story's people)."""
    return [p if e is None and p is not None and p.type == "PERSON" else e
            for e, p in zip(ents, proxies, strict=True)]


def _join_parallel(
    clusters: list[list[int]], parent: Sequence[int], article: Sequence[str],
) -> list[list[int]]:
    """Join two statements that the same outlets render in the same order, each one's mention
    followed at once by the other's: two outlets quoting the same two consecutive sentences
    ("Now the moment has come when blood can be shed. Therefore, ... we turn our convoys
    around") quote one passage, one utterance, whatever their sentences' scores.

    ``article`` is per quote, ``parent`` maps units to quotes; units are in article order.
    """
    of = {k: c for c, members in enumerate(clusters) for k in members}
    pairs = []
    for c, members in enumerate(clusters):
        arts = [article[parent[k]] for k in members]
        if len(set(arts)) < 2 or len(set(arts)) != len(arts):
            continue
        nxt = [k + 1 for k in members]
        if any(k >= len(parent) or article[parent[k]] != a for k, a in zip(nxt, arts, strict=True)):
            continue
        following = {of[k] for k in nxt}
        if len(following) == 1 and (d := following.pop()) != c and sorted(clusters[d]) == nxt:
            pairs.append((c, d))
    return _unite(clusters, pairs)


def _unite(clusters: list[list[int]], pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """``clusters`` with each pair of cluster indices in ``pairs`` (and what they chain) made
    one, members sorted, in the order of their smallest cluster."""
    sets = UnionFind(range(len(clusters)))
    for a, b in pairs:
        sets.union(a, b)
    joined: dict[int, list[int]] = {}
    for c, members in enumerate(clusters):
        joined.setdefault(sets.find(c), []).extend(members)
    return [sorted(m) for _, m in sorted(joined.items())]


def _join_unechoed(
    clusters: list[list[int]], parent: Sequence[int], quotes: Sequence[QuoteMention],
    speaker: Sequence[Entity | None],
) -> list[list[int]]:
    """Join the consecutive quotes of one speaker in one article that no other outlet echoes.

    ``speaker`` is per quote (``parent`` maps units to quotes; quotes are in article order). A
    statement held by one article's mentions alone rendered nothing another outlet took up;
    when the next quote of that article is the same speaker's and is as alone, the two are parts
    of one remark as that outlet reported it ("... a terrible drama", he said, praising the
    firefighters' "professionalism"), one statement with two mentions; not when the next one
    opens by moving to another moment or subject (``_another_remark``: "Earlier the president
    had …", "As for the other fighters, …").
    """
    article = [q.article for q in quotes]
    of = {k: c for c, members in enumerate(clusters) for k in members}
    alone = [len({article[parent[k]] for k in members}) == 1 for members in clusters]
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for k, p in enumerate(parent):
        first.setdefault(p, k)
        last[p] = k
    pairs = []
    for p in range(1, len(article)):
        if p not in first or p - 1 not in last or article[p] != article[p - 1]:
            continue
        a, b = speaker[p - 1], speaker[p]
        if a is None or b is None or a.id != b.id or _another_remark(quotes[p]):
            continue
        ca, cb = of[last[p - 1]], of[first[p]]
        if alone[ca] and alone[cb]:
            pairs.append((ca, cb))
    return _unite(clusters, pairs)


# A mention that opens by moving to another moment ("Earlier the president had wondered …",
# "Plus tôt, il avait …", "Zuvor hatte er …", "Ранее он заявил …") or to another subject ("As
# for the other fighters, …", "Что касается остальных бойцов, …", "Quant aux …"): another
# utterance than the quote before it, however alone both are
_ANOTHER_REMARK = re.compile(
    r"^\W*(?:earlier|previously|later|before that|at the time|plus\s+tôt|auparavant|"
    r"précédemment|plus\s+tard|zuvor|vorher|früher|später|antes|previamente|más\s+tarde|"
    r"anteriormente|ранее|до\s+этого|позже|позднее|wcześniej|później|eerder|"
    r"in\s+an\s+earlier|in\s+a\s+later|"
    r"as\s+for|as\s+to|quant\s+(?:à|au|aux)|pour\s+ce\s+qui\s+est|en\s+cuanto\s+a|"
    r"respecto\s+a|что\s+касается|относительно|jeśli\s+chodzi\s+o|wat\s+betreft|"
    r"per\s+quanto\s+riguarda|quanto\s+a)(?!\w)",
    re.IGNORECASE,
)


def _another_remark(q: QuoteMention) -> bool:
    """The mention opens by moving to another moment or subject than the one before it."""
    return _ANOTHER_REMARK.match(q.text) is not None


def _copies(
    quotes: list[QuoteMention], by_id: dict[str, Article]
) -> tuple[list[QuoteMention], dict[int, list[QuoteMention]]]:
    """Set aside the quotes of copies (``duplicate_of``) that repeat a quote of their original
    word for word, with the same speaker, kind and date: they are aligned as that quote is.

    A wire story copied by fifty outlets would otherwise make every mention fifty, and the
    pairwise alignment 2,500 times the work, for the same statements.

    Returns:
        The quotes to align (in the given order) and, per index into them, its copies' quotes.
    """
    def root(article_id: str) -> str:
        art = by_id.get(article_id)
        return original_of(art, by_id).id if art is not None else article_id

    def key(q: QuoteMention) -> tuple[Any, ...]:
        return (q.text, q.kind, q.speaker_text, q.speaker_name, q.said_on, q.language)

    roots = [root(q.article) for q in quotes]
    originals = {(r, *key(q)) for q, r in zip(quotes, roots, strict=True) if r == q.article}
    kept: list[QuoteMention] = []
    index: dict[tuple[Any, ...], int] = {}
    copies: list[tuple[tuple[Any, ...], QuoteMention]] = []
    for q, r in zip(quotes, roots, strict=True):
        k = (r, *key(q))
        if r != q.article and k in originals:
            copies.append((k, q))
            continue
        if r == q.article:
            index.setdefault(k, len(kept))
        kept.append(q)
    shadows: dict[int, list[QuoteMention]] = {}
    for k, q in copies:
        shadows.setdefault(index[k], []).append(q)
    return kept, shadows


def pair_scores(
    units: Sequence[QuoteMention],
    parent: Sequence[int],
    ents: Sequence[Entity | None],
    embedder: Any,
    sentence: Sequence[int] | None = None,
    lexical_weight: float = LEXICAL_WEIGHT,
    background: Sequence[str] = (),
    kin: Sequence[frozenset[str]] | None = None,
    background_languages: Sequence[str | None] | None = None,
) -> np.ndarray:
    """The pairwise join score of the story's mention units (``_CANNOT``: never one statement).

    Args:
        units: the sentence units of the story's quotes (``_units``).
        parent: the index of each unit's quote.
        ents: each unit's resolved speaker entity (None: unknown).
        embedder: the multilingual sentence encoder.
        sentence: the sentence of each unit (two clauses of one sentence share it); None: every
            unit is a sentence of its own.
        lexical_weight: weight of the rare-word overlap in the text score.
        background: the sentences of the story's articles (word frequencies of the story).
        kin: per unit, the entities its speaker speaks for or with (``_kin``); a pair whose
            speaker one names in the other's kin is one voice: no speaker gate applies.
        background_languages: the language of each background sentence (word frequencies
            counted per language); None: one pool.

    Returns:
        A square matrix; the text score (``statement_match.similarity``) with the speaker and date rules applied.
    """
    names = sorted({x for e in ents if e is not None for x in (e.name, *e.aliases)})
    score = similarity(units, embedder, lexical_weight, names, background, background_languages)
    n = len(units)
    text = score.tolist()  # the same floats as float(score[i, j]), read faster
    for i in range(n):  # every rule is symmetric: score each pair once
        row = text[i]
        for j in range(i + 1, n):
            score[i, j] = score[j, i] = _pair_rule(
                row[j], i, j, units, parent, ents, sentence, kin)
    return score


def _pair_rule(
    s: float,
    i: int,
    j: int,
    units: Sequence[QuoteMention],
    parent: Sequence[int],
    ents: Sequence[Entity | None],
    sentence: Sequence[int] | None,
    kin: Sequence[frozenset[str]] | None,
) -> float:
    """The join score of units ``i`` and ``j`` from their text score ``s``: the speaker, sibling
    and date rules of ``pair_scores``."""
    ei, ej = ents[i], ents[j]
    linked = kin is not None and _linked(ei, ej, kin[i], kin[j])
    if parent[i] == parent[j]:
        if sentence is not None and sentence[i] == sentence[j]:
            return CLAUSE_SIBLING_SCORE  # cut as a second utterance: apart
        s = max(s, SIBLING_SCORE)
    elif _continues_clause(units[i], units[j], parent[i], parent[j]):
        return CLAUSE_SIBLING_SCORE  # "X said A" | "but added that B": as one sentence's cut
    elif linked:
        pass  # one speaks for the other: one voice, no speaker gate
    elif ei is not None and ej is not None and ei.id != ej.id and ei.type == ej.type:
        return _CANNOT
    elif not _same(ei, ej) and s < (
        UNKNOWN_SPEAKER_THRESHOLD if ei is None or ej is None else PERSON_ORG_THRESHOLD
    ):
        return min(s, 0.0)
    if _same(ei, ej):
        s += SAME_SPEAKER_BONUS
        if _adjacent(units[i], units[j], parent[i], parent[j]):
            s += ADJACENT_BONUS
            if _elaborates(units[i], units[j], parent[i], parent[j]):
                s += ELABORATION_BONUS
    di, dj = units[i].said_on, units[j].said_on
    gap = _gap_days(di, dj)
    if gap and parent[i] != parent[j]:
        # a date a few days off is often resolved from a nearby sentence that dates
        # something else: it weighs against one utterance; weeks apart rule it out
        if gap > DATE_CLASH_DAYS:
            return _CANNOT
        s -= DATE_CLASH_PENALTY
    elif di and dj:
        s += DATE_BONUS
    return s


def _consecutive(
    a: QuoteMention, b: QuoteMention, pa: int, pb: int
) -> tuple[QuoteMention, QuoteMention] | None:
    """Quotes ``a`` and ``b`` (indices ``pa``, ``pb``) in article order when they are
    consecutive quotes of one article (no quote between them), else None."""
    if a.article != b.article or abs(pa - pb) != 1:
        return None
    return (a, b) if pa < pb else (b, a)


def _adjacent(a: QuoteMention, b: QuoteMention, pa: int, pb: int) -> bool:
    """Two consecutive quotes of one article (no quote between them), close to each other."""
    pair = _consecutive(a, b, pa, pb)
    return pair is not None and 0 <= pair[1].start - pair[0].end <= ADJACENT_GAP


def _continues_clause(a: QuoteMention, b: QuoteMention, pa: int, pb: int) -> bool:
    """The later of two consecutive quotes of one article, right after the other, opens a
    further reported clause ("He said A" | "but added that B", a conjunct's own mention): two
    clauses of one sentence, scored as a sentence's cut clauses are."""
    pair = _consecutive(a, b, pa, pb)
    return pair is not None and 0 <= pair[1].start - pair[0].end <= ELABORATION_GAP and (
        opens_clause(pair[1].text, pair[1].language))


def _elaborates(a: QuoteMention, b: QuoteMention, pa: int, pb: int) -> bool:
    """A reported remark (indirect or mixed) followed at once by another quote of its speaker
    (``a`` and ``b`` are consecutive quotes of one article, ``pa`` and ``pb`` their indices):
    the second gives the words the report sums up ("Putin said Russia's existence was
    threatened. 'We are fighting for the life ...'") or carries the report on ("Prigozhin said
    he would order his troops back. He said he wanted to avoid shedding Russian blood"). Not
    a second quote that opens a further reported clause ("..., but added that ...")."""
    first, second = (a, b) if pa < pb else (b, a)
    return (
        first.kind != "direct"
        and 0 <= second.start - first.end <= ELABORATION_GAP
        and not opens_clause(second.text, second.language)
    )


def _units(
    quotes: Sequence[QuoteMention],
) -> tuple[list[QuoteMention], list[int], list[int]]:
    """Split every quote into its sentences, and reported speech into its clauses.

    Returns:
        The units (exact sub-spans of the quotes), the index of each unit's quote and the index
        of its sentence (story-wide: two clauses of one sentence share it).
    """
    units: list[QuoteMention] = []
    parent: list[int] = []
    sentence: list[int] = []
    for k, q in enumerate(quotes):
        for a, b in _sentence_spans(q.text):
            number = len(set(sentence))
            cuts = _cuts(q, q.text[a:b])
            bounds = [a] + [a + c for c in cuts] + [b]
            for x, y in pairwise(bounds):
                piece = q.text[x:y]
                y = x + len(piece.rstrip(" ,;:"))
                units.append(replace(q, start=q.start + x, end=q.start + y, text=q.text[x:y]))
                parent.append(k)
                sentence.append(number)
    return units, parent, sentence


def _cuts(q: QuoteMention, text: str) -> list[int]:
    """Where a sentence ``text`` of quote ``q`` splits into clauses: a second reported clause
    (``clause_starts``) or, in reported speech, a clause another source is credited with
    (``source_starts``); cuts closer than ``MIN_CLAUSE`` to the one before are dropped."""
    cuts = clause_starts(text, q.language, direct=q.kind == "direct")
    if q.kind != "direct":
        speaker = " ".join(x for x in (q.speaker_text, q.speaker_name) if x)
        cuts = sorted({*cuts, *source_starts(text, q.language, speaker)})
    out: list[int] = []
    for c in cuts:
        if not out or c - out[-1] >= MIN_CLAUSE:
            out.append(c)
    return out


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


def _said_on(
    quotes: list[QuoteMention], by_id: dict[str, Article], references: dict[str, str]
) -> tuple[str | None, str | None]:
    """The statement's date and why: the mentions' dates, else an estimate from the reports.

    The date most mentions give wins; on a tie the earliest (a remark comes before its reports,
    and a later date is likelier a reporting day read as the day of the remark). No outlet
    dating the remark, it was made on or before the first report of it, and news reports the
    same day's remarks: the earliest publication date is the estimate, else the earliest story
    reference date of an undated report (``ArticleAnalysis.reference_date``).
    """
    dates = Counter(q.said_on for q in quotes if q.said_on)
    if dates:
        said_on = min(dates, key=lambda d: (-dates[d], d))
        texts = sorted({q.said_on_text for q in quotes if q.said_on == said_on and q.said_on_text})
        basis = f"{dates[said_on]} of {len(quotes)} mentions date it" + (
            f" ({'; '.join(texts)[:120]})" if texts else ""
        )
        return said_on, basis
    published = sorted(
        (by_id[q.article].published or "", q.article)
        for q in quotes
        if by_id[q.article].published and by_id[q.article].published_source
    )
    if published:
        return published[0][
            0
        ], f"estimate: no date stated; earliest report of it ({published[0][1]})"
    undated = sorted((references[q.article], q.article) for q in quotes if q.article in references)
    if undated:
        return undated[0][0], (
            f"estimate: no date stated; story reference date of its report ({undated[0][1]})"
        )
    return None, None


def _statement(
    story_id: str,
    quotes: list[QuoteMention],
    ents: list[Entity | None],
    by_id: dict[str, Article],
    references: dict[str, str],
    voices: dict[str, Entity] | None = None,
) -> Statement | None:
    known = Counter(e.id for e in ents if e is not None)
    entity = None
    if known:
        eid = max(known, key=lambda k: (known[k], k))
        entity = next(e for e in ents if e is not None and e.id == eid)
        entity = (voices or {}).get(entity.id, entity)  # the organisation's one voice
    if entity is not None:
        speaker = Speaker(entity.name, entity.id)
    else:
        names = [
            q.speaker_name or q.speaker_text
            for q in quotes
            if (q.speaker_name or q.speaker_text or "").strip()
        ]
        speaker = Speaker(max(names, key=lambda s: (len(s), s)) if names else "unknown", None)
    said_on, basis = _said_on(quotes, by_id, references)
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
