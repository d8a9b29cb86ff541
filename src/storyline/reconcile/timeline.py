"""The story timeline: references for undated articles, event anchors, said_on, merged events.

``resolve_story_times`` gives undated articles a reference from the story (the dated articles'
publication dates combined with the article's own stated dates), resolves relative anchors ("four
days before Russia's invasion") against events dated anywhere in the story until nothing changes,
and dates each quote (``said_on``). ``merge_events`` groups event mentions across the story's
articles into ``Event`` records, keeping the majority date and recording the others.
"""

from __future__ import annotations

import functools
import logging
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from storyline.analyze.dates import shift_value, value_start
from storyline.analyze.events import EVENT_NOUNS
from storyline.records import (
    Article,
    ArticleAnalysis,
    Event,
    EventMention,
    QuoteMention,
    TimeMention,
    item_id,
    span_of,
)

log = logging.getLogger(__name__)

_MAX_REF_GAP_DAYS = 30  # an article's own stated date beyond this from the story is not its day
_MAX_ANCHOR_ROUNDS = 5
_SCENE_BACK_PARAGRAPHS = 4
_SPEAKER_BACK_PARAGRAPHS = 2
_SAME_EVENT_SIM = 0.8
_TRIGGER_SIM = 0.45
_MAX_SAID_ON_DAYS = 31

# Nouns that name the same kind of happening: "the call", "the exchange", "the discussion".
_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset(
        [
            "call",
            "phone-call",
            "conversation",
            "talk",
            "talks",
            "discussion",
            "exchange",
            "appel",
            "entretien",
            "gespräch",
            "anruf",
            "llamada",
            "conversación",
            "звонок",
            "разговор",
            "переговоры",
        ]
    ),
    frozenset(["invasion", "invade", "attack", "offensive", "war", "вторжение", "invasión"]),
    frozenset(["fire", "blaze", "burn", "incendie", "brand", "incendio", "пожар"]),
    frozenset(["broadcast", "documentary", "air", "show"]),
    frozenset(
        [
            "speech",
            "address",
            "statement",
            "allocution",
            "discours",
            "rede",
            "discurso",
            "выступление",
        ]
    ),
    frozenset(["meeting", "summit", "meet", "réunion", "sommet", "treffen", "reunión", "встреча"]),
    frozenset(["vote", "election", "poll", "ballot", "referendum", "wahl", "elección", "выборы"]),
)
_SCENE = re.compile(
    r"(?i)\b(?:in|during|throughout|as)\s+(?:the|that|this)\s+(?:phone\s+|telephone\s+|"
    r"entire\s+|whole\s+)?([^\W\d_]+)"
)


@functools.lru_cache(maxsize=256)
def _quoted(text: str) -> tuple[tuple[int, int], ...]:
    """The quoted spans of an article (asked once per quote of it)."""
    from storyline.analyze.quotes import find_quoted

    return tuple(find_quoted(text))


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    w = word.lower().strip()
    for group in _SYNONYMS:
        if w in group or (len(w) > 4 and any(g.startswith(w[:5]) for g in group)):
            return min(group)
    return w[:6]


@functools.lru_cache(maxsize=65536)
def _span_days(value: str) -> int:
    parts = value.split("/")
    return (date.fromisoformat(parts[-1]) - date.fromisoformat(parts[0])).days


def _overlap(a: str, b: str) -> bool:
    a0, a1 = a.split("/")[0], a.split("/")[-1]
    b0, b1 = b.split("/")[0], b.split("/")[-1]
    return a0 <= b1 and b0 <= a1


# --------------------------------------------------------------------------- references


def _story_reference(own: str | None, story_dates: list[str]) -> str | None:
    """The reference for an undated article: its own stated date when the story agrees with it,
    else the most common publication date of the story (the later one on ties)."""
    if not story_dates:
        return own
    counts = Counter(story_dates)
    common = max(counts, key=lambda d: (counts[d], d))
    if own is None:
        return common
    gap = abs((date.fromisoformat(own) - date.fromisoformat(common)).days)
    return own if gap <= _MAX_REF_GAP_DAYS else common


def _reanalyse(article: Article, analysis: ArticleAnalysis, reference: str) -> ArticleAnalysis:
    """Redo times and events against a new reference, from the analysis's kept parse if any."""
    from storyline.analyze.dates import find_times
    from storyline.analyze.events import extract_events
    from storyline.analyze.nlp import load_pipeline

    nlp = load_pipeline(analysis.language or article.language)
    if analysis.parsed is not None:
        from spacy.tokens import Doc

        doc = Doc(nlp.vocab).from_bytes(zlib.decompress(analysis.parsed))
    else:
        doc = nlp(article.text)
    times = find_times(doc, article, reference, "story_dates")
    events = extract_events(doc, article, times, list(analysis.entities))
    return analysis.replace(
        times=tuple(times),
        events=tuple(events),
        reference_date=reference,
        reference_kind="story_dates",
        parsed=None,
    )


def _relabel(analysis: ArticleAnalysis) -> ArticleAnalysis:
    """The analysis as ``_reanalyse`` would give it when the reference is unchanged.

    Times were resolved against the article's own stated date, which the story confirms: the
    values stand and only the reference's kind becomes "story_dates" (``find_times`` uses the
    kind as a label, nothing more).
    """
    times = tuple(
        t.replace(reference_kind="story_dates") if t.reference_kind == "article_dates" else t
        for t in analysis.times
    )
    return analysis.replace(times=times, reference_kind="story_dates")


def _anchor_matches(anchor: str, mention: EventMention) -> bool:
    words = re.findall(r"[^\W\d_]+", anchor.lower())
    keys = {_key(w) for w in words if w in EVENT_NOUNS or len(w) > 5}
    return _key(mention.trigger) in keys


def _resolve_anchors(analyses: list[ArticleAnalysis]) -> list[ArticleAnalysis]:
    """Date event mentions whose date hangs on another event, until nothing changes."""
    for _ in range(_MAX_ANCHOR_ROUNDS):
        dated = [e for a in analyses for e in a.events if e.date and not e.anchor_text]
        changed = False
        out = []
        for a in analyses:
            new_events = []
            for e in a.events:
                if e.date is None and e.anchor_text and e.offset_days is not None:
                    hits = [d for d in dated if _anchor_matches(e.anchor_text, d)]
                    # Prefer the same article, then the most specific date.
                    hits.sort(
                        key=lambda d: (
                            d.article != e.article,
                            _span_days(d.date or ""),
                            d.article,
                            d.start,
                        )
                    )
                    if hits and hits[0].date:
                        base = hits[0].date.split("/")[0]
                        e = e.replace(date=shift_value(base, e.offset_days))
                        changed = True
                new_events.append(e)
            out.append(a.replace(events=tuple(new_events)))
        analyses = out
        if not changed:
            break
    return analyses


# --------------------------------------------------------------------------- said_on


@functools.lru_cache(maxsize=256)  # asked once per quote of an article
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))


_CONTEXT_MAX_DAYS = 7


def _usable(t: TimeMention) -> bool:
    return (
        not t.is_stamp
        and t.kind in {"date", "time"}  # a duration, set or "now" dates no utterance
        and t.value is not None
        and _span_days(t.value) <= _MAX_SAID_ON_DAYS
    )


# a capitalised article opening a speaker description ("The mayor") names no one
_ARTICLES = frozenset({"the", "les", "der", "die", "das", "den", "dem", "des", "los", "las",
                       "une", "ein", "eine", "una"})


def _speaker_words(q: QuoteMention) -> set[str]:
    names = f"{q.speaker_name or ''} {q.speaker_text}"
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", names)
            if w[0].isupper() and w.lower() not in _ARTICLES}


def _said_on_times(article: Article, analysis: ArticleAnalysis) -> list[TimeMention]:
    """The time mentions that can date an article's quotes.

    Dates inside quotation marks belong to what was said, not to when it was said; for an
    indirect or mixed mention the reported clause itself may hold the date ("... late on Sunday").
    """
    quoted = _quoted(article.text)
    return [t for t in analysis.times if _usable(t)
            and not any(a <= t.start < b for a, b in quoted)]


# A non-restrictive relative clause (", which Melania Trump visited in July 2017"): a date in it
# dates what the clause tells, not the utterance of its sentence.
_RELATIVE = re.compile(
    r",\s*(?:which|who|whom|whose|where|qui|où|lequel|laquelle|lesquels|dont|welche[rsmn]?|"
    r"wo|quien(?:es)?|donde|cuyo|cuya|котор\w+|где|когда)\b[^,;:]*$",
    re.IGNORECASE,
)


def _in_relative(text: str, sentence_start: int, at: int) -> bool:
    """The time at ``at`` lies in a relative clause opened after a comma (no comma since)."""
    return bool(_RELATIVE.search(text[sentence_start:at]))


def _said_on(
    q: QuoteMention,
    article: Article,
    analysis: ArticleAnalysis,
    story_events: list[EventMention],
    earlier: list[QuoteMention],
    times: list[TimeMention] | None = None,
) -> tuple[str | None, str | None]:
    """The date a quote was said on and the words that date it (``times``: the article's
    ``_said_on_times``, computed here when None)."""
    text = article.text
    paras = _paragraphs(text)
    p_idx = next((i for i, (s, e) in enumerate(paras) if s <= q.start < e), None)
    if times is None:
        times = _said_on_times(article, analysis)
    # (a) a time expression in the quote's sentence (or cue clause), outside the quoted words.
    lo, hi = (
        (q.sentence_start, q.sentence_end)
        if q.sentence_end > q.sentence_start
        else (paras[p_idx] if p_idx is not None else (q.start, q.end))
    )
    for t in times:
        if lo <= t.start < hi and not _in_relative(text, lo, t.start):
            return t.value, t.text
    if p_idx is None:
        return None, None
    # (b) dated context for this speaker in this paragraph or the ones just before.
    speaker = _speaker_words(q)
    for i in range(p_idx, max(-1, p_idx - _SPEAKER_BACK_PARAGRAPHS - 1), -1):
        ps, pe = paras[i]
        for t in times:
            if not (ps <= t.start < pe) or _span_days(t.value or "") > _CONTEXT_MAX_DAYS:
                continue  # a month or a year in a nearby sentence is background, not the scene
            ss, se = _sentence_span(analysis, text, t.start)
            if _in_relative(text, ss, t.start):
                continue  # "..., which the queen opened on 3 May 2011": not this scene's date
            sent = text[ss:se]
            if speaker and any(w in sent.lower() for w in speaker):
                return t.value, t.text
        if i < p_idx and any(t for t in times if ps <= t.start < pe):
            break  # another dated scene begins: stop looking further back
    # A continuation of the same speaker's quote just before takes its date.
    for prev in reversed(earlier):
        if prev.said_on and _speaker_words(prev) & speaker and prev.end <= q.start:
            gap = [i for i, (s, e) in enumerate(paras) if s <= prev.start < e]
            if gap and p_idx - gap[0] <= 1:
                return prev.said_on, prev.said_on_text
            break
    # (c) an event the quote is reported within ("In the call, ... Macron said").
    for i in range(p_idx, max(-1, p_idx - _SCENE_BACK_PARAGRAPHS - 1), -1):
        ps, pe = paras[i]
        if i < p_idx and any(ps <= t.start < pe and _span_days(t.value or "") == 0 for t in times):
            break
        for m in _SCENE.finditer(text[ps : min(pe, q.start) if i == p_idx else pe]):
            noun = m.group(1).lower()
            if noun not in EVENT_NOUNS:
                continue
            value = _event_date(noun, story_events)
            if value is not None:
                return value, m.group(0)
    # (d) the news peg: what the lead dates ("Fire ravaged Notre-Dame on Monday evening") is the
    # day the article's undated remarks were made, when it is a day just before the report
    return _lead_date(article, analysis, times)


_LEAD_SENTENCES = 3  # a headline and a standfirst often come first
_PEG_MAX_DAYS = 2  # a lead dated further back is background ("last week's vote"), not the peg


def _lead_date(
    article: Article, analysis: ArticleAnalysis, times: list[TimeMention]
) -> tuple[str | None, str | None]:
    """The single day the article's first sentences date its event, when that is one or two
    days before the report's own date (the same day adds nothing to the report's date)."""
    own = (article.published or analysis.reference_date or "")[:10]
    lead_end = analysis.lead_end(_LEAD_SENTENCES)
    if len(own) != 10 or not lead_end:
        return None, None
    try:
        reported = date.fromisoformat(own)
    except ValueError:
        return None, None
    for t in sorted(times, key=lambda t: t.start):
        if t.start >= lead_end:
            break
        if not t.value or _span_days(t.value) != 0:  # a day, or a time of one ("Monday night")
            continue
        try:
            day = date.fromisoformat(t.value[:10])
        except ValueError:
            continue
        if 0 < (reported - day).days <= _PEG_MAX_DAYS:
            return t.value, t.text
        return None, None  # the lead's first date is the peg, whatever it is
    return None, None


def _sentence_span(analysis: ArticleAnalysis, text: str, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``: the analysis' sentence, else the line or ``. `` bounds."""
    for s in analysis.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    lo = max(text.rfind("\n", 0, pos), text.rfind(". ", 0, pos)) + 1
    hi = text.find("\n", pos)
    return lo, hi if hi >= 0 else len(text)


def _event_date(noun: str, events: list[EventMention]) -> str | None:
    """The majority day-granular date of the story's events named like ``noun``."""
    key = _key(noun)
    dates = [e.date for e in events if e.date and _key(e.trigger) == key]
    if not dates:
        return None
    days = [d for d in dates if _span_days(d) == 0] or dates
    counts = Counter(days)
    return max(counts, key=lambda d: (counts[d], -_span_days(d), d))


def resolve_story_times(
    articles: list[Article], analyses: list[ArticleAnalysis]
) -> list[ArticleAnalysis]:
    """Resolve times across one story: undated articles, event anchors, and quotes' said_on.

    Args:
        articles: the story's articles.
        analyses: their analyses (matched by article id; order is kept).

    Returns:
        The analyses with re-resolved times/events for undated articles (``reference_kind``
        "story_dates"), anchored events dated, and ``QuoteMention.said_on`` set where the text
        allows.
    """
    by_id = {a.id: a for a in articles}
    story_dates = sorted(
        a.reference_date for a in analyses if a.reference_kind == "published" and a.reference_date
    )
    out: list[ArticleAnalysis] = []
    for analysis in analyses:
        article = by_id.get(analysis.article)
        if article is None or analysis.reference_kind == "published" or not story_dates:
            out.append(analysis)
            continue
        own = analysis.reference_date if analysis.reference_kind == "article_dates" else None
        reference = _story_reference(own, story_dates)
        if reference is None:
            out.append(analysis)
            continue
        if reference == own:
            out.append(_relabel(analysis))  # the article's own date stands: nothing to re-parse
            continue
        try:
            out.append(_reanalyse(article, analysis, reference))
        except (ValueError, KeyError, OSError) as exc:
            log.warning("could not re-resolve times of %s: %s", article.id, exc)
            out.append(analysis)
    out = _resolve_anchors(out)
    story_events = [e for a in out for e in a.events if e.date]
    final: list[ArticleAnalysis] = []
    for analysis in out:
        article = by_id.get(analysis.article)
        if article is None:
            final.append(analysis)
            continue
        quotes: list[QuoteMention] = []
        times = _said_on_times(article, analysis) if analysis.quotes else []
        for q in sorted(analysis.quotes, key=lambda q: q.start):
            value, basis = _said_on(q, article, analysis, story_events, quotes, times)
            quotes.append(q.replace(said_on=value, said_on_text=basis))
        order = {(q.start, q.end): q for q in quotes}
        final.append(
            analysis.replace(quotes=tuple(order.get((q.start, q.end), q) for q in analysis.quotes))
        )
    return final


# --------------------------------------------------------------------------- merging


_REFERENCE_KINDS = {
    "published": "the publication date",
    "article_dates": "the dates the article states (no publication date)",
    "story_dates": "the dates of the story's other articles (no publication date)",
    "absolute": "nothing: the date is stated in full",
    "event": "the date of the event it is anchored to",
}


def _date_basis(lead: EventMention, times: Sequence[TimeMention]) -> str | None:
    """Say where an event's date came from: the expression and the reference it resolved on."""
    if not lead.time_text:
        return None
    basis = f"time expression {lead.time_text!r} in {lead.article}"
    t = next((t for t in times if t.text == lead.time_text and lead.start <= t.start < lead.end),
             None) or next((t for t in times if t.text == lead.time_text), None)
    if t is not None and t.reference_kind:
        kind = _REFERENCE_KINDS.get(t.reference_kind, t.reference_kind)
        ref = f" {t.reference}" if t.reference and t.reference_kind != "absolute" else ""
        basis += f", resolved against{ref} ({kind})" if ref else f" (resolved against {kind})"
    return basis


def _choose_date(dates: list[str]) -> tuple[str, tuple[str, ...]]:
    """Majority date (the most specific among those that agree), and the disagreeing rest."""
    support = {d: sum(1 for o in dates if _overlap(d, o)) for d in set(dates)}
    best = max(support, key=lambda d: (support[d], -_span_days(d), dates.count(d), d))
    conflicts = tuple(sorted({d for d in dates if not _overlap(d, best)}))
    return best, conflicts


def _group_mentions(mentions: list[EventMention], sims: np.ndarray | None) -> list[list[int]]:
    """Greedy grouping, in mention order: each mention joins the group it scores best with.

    A member scores ``1 + cosine`` when it shares the trigger key and a compatible date (and,
    with an encoder, the cosine reaches ``_TRIGGER_SIM``), else its cosine when that reaches
    ``_SAME_EVENT_SIM`` and the date or the trigger agrees; a group scores its best member, and
    a mention no group scores above 0 starts a new one (ties: the earliest group).
    """
    n = len(mentions)
    keys: dict[str, int] = {}
    trig = np.asarray([keys.setdefault(_key(m.trigger), len(keys)) for m in mentions])
    bounds = [((m.date or "").split("/")[0], (m.date or "").split("/")[-1]) for m in mentions]
    rank = {v: r for r, v in enumerate(sorted({v for b in bounds for v in b}))}
    lo = np.asarray([rank[a] for a, _ in bounds])
    hi = np.asarray([rank[b] for _, b in bounds])
    label = np.zeros(n, dtype=np.int64)
    groups: list[list[int]] = []
    for i in range(n):
        same = trig[:i] == trig[i]
        compatible = (lo[i] <= hi[:i]) & (lo[:i] <= hi[i])
        if sims is None:
            cand = np.where(same & compatible, 1.0, 0.0)
        else:
            sim = sims[i, :i].astype(np.float64)
            cand = np.where(
                same & compatible & (sim >= _TRIGGER_SIM),
                1.0 + sim,
                np.where((sim >= _SAME_EVENT_SIM) & (compatible | same), sim, 0.0),
            )
        score = np.zeros(len(groups))
        np.maximum.at(score, label[:i], cand)
        if len(groups) and score.max() > 0.0:
            best = int(np.argmax(score))
            groups[best].append(i)
            label[i] = best
        else:
            label[i] = len(groups)
            groups.append([i])
    return groups


def merge_events(
    articles: list[Article], analyses: list[ArticleAnalysis], embedder: Any
) -> list[Event]:
    """Group the story's dated event mentions into events.

    Mentions join when they share a trigger (or its synonyms) and their dates are compatible, or
    when their summaries embed close together (``embedder`` may be None: triggers only).

    Args:
        articles: the story's articles.
        analyses: their analyses (after ``resolve_story_times``).
        embedder: a ``cluster.embed.Embedder`` or None.

    Returns:
        Events sorted by date, with evidence spans, outlets and minority dates.
    """
    by_id = {a.id: a for a in articles}
    stamps = {(t.article, t.start) for a in analyses for t in a.times if t.is_stamp}
    mentions = sorted(
        (
            e
            for a in analyses
            for e in a.events
            if e.date and e.article in by_id and (e.article, e.start) not in stamps
        ),
        key=lambda e: (e.article, e.start, e.end),
    )
    if not mentions:
        return []
    sims = None
    if embedder is not None:
        vecs = embedder.encode([f"{e.summary}. {e.text}"[:400] for e in mentions])
        sims = vecs @ vecs.T
    groups = _group_mentions(mentions, sims)
    story_key = "|".join(sorted(by_id))
    times_of = {an.article: an.times for an in analyses}
    events = []
    for group in groups:
        members = [mentions[j] for j in group]
        value, conflicts = _choose_date([m.date for m in members if m.date])
        lead = min(members, key=lambda m: (_span_days(m.date or value), m.article, m.start))
        evidence = tuple(span_of(m.article, by_id[m.article].text, m.start, m.end) for m in members)
        outlets = tuple(sorted({by_id[m.article].outlet or m.article for m in members}))
        basis = _date_basis(lead, times_of.get(lead.article, ()))
        events.append(
            Event(
                id=item_id(
                    "ev", story_key, value, _key(lead.trigger), lead.article, str(lead.start)
                ),
                summary=lead.summary,
                date=value,
                evidence=evidence,
                date_basis=basis,
                outlets=outlets,
                date_conflicts=conflicts,
            )
        )
    events.sort(key=lambda e: (value_start(e.date or "9999-12-31"), e.id))
    return events
