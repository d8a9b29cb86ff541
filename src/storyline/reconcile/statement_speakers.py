"""Who speaks in a statement's mentions: speaker entities, and who speaks for whom.

A mention's speaker resolves to one of the story's merged entities (``_speaker_entity``: not a
place named in a title, "le président français"). A spokesman speaks for the organisation named
with him ("Kremlin spokesman Dmitry Peskov", ``_affiliates``), and an unresolved description
stands for the one person or organisation it names (``_proxy``): such pairs are one voice
(``_kin``, ``_linked``) and skip the speaker gate of statement alignment; an organisation
quoted through one such person in the story has its statements credited to them (``_voices``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.records import Entity, QuoteMention

_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})


def _speaker_entity(
    q: QuoteMention,
    entities: Sequence[Entity],
    memo: dict[str, Entity | None] | None = None,
) -> Entity | None:
    """The story entity a mention's speaker names (``memo``: names resolved so far against
    these same ``entities``, filled in here; one story's mentions repeat a few speakers)."""
    from storyline.reconcile.entities import resolve_name
    from storyline.reconcile.names import is_title

    for name in (q.speaker_name, q.speaker_text):
        if name and name.strip():
            if memo is None:
                ent = resolve_name(name, entities)
            elif name in memo:
                ent = memo[name]
            else:
                ent = memo[name] = resolve_name(name, entities)
            if ent is None:
                continue
            if ent.type in _PLACE_TYPES and any(is_title(w) for w in name.split()):
                continue  # "le président français" is a person, not France
            return ent
    return None


def _contains(outer: Sequence[str], inner: Sequence[str]) -> bool:
    """``inner`` is a contiguous run of ``outer`` (folded name tokens)."""
    k = len(inner)
    return 0 < k <= len(outer) and any(
        tuple(outer[i : i + k]) == tuple(inner) for i in range(len(outer) - k + 1)
    )


def _affiliates(
    entities: Sequence[Entity], texts: Sequence[tuple[Entity, str]] = ()
) -> dict[str, set[str]]:
    """Which entities speak for which: a person named with an organisation in one of its aliases.

    "Kremlin spokesman Dmitry Peskov", "Boskalis CEO Peter Berdowski", "Wagner chief Yevgeny
    Prigozhin": the person and the organisation named before or after their own name are linked
    both ways (a spokesman's words are the organisation's). ``texts`` adds the speaker texts of
    the story's mentions with the entity each resolved to. Only organisations link (not places:
    "French President Emmanuel Macron").
    """
    from storyline.reconcile.entity_names import name_tokens

    orgs = [
        (o, toks)
        for o in entities
        if o.type == "ORG"
        for toks in {name_tokens(a) for a in (o.name, *o.aliases)}
        if toks
    ]
    links: dict[str, set[str]] = {}
    pairs = [(p, a) for p in entities if p.type == "PERSON" for a in p.aliases]
    pairs += [(e, t) for e, t in texts if e.type == "PERSON"]
    for person, alias in pairs:
        own = name_tokens(person.name)
        toks = name_tokens(alias)
        for org, otoks in orgs:
            if org.id != person.id and _contains(toks, otoks) and not _contains(own, otoks):
                links.setdefault(person.id, set()).add(org.id)
                links.setdefault(org.id, set()).add(person.id)
    return links


def _proxy(q: QuoteMention, entities: Sequence[Entity]) -> Entity | None:
    """The entity an unresolved speaker description speaks for: "Kremlin spokesperson".

    The description is a run of one person's longer alias ("Kremlin spokesperson Dmitry
    Peskov"), else it names exactly one organisation ("a Boskalis spokeswoman").
    """
    for text in dict.fromkeys(((q.speaker_text or "").strip(), (q.speaker_name or "").strip())):
        if text and (found := _described(text, entities)) is not None:
            return found
    return None


def _described(text: str, entities: Sequence[Entity]) -> Entity | None:
    """``_proxy`` of one written form of the speaker ("a Kremlin spokesperson", or its name
    without the article)."""
    from storyline.reconcile.entity_names import name_tokens

    toks = name_tokens(text)
    if not toks:
        return None
    people = {
        p.id: p
        for p in entities
        if p.type == "PERSON" and len(toks) >= 2
        for a in p.aliases
        if len(name_tokens(a)) > len(toks) and _contains(name_tokens(a), toks)
    }
    if len(people) == 1:
        return next(iter(people.values()))
    if people:
        return None
    if _SPOKES.search(text):  # "press spokespeople for Lukashenko": his surname, one person
        people = {
            p.id: p
            for p in entities
            if p.type == "PERSON"
            for a in (p.name, *p.aliases)
            if len(k := name_tokens(a)) >= 2 and k[-1] in toks
        }
        if len(people) == 1:
            return next(iter(people.values()))
    named = {
        o.id: o
        for o in entities
        if o.type == "ORG"
        for a in (o.name, *o.aliases)
        if _contains(toks, name_tokens(a))
    }
    return next(iter(named.values())) if len(named) == 1 else None


def _kin(
    quotes: Sequence[QuoteMention], ents: Sequence[Entity | None], entities: Sequence[Entity],
    proxies: Sequence[Entity | None] | None = None,
) -> list[frozenset[str]]:
    """Per quote, the entities its speaker speaks for or with (``_affiliates``, ``_proxy``;
    ``proxies``: each unresolved quote's ``_proxy``, when the caller has them already)."""
    texts = [(e, t) for q, e in zip(quotes, ents) if e is not None for t in (q.speaker_text,) if t]
    links = _affiliates(entities, texts)
    out = []
    for k, (q, e) in enumerate(zip(quotes, ents)):
        if e is not None:
            out.append(frozenset(links.get(e.id, ())))
            continue
        p = proxies[k] if proxies is not None else _proxy(q, entities)
        out.append(frozenset() if p is None else frozenset({p.id, *links.get(p.id, ())}))
    return out


# A title that makes a person an organisation's spokesperson ("Kremlin spokesman Dmitry
# Peskov", "porte-parole du gouvernement", "пресс-секретарь Кремля").
_SPOKES = re.compile(
    r"spokes|press\s+secretary|porte-parole|sprecher|portavoz|portavoce|woordvoerder|"
    r"пресс-секретар|официальн\w*\s+представител",
    re.IGNORECASE,
)


def _voices(
    quotes: Sequence[QuoteMention],
    ents: Sequence[Entity | None],
    kin: Sequence[frozenset[str]],
) -> dict[str, Entity]:
    """Organisations the story quotes through one person: org id -> that person.

    An organisation (resolved speaker of some quote) whose kin holds exactly one person who is
    himself a resolved speaker in the story, or of several exactly one titled its spokesperson
    (in an alias or a speaker text): "the Kremlin said" is the spokesman's statement when
    "Kremlin spokesman Dmitry Peskov" speaks in the story too. Any other organisation keeps its
    own name.
    """
    speakers = {e.id: e for e in ents if e is not None and e.type == "PERSON"}
    titles: dict[str, list[str]] = {i: list(e.aliases) for i, e in speakers.items()}
    for q, e in zip(quotes, ents):
        if e is not None and e.id in titles and q.speaker_text:
            titles[e.id].append(q.speaker_text)
    out: dict[str, Entity] = {}
    for e, k in zip(ents, kin):
        if e is None or e.type != "ORG" or e.id in out:
            continue
        people = sorted(i for i in k if i in speakers)
        if len(people) > 1:
            people = [i for i in people if any(_SPOKES.search(t) for t in titles[i])]
        if len(people) == 1:
            out[e.id] = speakers[people[0]]
    return out


def _linked(
    a: Entity | None, b: Entity | None, kin_a: frozenset[str], kin_b: frozenset[str]
) -> bool:
    """Not one entity, but one speaks for the other (or both for one organisation)."""
    if _same(a, b):
        return False
    return bool(
        (a is not None and a.id in kin_b)
        or (b is not None and b.id in kin_a)
        or (a is None and b is None and kin_a & kin_b)
    )


def _same(a: Entity | None, b: Entity | None) -> bool:
    """Both speakers resolve to one entity."""
    return a is not None and b is not None and a.id == b.id
