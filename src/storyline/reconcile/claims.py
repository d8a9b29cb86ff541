"""Claims: what the story asserts, with the independent outlets that support each assertion.

A draft claim is made for every event ("<summary> (<date>)", supported by its evidence), every
statement ("<speaker> said: <gist>", supported by its mentions) and every factual sentence (one
with a number, a date or a named entity) that no event or statement already covers; factual
sentences of different outlets saying the same thing (encoder cosine) form one draft. Drafts of
different outlets that state one proposition (one speaker, or one agreeing figure, plus a span
cosine: ``claim_match.py``) become one claim, with the first draft's id and text.

Status: ``conflicting`` when a fact conflict touches the claim's support, i.e. a position shares
at least half of the shorter of the two spans (``contradicted_by`` = the other side's positions), else ``corroborated`` with >= 2 independent outlets (a copy counts
as its original's outlet; an article with no outlet is its own source), else ``single_source``."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from storyline.errors import ContractError
from storyline.reconcile.claim_match import ClaimDraft, match_claims
from storyline.reconcile.conflicts import (
    aligned_pairs,
    clause_span,
    extract_facts,
    outlet_of,
    story_units,
)
from storyline.records import (
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    Entity,
    Event,
    Span,
    Statement,
    item_id,
    span_of,
)
from storyline.union_find import UnionFind

log = logging.getLogger(__name__)

CLAIM_THRESHOLD = 0.7  # sentence cosine for two outlets stating one fact
_GIST_CHARS = 160
_NAME = re.compile(r"\b[A-ZÀ-ÝА-Я][\w'’-]+(?:\s+[A-ZÀ-ÝА-Я][\w'’-]+)*")


def _overlaps(a: Span, article: str, start: int, end: int) -> bool:
    return a.article == article and a.start < end and start < a.end


def _touches(span: Span, pos: Any) -> bool:
    """A conflict position bears on a claim's span: they share at least half of the shorter.

    A clause that merely runs into the next sentence's first words ("... and that “it is")
    does not make that sentence's claim a side of the conflict.
    """
    if span.article != pos.article:
        return False
    shared = min(span.end, pos.end) - max(span.start, pos.start)
    return shared > 0 and 2 * shared >= min(span.end - span.start, pos.end - pos.start)


def _outlets(spans: Sequence[Span], by_id: dict[str, Article]) -> tuple[str, ...]:
    """Distinct independent sources of the spans (copies count as their original)."""
    out = set()
    for sp in spans:
        art = by_id.get(sp.article)
        out.add(outlet_of(art, by_id) if art is not None else sp.article)
    return tuple(sorted(out))


def _gist(stmt: Statement) -> str:
    ranked = sorted(
        stmt.mentions,
        key=lambda m: (m.kind != "direct", m.language != "en", -len(m.text), m.article, m.start),
    )
    text = " ".join(ranked[0].text.split()) if ranked else ""
    return text if len(text) <= _GIST_CHARS else text[: _GIST_CHARS - 1].rstrip() + "…"


def _status(
    support: Sequence[Span], conflicts: Sequence[Conflict], by_id: dict[str, Article]
) -> tuple[str, tuple[str, ...], tuple[Span, ...]]:
    outlets = _outlets(support, by_id)
    contra: list[Span] = []
    for c in conflicts:
        if c.kind != "fact":
            continue
        touching = [p for p in c.positions if any(_touches(s, p) for s in support)]
        if not touching:
            continue
        mine = {p.outlet for p in touching}
        for p in c.positions:
            if p.outlet not in mine:
                sp = Span(p.article, p.start, p.end, p.text)
                if sp not in contra:
                    contra.append(sp)
    if contra:
        return "conflicting", outlets, tuple(contra)
    return ("corroborated" if len(outlets) >= 2 else "single_source"), outlets, ()


def build_claims(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    statements: Sequence[Statement],
    events: Sequence[Event],
    conflicts: Sequence[Conflict],
    settings: Any = None,
    embedder: Any = None,
    entities: Sequence[Entity] = (),
) -> list[Claim]:
    """Build the story's claims from its events, statements and uncovered factual sentences.

    Args:
        story_id: the story, for deterministic ids.
        articles: the story's articles, copies (``duplicate_of`` set) included.
        analyses: their analyses (sentences, entity and time mentions).
        statements: aligned statements (``align_statements``).
        events: merged events (``merge_events``).
        conflicts: fact and framing conflicts; fact conflicts make claims ``conflicting``.
        settings: run settings (``reconcile.claim_threshold``, ``claim_speaker_threshold``,
            ``claim_fact_threshold`` when present).
        embedder: the sentence encoder; without one, factual sentences are not merged across
            outlets (each is its own claim) and no drafts are joined.
        entities: merged story entities.

    Returns:
        Claims sorted by id.
    """
    by_id = {a.id: a for a in articles}
    by_an = {an.article: an for an in analyses}
    drafts: list[ClaimDraft] = []
    covered: list[Span] = []
    for ev in events:
        support = tuple(ev.evidence)
        if not support:
            continue
        covered.extend(support)
        text = f"{ev.summary} ({ev.date})" if ev.date else ev.summary
        drafts.append(ClaimDraft("event", ev.id, text, support))
    for st in statements:
        support = tuple(Span(m.article, m.start, m.end, m.text) for m in st.mentions)
        if not support:
            continue
        covered.extend(support)
        drafts.append(
            ClaimDraft(
                "statement",
                st.id,
                f"{st.speaker.name} said: {_gist(st)}",
                support,
                st.speaker.name,
                st.speaker.entity,
            )
        )
    drafts.extend(_sentence_claims(articles, by_an, by_id, covered, settings, embedder, entities))
    sources = [frozenset(_outlets(d.support, by_id)) for d in drafts]
    claims = []
    for group in match_claims(drafts, sources, embedder, settings):
        claims.append(_claim(story_id, [drafts[k] for k in group], conflicts, by_id))
    return sorted(claims, key=lambda c: c.id)


def _claim(
    story_id: str,
    members: Sequence[ClaimDraft],
    conflicts: Sequence[Conflict],
    by_id: dict[str, Article],
) -> Claim:
    """One claim from matched drafts: the first draft's id and text, every draft's support."""
    first = members[0]
    support: list[Span] = []
    for d in members:
        support.extend(sp for sp in d.support if sp not in support)
    status, outlets, contra = _status(support, conflicts, by_id)
    return Claim(
        item_id("cl", story_id, first.kind, first.key),
        first.text,
        status,
        outlets,
        tuple(support),
        contra,
    )


def _sentence_claims(
    articles: Sequence[Article],
    by_an: dict[str, ArticleAnalysis],
    by_id: dict[str, Article],
    covered: Sequence[Span],
    settings: Any,
    embedder: Any,
    entities: Sequence[Entity],
) -> list[ClaimDraft]:
    """Drafts of factual sentences no event or statement covers (same fact: one draft)."""
    threshold = getattr(getattr(settings, "reconcile", None), "claim_threshold", CLAIM_THRESHOLD)
    threshold = max(threshold, CLAIM_THRESHOLD)
    units = story_units(articles, list(by_an.values()), entities, min_words=5)
    covered_in: dict[str, list[Span]] = {}
    for c in covered:
        covered_in.setdefault(c.article, []).append(c)
    anchors: dict[int, tuple[int, int]] = {}
    for k, u in enumerate(units):
        if any(_overlaps(c, u.article, u.start, u.end) for c in covered_in.get(u.article, ())):
            continue
        art = by_id[u.article]
        anchor = _fact_anchor(u, art, by_an.get(u.article))
        if anchor is not None:
            anchors[k] = anchor
    keep = sorted(anchors)
    sets = UnionFind(keep)
    if embedder is not None and len(keep) > 1:
        sub = [units[k] for k in keep]
        for i, j, _ in aligned_pairs(sub, embedder, threshold, high=threshold):
            sets.union(keep[i], keep[j])
    groups = sets.groups()
    out = []
    for members in groups.values():
        support = []
        for k in members:
            u = units[k]
            art = by_id[u.article]
            s, e = clause_span(art.text, *anchors[k], u.start, u.end, max_words=10)
            try:
                support.append(span_of(art.id, art.text, s, e))
            except ContractError:
                continue
        if not support:
            continue
        first = units[members[0]]
        text = " ".join(first.text.split())
        key = f"{first.article}\x1f{first.start}"
        out.append(ClaimDraft("fact", key, text[:200], tuple(support)))
    return out


def _fact_anchor(
    unit: Any, article: Article, analysis: ArticleAnalysis | None
) -> tuple[int, int] | None:
    """Offsets of the first number, date or named entity of a sentence, or None (no fact)."""
    facts = extract_facts(unit, article.text, analysis)
    if facts:
        f = min(facts, key=lambda f: f.start)
        return f.start, f.end
    if analysis is not None:
        ents = [m for m in analysis.entities if unit.start <= m.start and m.end <= unit.end]
        if ents:
            m = min(ents, key=lambda m: m.start)
            return m.start, m.end
        return None
    m = _NAME.search(unit.text, 1)
    if m is not None:
        return unit.start + m.start(), unit.start + m.end()
    return None
