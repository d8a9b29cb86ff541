"""Who a speaker mention refers to, by rule (no coreference model is available offline).

A speaker written as a name is expanded to the fullest form of that name in the article
("Lavrov" -> "Sergei Lavrov"); a pronoun takes the most recent speaker or person subject; a
description ("the foreign minister", "the ministry's spokeswoman") takes the person introduced
earlier with that role, and stays a description when none was ("Mr Macron's diplomatic adviser").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.analyze.cues import PRONOUNS, ROLE_NOUNS
from storyline.records import EntityMention
from storyline.reconcile.names import strip_titles

_WORD = re.compile(r"[\w’'-]+", re.U)
# Roles that describe one another ("top diplomat" is a foreign minister).
_ROLE_SYNONYMS = {
    "diplomat": {"foreign", "minister", "diplomat", "secretary", "ambassador", "envoy"},
    "spokeswoman": {"spokeswoman", "spokesperson", "spokesman"},
    "spokesman": {"spokeswoman", "spokesperson", "spokesman"},
    "leader": {"president", "leader", "chancellor", "premier", "prime"},
}
_ROLE_CONTEXT_CHARS = 60


def _tokens(s: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(s)]


def fullest_name(name: str, entities: Sequence[EntityMention]) -> str:
    """The longest PERSON mention in the article that contains every word of ``name``."""
    words = _tokens(strip_titles(name))
    if not words:
        return name
    best = strip_titles(name)
    for ent in entities:
        if ent.label != "PERSON":
            continue
        cand = strip_titles(ent.text)
        ctoks = _tokens(cand)
        if len(ctoks) > len(_tokens(best)) and ctoks[-1] == words[-1] and set(words) <= set(ctoks):
            best = cand
    return best


def _entity_in(start: int, end: int, entities: Sequence[EntityMention]) -> EntityMention | None:
    inside = [e for e in entities if e.start < end and e.end > start]
    if not inside:
        return None
    order = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
    inside.sort(key=lambda e: (order.get(e.label, 4), -(e.end - e.start)))
    return inside[0]


def _role_match(descriptor: str, start: int, text: str,
                entities: Sequence[EntityMention]) -> EntityMention | None:
    """The latest person before ``start`` introduced with a role word of the descriptor."""
    roles = {t for t in _tokens(descriptor) if t in ROLE_NOUNS}
    if not roles:
        return None
    wanted = set(roles)
    for r in roles:
        wanted |= _ROLE_SYNONYMS.get(r, set())
    for ent in sorted(entities, key=lambda e: -e.start):
        if ent.label != "PERSON" or ent.start >= start:
            continue
        context = _tokens(text[max(0, ent.start - _ROLE_CONTEXT_CHARS) : ent.start])
        context += _tokens(text[ent.end : ent.end + 25])[:4]  # appositive after: "Lavrov, the ..."
        if wanted & set(context):
            return ent
    return None


def resolve_speaker(
    speaker_text: str,
    start: int,
    end: int,
    text: str,
    entities: Sequence[EntityMention],
    previous: Sequence[tuple[int, str]],
    quote_spans: Sequence[tuple[int, int]] = (),
) -> str | None:
    """Name of the speaker written ``speaker_text`` at ``start:end`` of ``text``.

    Args:
        previous: (position, resolved name) of the speakers already found, in text order.
        quote_spans: quoted passages, whose names are never taken for a pronoun's antecedent.

    Returns:
        The fullest written name, the descriptor itself when it names no known person, or None.
    """
    toks = _tokens(speaker_text)
    if not toks:
        return None
    ent = _entity_in(start, end, entities)
    if ent is not None and ent.label == "PERSON":
        return fullest_name(ent.text, entities)
    if len(toks) == 1 and toks[0] in PRONOUNS:
        if toks[0] in ("i", "we"):
            return None
        prior = [name for pos, name in previous if pos < start]
        if prior:
            return prior[-1]
        persons = [e for e in entities if e.label == "PERSON" and e.end <= start
                   and not any(qs <= e.start < qe for qs, qe in quote_spans)]
        return fullest_name(persons[-1].text, entities) if persons else None
    if ent is not None:
        return strip_titles(ent.text)
    # A description: possessed by another person ("Mr Macron's adviser") names someone else.
    if re.search(r"['’]s\b", speaker_text):
        return " ".join(speaker_text.split())
    match = _role_match(speaker_text, start, text, entities)
    if match is not None:
        return fullest_name(match.text, entities)
    cleaned = re.sub(r"^(the|a|an)\s+", "", " ".join(speaker_text.split()), flags=re.I)
    return cleaned or None
