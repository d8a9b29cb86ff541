"""One entity per real person/organisation/place across a story's articles and languages.

Mentions are reduced to keys (:mod:`storyline.reconcile.entity_names`: titles stripped,
transliterated with anyascii, lower case, Russian case endings folded, generic organisation words
dropped). First the story's names are looked up again in every article
(:mod:`storyline.reconcile.entity_recall`), so that mentions the tagger missed or cut short
(languages with no trained tagger, one-off inflected or translated forms, a first name cut at a
sentence start) join their key. Keys then merge in three passes:

1. equivalence: equal keys, fuzzy full names (same first and last name), single names that are
   spelling variants or the same stem in another script ("Russia" / "России");
2. attachment of partial names to the one entity that holds them: a surname to the unique full
   name with that surname (else to the one named in the same article), a multi-word name to the
   longer name it opens ("Notre Dame" / "Notre-Dame de Paris"), an organisation's head word to the
   organisation ("Boskalis" / "Royal Boskalis Westminster"); a place is never a surname or a
   head word ("Paris" / "Paris Fire Brigade");
3. optionally (an encoder is given) translated common-noun names of one type ("France" /
   "Francia") when the multilingual encoder finds them nearly identical.

Aliases are the mentions as written plus the longer forms around them
(:mod:`storyline.reconcile.entity_surfaces`: "Mr Macron", "Egypt's Suez Canal", "Wagner
mercenary group") and, for a person with a surname no other entity shares, the surname alone.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.errors import ContractError
from storyline.reconcile.entity_names import (
    FUZZY_SURNAME,
    PLACES,
    KeyGroup,
    NameKey,
    compatible,
    crossing,
    equivalent,
    name_key,
    name_tokens,
    same_full,
    same_token,
    script_of,
    vote_type,
)
from storyline.reconcile.entity_recall import recall_mentions
from storyline.reconcile.entity_surfaces import context_forms, roles, titled
from storyline.reconcile.names import strip_titles
from storyline.records import (
    Article,
    ArticleAnalysis,
    Entity,
    EntityMention,
    Span,
    item_id,
    span_of,
)
from storyline.union_find import UnionFind

if TYPE_CHECKING:
    from storyline.cluster.embed import Embedder

log = logging.getLogger(__name__)

_ENCODER_MIN = 0.84  # cosine of two translated names of one type (unrelated places ~0.6)


class _Clusters(UnionFind[int]):
    """Union-find over key indices ``0 .. n-1``."""

    def __init__(self, n: int) -> None:
        super().__init__(range(n))


def _cluster_type(keys: list[KeyGroup]) -> str:
    counts: Counter[str] = Counter()
    for k in keys:
        counts.update(k.types)
    return vote_type(counts, any(k.key.legal_form for k in keys))


def _prefix_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and long[: len(short)] == short


def _holds(single: KeyGroup, full: KeyGroup, full_type: str, typed: bool = True) -> bool:
    """A one-word name is the surname of, or the organisation head word in, a longer name.

    ``typed=False`` ignores the one-word name's own (often wrong) type: small NER models call
    "Boskalis" a PERSON and "Rabei" an ORG.
    """
    tok, toks = single.key.toks[0], full.key.toks
    cross = crossing(single.key.script, full.key.script)
    if typed and not compatible(single.type, full_type):
        return False
    if _generic_only(single.key):  # "ЧВК" alone
        return any(tok in raw and len(raw) > 1 for raw in full.raws)
    if typed and single.type in PLACES:
        # a place is no surname, and inside a longer name it is a modifier ("Paris Fire
        # Brigade", "Departamento de Bomberos de París"), not the organisation's head word
        return full_type in PLACES and toks[0] == tok
    if (
        full_type in {"PERSON", "OTHER"}
        and not single.key.org_core
        and same_token(tok, toks[-1], FUZZY_SURNAME, cross)
    ):
        return True
    if full_type == "PERSON":
        return False
    if full_type in PLACES:
        return toks[0] == tok
    return len(tok) >= 4 and tok in toks


def _generic_only(key: NameKey) -> bool:
    return key.generic_only


def _mention_count(keys: list[KeyGroup], members: list[int]) -> int:
    return sum(len(keys[i].mentions) for i in members)


def _pick(fits: set[int], groups: dict[int, list[int]], keys: list[KeyGroup]) -> int | None:
    """The only fit, or the one with at least twice the mentions of every other (and >= 2)."""
    if len(fits) == 1:
        return next(iter(fits))
    counts = sorted(((_mention_count(keys, groups[r]), r) for r in fits), reverse=True)
    if len(counts) >= 2 and counts[0][0] >= 2 and counts[0][0] >= 2 * counts[1][0]:
        return counts[0][1]
    return None


def _attach(
    keys: list[KeyGroup], uf: _Clusters, texts: dict[str, str]
) -> dict[tuple[int, str], int]:
    """Join partial names to the one cluster that holds them; per-article choices for the rest."""
    groups = uf.groups()
    types = {r: _cluster_type([keys[i] for i in members]) for r, members in groups.items()}
    # multi-word names that open a longer name: "Notre Dame" -> "Notre Dame Paris"
    # (a person's name too, when the longer one is a company's: "Shoei Kisen" -> "Shoei Kisen
    # Kaisha Ltd", the small tagger's PERSON notwithstanding)
    legal = {r for r, members in groups.items() if any(keys[i].key.legal_form for i in members)}
    for root, members in sorted(groups.items()):
        if any(len(keys[i].key.toks) < 2 for i in members):
            continue
        fits = {
            r
            for r, others in groups.items()
            if r != root
            and (r in legal if types[root] == "PERSON" else compatible(types[root], types[r]))
            and any(_prefix_of(keys[i].key.toks, keys[j].key.toks) for i in members for j in others)
        }
        target = _pick(fits, groups, keys)
        if target is not None:
            uf.union(root, target)
    groups = uf.groups()
    types = {r: _cluster_type([keys[i] for i in members]) for r, members in groups.items()}
    moves: dict[tuple[int, str], int] = {}
    plan = []
    for root, members in sorted(groups.items()):
        if any(len(keys[i].key.toks) >= 2 for i in members):
            continue
        fits: set[int] = set()
        for typed in (True, False):
            if not typed and types[root] in PLACES:
                break
            fits = {
                r
                for r, others in groups.items()
                if r != root
                and any(
                    _holds(keys[i], keys[j], types[r], typed)
                    for i in members
                    for j in others
                    if len(keys[j].key.toks) >= 2
                    or (_generic_only(keys[i].key) and len(keys[j].raws) > 1)
                )
            }
            if fits:
                break
        plan.append((root, members, fits))
    articles = {
        r: {s.article for i in members for _, s in keys[i].mentions}
        for r, members in groups.items()
    }
    role_of = {
        r: roles([s for i in members for _, s in keys[i].mentions], texts)
        for r, members in groups.items()
    }
    for root, members, fits in plan:
        if len(fits) == 1:
            uf.union(root, fits.pop())
        elif fits:  # "Trump" with Donald and Melania Trump: decided article by article
            for i in members:
                by_article: dict[str, list[Span]] = defaultdict(list)
                for _, span in keys[i].mentions:
                    by_article[span.article].append(span)
                for article, spans in by_article.items():
                    # a role title in this article ("President Trump") rules out a namesake
                    # known under another role ("First Lady Melania Trump")
                    mine = roles(spans, texts)
                    cands = [
                        r
                        for r in sorted(fits)
                        if not (mine and role_of[r] and not mine & role_of[r])
                    ]
                    here = [r for r in cands if article in articles[r]]
                    if len(here) == 1:
                        moves[(i, article)] = here[0]
                    elif len(cands) == 1 and mine:
                        moves[(i, article)] = cands[0]
    return moves


def _encoder_merge(keys: list[KeyGroup], uf: _Clusters, embedder: Embedder) -> None:
    """Join translated names of one non-person type that the encoder finds nearly identical."""
    groups = uf.groups()
    roots, labels, toks = [], [], []
    for root, members in sorted(groups.items()):
        ctype = _cluster_type([keys[i] for i in members])
        if ctype in {"PERSON", "OTHER"}:
            continue
        forms: Counter[str] = Counter()
        for i in members:
            for m, _ in keys[i].mentions:
                forms[strip_titles(m.text)] += 1
        if not forms:  # every mention moved to another group (_moves): nothing to compare
            continue
        roots.append(root)
        labels.append((ctype, max(forms, key=lambda f: (forms[f], f))))
        toks.append({t for i in members for t in keys[i].key.toks})
    if len(roots) < 2:
        return
    vecs = embedder.encode([form for _, form in labels])
    sims = vecs @ vecs.T
    for a in range(len(roots)):
        for b in range(a + 1, len(roots)):
            ta, tb = labels[a][0], labels[b][0]
            if sims[a, b] < _ENCODER_MIN or not (ta == tb or {ta, tb} <= PLACES):
                continue
            if toks[a] & toks[b]:  # "Suez Canal" / "Suez Canal Authority": related, not one
                continue
            uf.union(roots[a], roots[b])


def _canonical(forms: Counter[str]) -> str:
    scripts = Counter(script_of(f) for f in forms.elements())
    order = sorted(scripts, key=lambda s: (s != "latin", -scripts[s]))
    best_script = order[0] if order else "latin"
    cands = [f for f in forms if script_of(f) == best_script] or list(forms)
    return max(cands, key=lambda f: (len(name_tokens(f)) >= 2, forms[f], len(f), f))


def merge_entities(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    *,
    embedder: Embedder | None = None,
) -> list[Entity]:
    """Merge the entity mentions of a story's articles into one entity per real referent.

    Args:
        story_id: the story the entities belong to (part of each entity id).
        articles: the story's articles (mention offsets index into their text).
        analyses: per-article analyses carrying the entity mentions.
        embedder: multilingual encoder; when given, translated place/organisation names of one
            type ("France" / "Francia") merge on a very high similarity.

    Returns:
        Entities sorted by id; aliases are the exact surface strings (also with the titles
        written before them) and their title-free forms.
    """
    texts = {a.id: a.text for a in articles}
    index: dict[tuple[str, ...], int] = {}
    keys: list[KeyGroup] = []
    for an in analyses:
        text = texts.get(an.article)
        if text is None:
            continue
        for m in an.entities:
            try:
                span = span_of(an.article, text, m.start, m.end)
            except ContractError:
                log.warning("entity mention %d:%d outside article %s", m.start, m.end, an.article)
                continue
            nk = name_key(m.text)
            if not nk.toks:
                continue
            if nk.toks not in index:
                index[nk.toks] = len(keys)
                keys.append(KeyGroup(nk))
            k = keys[index[nk.toks]]
            k.raws.add(nk.raw)
            k.types[m.label] += 1
            k.mentions.append((m, span))
    recall_mentions(keys, analyses, texts, embedder)
    uf = _Clusters(len(keys))
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if uf.find(i) != uf.find(j) and equivalent(keys[i], keys[j]):
                uf.union(i, j)
    moves = _attach(keys, uf, texts)
    if embedder is not None:
        _encoder_merge(keys, uf, embedder)
    members: dict[int, list[tuple[EntityMention, Span]]] = defaultdict(list)
    for i, k in enumerate(keys):
        for m, span in k.mentions:
            target = moves.get((i, span.article))
            members[uf.find(target if target is not None else i)].append((m, span))
    names: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for k in keys:
        for m, span in k.mentions:
            names[span.article][(span.start, span.end)] = m.label
    ents = [_entity(story_id, ms, texts, names) for ms in members.values()]
    return sorted(_with_surnames(ents), key=lambda e: e.id)


def _with_surnames(ents: list[Entity]) -> list[Entity]:
    """Give a person known by the surname alone in one script that surname in the scripts of its
    full names too ("Дмитрий Песков", "Песков" and "Dmitry Peskov" -> "Peskov"), unless another
    entity has a name ending in it ("Donald Trump" / "Melania Trump")."""
    owners: dict[str, set[int]] = defaultdict(set)
    surnames: dict[int, set[str]] = defaultdict(set)
    for i, e in enumerate(ents):
        alone = {toks[0] for a in e.aliases if len(toks := name_tokens(a)) == 1}
        for alias in (e.name, *e.aliases):
            toks = name_tokens(alias)
            if toks:
                owners[toks[-1]].add(i)
            words = strip_titles(alias).split()
            if e.type == "PERSON" and len(toks) >= 2 <= len(words) and toks[-1] in alone:
                surnames[i].add(words[-1])
    out = []
    for i, e in enumerate(ents):
        extra = {s for s in surnames.get(i, ()) if owners[name_tokens(s)[-1]] == {i}}
        out.append(replace(e, aliases=tuple(sorted({*e.aliases, *extra}))) if extra else e)
    return out


def _entity(
    story_id: str,
    mentions: list[tuple[EntityMention, Span]],
    texts: dict[str, str],
    names: dict[str, dict[tuple[int, int], str]],
) -> Entity:
    forms: Counter[str] = Counter()
    surfaces: set[str] = set()
    types: Counter[str] = Counter()
    starts: dict[str, set[int]] = {}
    for m, span in mentions:
        stripped = strip_titles(m.text)
        forms[stripped] += 1
        surfaces.update({m.text, stripped})
        text, here = texts[span.article], names[span.article]
        if span.article not in starts:
            starts[span.article] = {a for a, _ in here}
        titled_form = titled(text, span.start, span.end, starts[span.article])
        if titled_form:
            surfaces.add(titled_form)
        surfaces.update(context_forms(text, span.start, span.end, m.label, here))
        types[m.label] += 1
    name = _canonical(forms)
    etype = vote_type(_type_votes(mentions) or types, any(name_key(f).legal_form for f in forms))
    spans = tuple(sorted({s for _, s in mentions}, key=lambda s: (s.article, s.start, s.end)))
    return Entity(
        id=item_id("e", story_id, name),
        name=name,
        type=etype,
        aliases=tuple(sorted(surfaces)),
        mentions=spans,
    )


def _type_votes(mentions: list[tuple[EntityMention, Span]]) -> Counter[str]:
    """Known types given to the entity's full names and to the surnames among its one-word
    names: small models type a head word worse than the name it heads ("Royal Boskalis
    Westminster" ORG, "Boskalis" PERSON; "Rostov-on-Don" GPE, "Rostov" PERSON), while a
    person's surname ("Sabathia") is typed as well as the full name, if not better."""
    keys = [(m.label, name_key(m.text).toks) for m, _ in mentions]
    lasts = {toks[-1] for _, toks in keys if len(toks) >= 2}
    if not lasts:
        return Counter()
    return Counter(
        label
        for label, toks in keys
        if label != "OTHER" and (len(toks) >= 2 or (toks and toks[0] in lasts))
    )


def resolve_name(name: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity a speaker name refers to ("Lavrov", "Sergey Lavrov"); None for descriptions.

    Only names that merge_entities would have joined to the entity resolve; descriptions like
    "the Russian foreign minister" (no entity alias fits) give None.
    """
    nk = name_key(name)
    key = nk.toks
    if not key:
        return None
    exact = [e for e in entities if any(name_tokens(a) == key for a in (e.name, *e.aliases))]
    if len(exact) == 1:
        return exact[0]
    if len(key) >= 2:
        fits = [
            e
            for e in entities
            if any(
                len(k := name_tokens(a)) >= 2
                and same_full(key, k, crossing(nk.script, script_of(a)))
                for a in (e.name, *e.aliases)
            )
        ]
    else:
        fits = [
            e
            for e in entities
            if any(
                same_token(key[0], name_tokens(a)[-1], FUZZY_SURNAME,
                           crossing(nk.script, script_of(a)))
                for a in (e.name, *e.aliases)
                if name_tokens(a)
            )
        ]
    return fits[0] if len(fits) == 1 else None
