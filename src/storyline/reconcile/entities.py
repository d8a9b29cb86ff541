"""One entity per real person/organisation/place across a story's articles and languages."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from storyline.errors import ContractError
from storyline.reconcile.names import strip_titles
from storyline.records import Article, ArticleAnalysis, Entity, Span, item_id, span_of

log = logging.getLogger(__name__)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Russian case endings as they come out of anyascii (longest first); the stem must stay >= 4.
_RU_ENDINGS = ("ymi", "imi", "ogo", "ego", "omu", "emu", "ym", "im", "om", "em", "oi", "ei",
               "ii", "yi", "oy", "ey", "oj", "ej", "iy", "ij", "a", "u", "e", "y", "i")
# Head nouns that do not tell two organisations or places apart ("Wagner" = "Wagner Group").
_GENERIC = frozenset(
    "group groupe gruppe family famille familie dynasty cathedral cathedrale catedral kathedrale "
    "company corporation corp inc ltd plc co the of de du des la le el del der die das on".split()
)
_PHON = (("yev", "ev"), ("ye", "e"), ("kh", "h"), ("gh", "g"), ("ks", "x"), ("ou", "u"),
         ("y", "i"), ("j", "i"), ("w", "v"))
_FOLDED_TITLES = frozenset(
    "mr mrs ms dr m mme herr frau president presidente prasident premier chancellor minister "
    "senor senora sr sra le la el der die".split()
)
_FUZZY_SURNAME = 80.0  # rapidfuzz ratio of two transliterated surnames for one name
_FUZZY_FIRST = 75.0


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name: titles stripped, transliterated, lower, Russian endings cut."""
    from anyascii import anyascii

    stripped = strip_titles(name)
    cyr = bool(_CYRILLIC.search(stripped))
    flat = re.sub(r"[^a-z0-9 ]+", " ", anyascii(stripped).lower().replace("'", ""))
    raw = flat.split()
    while len(raw) > 1 and raw[0] in _FOLDED_TITLES:
        raw = raw[1:]
    toks = []
    for tok in raw:
        if cyr:
            for end in _RU_ENDINGS:
                if tok.endswith(end) and len(tok) - len(end) >= 4:
                    tok = tok[: -len(end)]
                    break
        toks.append(_phonetic(tok))
    core = tuple(t for t in toks if t not in _GENERIC)
    return core or tuple(toks)


def _phonetic(tok: str) -> str:
    """Fold transliteration variants: Sergey/Sergei, Yevgeny/Evgeni, Poutine/Putin."""
    for a, b in _PHON:
        tok = tok.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", tok)


def _same_token(a: str, b: str, cut: float) -> bool:
    from rapidfuzz import fuzz

    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return fuzz.ratio(a, b) >= cut or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]
                                         and fuzz.ratio(a, b) >= cut - 10)


def _first_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _same_token(a, b, _FUZZY_FIRST)


def _same_full(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    if len(a) != len(b):
        # "George W Bush" ~ "George Bush": same first and last
        if min(len(a), len(b)) < 2:
            return False
    return _same_token(a[-1], b[-1], _FUZZY_SURNAME) and _first_compatible(a[0], b[0])


def _script(text: str) -> str:
    if _CYRILLIC.search(text):
        return "cyrillic"
    return "latin" if _LATIN.search(text) else "other"


class _Group:
    def __init__(self, key: tuple[str, ...]) -> None:
        self.keys: list[tuple[str, ...]] = [key]
        self.forms: Counter[str] = Counter()
        self.surfaces: set[str] = set()
        self.types: Counter[str] = Counter()
        self.spans: list[Span] = []

    def full_keys(self) -> list[tuple[str, ...]]:
        return [k for k in self.keys if len(k) >= 2]


def _canonical(group: _Group) -> str:
    scripts = Counter(_script(f) for f in group.forms.elements())
    order = sorted(scripts, key=lambda s: (s != "latin", -scripts[s]))
    best_script = order[0] if order else "latin"
    forms = [f for f in group.forms if _script(f) == best_script] or list(group.forms)
    return max(forms, key=lambda f: (len(name_tokens(f)) >= 2, group.forms[f], len(f), f))


def merge_entities(
    story_id: str, articles: Sequence[Article], analyses: Sequence[ArticleAnalysis]
) -> list[Entity]:
    """Merge the entity mentions of a story's articles into one entity per real referent.

    Titles and possessives are stripped, names transliterated (anyascii) and Russian case endings
    folded; full names merge on fuzzy first+last name, surname-only mentions join the unique full
    name with that surname; two full names with one surname and different first names stay apart.

    Returns:
        Entities sorted by id; aliases are the exact surface strings and their title-free forms.
    """
    texts = {a.id: a.text for a in articles}
    mentions = []
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
            if name_tokens(m.text):
                mentions.append((m, span))
    mentions.sort(key=lambda ms: (-len(name_tokens(ms[0].text)), ms[1].article, ms[1].start))
    groups: list[_Group] = []
    exact: dict[tuple[str, ...], _Group] = {}
    for m, span in mentions:
        key = name_tokens(m.text)
        group = exact.get(key)
        if group is None:
            group = _place(key, groups)
            if group is None:
                group = _Group(key)
                groups.append(group)
            elif key not in group.keys:
                group.keys.append(key)
            exact[key] = group
        stripped = strip_titles(m.text)
        group.forms[stripped] += 1
        group.surfaces.update({m.text, stripped})
        group.types[m.label] += 1
        group.spans.append(span)
    out = []
    for g in groups:
        name = _canonical(g)
        etype = max(g.types, key=lambda t: (g.types[t], t))
        spans = tuple(sorted(set(g.spans), key=lambda s: (s.article, s.start, s.end)))
        out.append(Entity(id=item_id("e", story_id, name), name=name, type=etype,
                          aliases=tuple(sorted(g.surfaces)), mentions=spans))
    return sorted(out, key=lambda e: e.id)


def _place(key: tuple[str, ...], groups: list[_Group]) -> _Group | None:
    """The existing group a new (non-exact) key belongs to, if exactly one fits."""
    if len(key) >= 2:
        fits = [g for g in groups if any(_same_full(key, k) for k in g.full_keys())]
        if not fits:  # "Notre Dame" after "Notre-Dame de Paris"? only exact multi-token subsets
            fits = [g for g in groups if any(len(k) > len(key) and _contains(k, key)
                                             for k in g.keys)]
        return fits[0] if len(fits) == 1 else None
    tok = key[0]
    fits = [g for g in groups
            if any(_same_token(tok, k[-1], _FUZZY_SURNAME)
                   or (g.types.most_common(1)[0][0] != "PERSON" and tok == k[0])
                   for k in g.full_keys())]
    if not fits:
        fits = [g for g in groups if any(len(k) == 1 and _same_token(tok, k[0], _FUZZY_SURNAME)
                                         for k in g.keys)]
    return fits[0] if len(fits) == 1 else None


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def resolve_name(name: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity a speaker name refers to ("Lavrov", "Sergey Lavrov"); None for descriptions.

    Only names that merge_entities would have joined to the entity resolve; descriptions like
    "the Russian foreign minister" (no entity alias fits) give None.
    """
    key = name_tokens(name)
    if not key:
        return None
    for ent in entities:
        if any(name_tokens(a) == key for a in ent.aliases):
            return ent
    if len(key) >= 2:
        fits = [e for e in entities
                if any(len(name_tokens(a)) >= 2 and _same_full(key, name_tokens(a))
                       for a in (e.name, *e.aliases))]
    else:
        fits = [e for e in entities
                if any(len(k := name_tokens(a)) >= 1 and _same_token(key[0], k[-1],
                                                                     _FUZZY_SURNAME)
                       for a in (e.name, *e.aliases))]
    return fits[0] if len(fits) == 1 else None
