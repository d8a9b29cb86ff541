"""Framing conflicts: outlets that word the same happening differently.

Aligned sentence pairs from different outlets (see ``conflicts.aligned_pairs``) are compared on
loaded wording, by category: secrecy ("leaked" vs "revealed"), aggression ("invasion" vs
"special military operation"), revolt ("mutiny" vs "armed rebellion" vs "march"), blame
("admitted" vs "said"), labels of people and governments ("dictator" vs "President", "regime"
vs "government"), hedging ("allegedly", "reportedly" vs a plain statement) and loaded adjectives
("bizarre", "shocking"). A category where one side uses a loaded term and the other a different
term (loaded or neutral) of the same category is a framing conflict; positions are the short
clauses that carry each side's wording.

The lexicon is general (several languages, word stems), not built from any one story.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.reconcile.conflicts import aligned_pairs, clause_span, outlet_of, story_units
from storyline.records import Article, ArticleAnalysis, Conflict, Entity, Position, item_id

log = logging.getLogger(__name__)

FRAMING_THRESHOLD = 0.45  # sentence cosine (with a shared anchor) for "about the same happening"
_HEDGE_THRESHOLD = 0.55  # a hedge on one side only needs closer sentences
_WORDS = re.compile(r"\w+", re.UNICODE)
# categories whose loaded terms name different acts: only loaded vs neutral is a framing choice
_LOADED_VS_NEUTRAL = frozenset({"blame"})

# category -> [(term group, regex of word forms, loaded?)]; a group is one wording choice.
_LEXICON: dict[str, list[tuple[str, str, bool]]] = {
    "secrecy": [
        (
            "leak",
            (
                r"leak\w*|fuit(?:e|es|é|ée|ées|er)|filtr(?:ación|aciones|ado|ada|ó)|"
                r"geleakt|durchgestochen|утечк\w*|слив\w*|слил\w*"
            ),
            True,
        ),
        ("secret", r"secret|secretly|covert\w*|clandestin\w*|geheim\w*|секретн\w*|тайн\w*", True),
        (
            "reveal",
            (
                r"reveal\w*|disclos\w*|publish\w*|releas\w*|made public|make public|"
                r"divulg\w*|révél\w*|rend\w* public\w*|revel\w*|public(?:ó|ar|ado)|"
                r"veröffentlich\w*|enthüll\w*|опубликова\w*|раскры\w*|обнародова\w*"
            ),
            False,
        ),
    ],
    "aggression": [
        ("invasion", r"invasion\w*|invad\w*|invasi[oó]n|einmarsch\w*|вторжени\w*", True),
        ("aggression", r"aggression|aggressor|agresi[oó]n|агресси\w*", True),
        ("war", r"war|guerre|guerra|krieg|войн\w*", True),
        (
            "attack",
            r"attack\w*|assault\w*|onslaught|attaqu\w*|ataqu\w*|angriff\w*|нападени\w*",
            True,
        ),
        ("slam", r"slam\w*|blast\w*|lash\w* out|rip\w* into|savag\w*|fustig\w*|arremet\w*", True),
        (
            "operation",
            (
                r"special military operation|military operation|opération militaire|"
                r"operación militar|militäroperation|спецоперац\w*|военн\w+ операц\w*"
            ),
            False,
        ),
        (
            "criticise",
            (
                r"criticis\w*|criticiz\w*|rebuk\w*|critiqu\w*|critic(?:ó|ar|a)|"
                r"kritisier\w*|раскритикова\w*"
            ),
            False,
        ),
    ],
    "revolt": [
        ("mutiny", r"mutin\w*|mutiny|meuterei|мятеж\w*", True),
        ("rebellion", r"rebel\w*|rébellion|rebeli[oó]n|aufstand|восстани\w*|бунт\w*", True),
        (
            "insurrection",
            (
                r"insurrect\w*|uprising|revolt\w*|soulèvement|levantamiento|"
                r"erhebung"
            ),
            True,
        ),
        ("coup", r"coup|putsch\w*|golpe|путч\w*|переворот\w*", True),
        (
            "treason",
            r"treason|betray\w*|trahison|traici[oó]n|verrat|измен\w*|предательств\w*",
            True,
        ),
        ("march", r"march\w*|marche|marcha|marsch|поход\w*", False),
    ],
    "blame": [
        (
            "admit",
            (
                r"admit\w*|confess\w*|conced\w*|avou\w*|admiti\w*|reconoci\w*|gestand\w*|"
                r"признал\w*"
            ),
            True,
        ),
        ("accuse", r"accus\w*|blam\w*|acus\w*|beschuldig\w*|обвин\w*", True),
        ("claim", r"claim\w*|prétend\w*|afirm\w*|behaupt\w*|утвержда\w*", True),
        (
            "say",
            (
                r"said|says|stated|told|a dit|a déclaré|dijo|declaró|sagte|erklärte|"
                r"сказал\w*|заявил\w*"
            ),
            False,
        ),
    ],
    "label": [
        ("dictator", r"dictator\w*|dictateur\w*|dictador\w*|diktator\w*|диктатор\w*", True),
        ("regime", r"regime|régime|régimen|режим\w*", True),
        ("tyrant", r"tyrant\w*|despot\w*|autocrat\w*|strongman|tyran\w*|tirano\w*|деспот\w*", True),
        ("warlord", r"warlord\w*|chef de guerre|señor de la guerra|kriegsherr\w*", True),
        (
            "title",
            (
                r"president|président|presidente|präsident\w*|президент\w*|"
                r"government|gouvernement|gobierno|regierung|правительств\w*|"
                r"prime minister|premier ministre|leader\w*|chef|head"
            ),
            False,
        ),
    ],
    "hedging": [
        (
            "hedge",
            (
                r"allegedly|reportedly|purportedly|supposedly|apparently|so-called|"
                r"prétendument|supposément|supuestamente|presuntamente|angeblich|"
                r"mutmaßlich|якобы|предположительно"
            ),
            True,
        ),
    ],
    "adjective": [
        (
            "loaded_adj",
            (
                r"bizarre|shocking|brutal|reckless|outrageous|disgraceful|chaotic|"
                r"humiliating|notorious|rogue|shameful|scandal\w*|choquant\w*|"
                r"honteu\w*|escandal\w*|vergonzos\w*|skandal\w*|позорн\w*"
            ),
            True,
        ),
    ],
}
_PATTERNS = {
    cat: [
        (group, re.compile(rf"(?<!\w)(?:{rx})(?!\w)", re.IGNORECASE | re.UNICODE), loaded)
        for group, rx, loaded in groups
    ]
    for cat, groups in _LEXICON.items()
}
_NAME_AFTER = re.compile(r"\s+(?:[A-ZА-Я][\w.'’-]+\s+){0,2}[A-ZА-Я][\w'’-]+")


@dataclass(frozen=True, slots=True)
class _Term:
    category: str
    group: str
    loaded: bool
    start: int  # offsets in the article
    end: int


def _terms(text: str, base: int) -> list[_Term]:
    """The framing terms of a unit whose text starts at ``base`` in its article."""
    return [_Term(cat, group, loaded, base + s, base + e)
            for cat, group, loaded, s, e in _text_terms(text)]


@lru_cache(maxsize=16384)  # pure: near-copies repeat the same units in a story
def _text_terms(text: str) -> tuple[tuple[str, str, bool, int, int], ...]:
    """``(category, group, loaded, start, end)`` of the framing terms in ``text``."""
    out = []
    for cat, pats in _PATTERNS.items():
        for group, rx, loaded in pats:
            for m in rx.finditer(text):
                if cat == "label" and not _NAME_AFTER.match(text, m.end()):
                    continue  # a label frames a named person or country: "dictator Lukashenko"
                if cat == "revolt" and group == "march" and m.group(0)[:1].isupper():
                    continue  # "March" the month
                out.append((cat, group, loaded, m.start(), m.end()))
    return tuple(out)


def _agent(text: str, start: int, lo: int) -> str:
    """The name just before a speech verb ("Putin claimed" -> "puti"), or "" when none."""
    words = _WORDS.findall(text[max(lo, start - 60) : start])[-4:]
    names = [w for w in words if w[:1].isupper() and len(w) > 2]
    return names[-1].casefold()[:4] if names else ""


def _label_target(text: str, end: int) -> str:
    """The last name word after a label: "President Alexander Lukashenko" -> "lukashenko"."""
    m = _NAME_AFTER.match(text, end)
    return m.group(0).split()[-1].casefold().strip("'’") if m else ""


def find_framing_conflicts(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    embedder: Any,
    settings: Any = None,
    entities: Sequence[Entity] = (),
) -> list[Conflict]:
    """Outlets that word one happening differently (loaded vs neutral terms of one category).

    Args:
        story_id: the story, for deterministic ids.
        articles: the story's articles (copies are skipped: they add no framing of their own).
        analyses: their analyses (sentences used when present).
        embedder: the multilingual sentence encoder (anything with ``encode``).
        settings: the run's settings (``reconcile.framing_threshold`` when it exists).
        entities: merged story entities (shared entity = alignment anchor).

    Returns:
        Framing conflicts sorted by id; positions are short clauses carrying each side's wording.
    """
    threshold = getattr(
        getattr(settings, "reconcile", None), "framing_threshold", FRAMING_THRESHOLD
    )
    by_id = {a.id: a for a in articles}
    units = story_units(articles, analyses, entities)
    terms = [_terms(u.text, u.start) for u in units]
    pairs = aligned_pairs(units, embedder, threshold)
    parent: dict[tuple[str, int, int, str], tuple[str, int, int, str]] = {}

    def find(x: tuple[str, int, int, str]) -> tuple[str, int, int, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, int, int, str], b: tuple[str, int, int, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    spans: dict[tuple[str, int, int, str], tuple[int, int]] = {}

    def node(k: int, s: int, e: int, cat: str) -> tuple[str, int, int, str]:
        u = units[k]
        text = by_id[u.article].text
        cs, ce = clause_span(text, s, e, u.start, u.end, max_words=5)
        key = (u.article, cs, ce, cat)
        spans[key] = (cs, ce)
        return key

    for i, j, sim in pairs:
        for cat in _PATTERNS:
            ti = [t for t in terms[i] if t.category == cat]
            tj = [t for t in terms[j] if t.category == cat]
            if cat == "hedging":
                if sim < _HEDGE_THRESHOLD or bool(ti) == bool(tj):
                    continue
                hedged, plain = (i, j) if ti else (j, i)
                h = (ti or tj)[0]
                s, e = _best_clause(units, plain, units[hedged].text)
                union(node(hedged, h.start, h.end, cat), node(plain, s, e, cat))
                continue
            if cat == "blame" and sim < _HEDGE_THRESHOLD:
                continue
            for a in ti:
                for b in tj:
                    if a.group == b.group or not (a.loaded or b.loaded):
                        continue
                    if cat in _LOADED_VS_NEUTRAL:
                        if a.loaded == b.loaded:
                            continue  # "accused" vs "claimed": two speech acts, not two framings
                        ga = _agent(by_id[units[i].article].text, a.start, units[i].start)
                        gb = _agent(by_id[units[j].article].text, b.start, units[j].start)
                        if not ga or ga != gb:
                            continue  # "Putin claimed" vs "Putin said": one speaker, one act
                    if cat == "label":
                        ta = _label_target(by_id[units[i].article].text, a.end)
                        tb = _label_target(by_id[units[j].article].text, b.end)
                        if not ta or ta[:4] != tb[:4]:
                            continue
                    union(node(i, a.start, a.end, cat), node(j, b.start, b.end, cat))
    groups: dict[tuple[str, int, int, str], list[tuple[str, int, int, str]]] = defaultdict(list)
    for key in spans:
        groups[find(key)].append(key)
    conflicts = []
    for members in groups.values():
        positions = []
        for art_id, s, e, _cat in sorted(members):
            art = by_id[art_id]
            positions.append(Position(art_id, s, e, art.text[s:e], outlet_of(art, by_id)))
        if len({p.outlet for p in positions}) < 2:
            continue
        cat = members[0][3]
        about = f"wording ({cat}): " + " vs ".join(dict.fromkeys(p.text for p in positions))
        key = "|".join(f"{p.article}:{p.start}:{p.end}" for p in positions)
        conflicts.append(
            Conflict(
                item_id("c", story_id, "framing", key), about[:200], "framing", tuple(positions)
            )
        )
    return sorted(conflicts, key=lambda c: c.id)


def _best_clause(units: Sequence[Any], k: int, other_text: str) -> tuple[int, int]:
    """Offsets of the clause of sentence ``k`` sharing most words with ``other_text``."""
    u = units[k]
    want = {w.casefold() for w in _WORDS.findall(other_text) if len(w) > 3}
    best, best_score = (u.start, u.end), -1
    for m in re.finditer(r"[^,;:()—–]+", u.text):
        score = sum(w.casefold() in want for w in _WORDS.findall(m.group(0)))
        if score > best_score:
            s, e = m.start(), m.end()
            while s < e and u.text[s].isspace():
                s += 1
            while e > s and u.text[e - 1] in " .!?\"'”’»":
                e -= 1
            best, best_score = (u.start + s, u.start + e), score
    return best
