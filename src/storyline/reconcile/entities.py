"""One entity per real person/organisation/place across a story's articles and languages.

Mentions are reduced to keys (titles stripped, transliterated with anyascii, lower case, Russian
case endings folded, generic organisation words dropped). First the story's names are looked up
again in every article, so that mentions the tagger missed (languages with no trained tagger,
one-off inflected forms) join their key (:func:`_recall_mentions`). Keys then merge in three passes:

1. equivalence: equal keys, fuzzy full names (same first and last name), single names that are
   spelling variants or the same stem in another script ("Russia" / "России");
2. attachment of partial names to the one entity that holds them: a surname to the unique full
   name with that surname (else to the one named in the same article), a multi-word name to the
   longer name it opens ("Notre Dame" / "Notre-Dame de Paris"), an organisation's head word to the
   organisation ("Boskalis" / "Royal Boskalis Westminster");
3. optionally (an encoder is given) translated common-noun names of one type ("France" /
   "Francia") when the multilingual encoder finds them nearly identical.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.errors import ContractError
from storyline.reconcile.names import TITLES, is_title, strip_titles
from storyline.records import (
    Article,
    ArticleAnalysis,
    Entity,
    EntityMention,
    Span,
    item_id,
    span_of,
)

if TYPE_CHECKING:
    from storyline.cluster.embed import Embedder

log = logging.getLogger(__name__)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Russian case endings as they come out of anyascii (longest first); the stem must stay >= 4.
_RU_ENDINGS = (
    "ymi",
    "imi",
    "ogo",
    "ego",
    "omu",
    "emu",
    "iiu",
    "iia",
    "ym",
    "im",
    "om",
    "em",
    "oi",
    "ei",
    "ii",
    "yi",
    "oy",
    "ey",
    "oj",
    "ej",
    "iy",
    "ij",
    "iu",
    "ia",
    "a",
    "u",
    "e",
    "y",
    "i",
)
# Words that do not tell two organisations or places apart ("Wagner" = "Wagner mercenary group").
_GENERIC = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "group groupe gruppe grupo family famille familie dynasty cathedral cathedrale catedral "
        "kathedrale company corporation corp inc ltd plc co llc gmbh ag sa mercenary mercenaries "
        "military private pmc chvk party partei partido parti ministry ministere ministerium "
        "ministerio line lines the of de du des la le el del der die das on and et und y"
    ).split()
)
_ARTICLE_TOKENS = frozenset(["the", "la", "le", "les", "der", "die", "das", "el", "los", "las"])
_PHON = (
    ("yev", "ev"),
    ("ye", "e"),
    ("kh", "h"),
    ("gh", "g"),
    ("ks", "x"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
)
_POSSESSOR = re.compile(r"^[A-Z][\w.-]*(?:'s|’s)\s+(?=[A-Z])")  # "Egypt's Suez Canal"
_PLACES = frozenset({"GPE", "LOC"})
_FUZZY_SURNAME = 80.0  # rapidfuzz ratio of two transliterated surnames for one name
_FUZZY_FIRST = 75.0
_FUZZY_STEM = 80.0  # ratio of two stems written in different scripts
_ENCODER_MIN = 0.84  # cosine of two translated names of one type (unrelated places ~0.6)
_TITLE_BEFORE = re.compile(r"((?:[\w.]+\s+){1,4})$")


@dataclass(frozen=True, slots=True)
class _NameKey:
    """Folded tokens of a name and how they were made."""

    toks: tuple[str, ...]
    script: str
    org_core: bool  # generic organisation words were dropped to get toks
    raw: tuple[str, ...] = ()  # all folded tokens, generic words included
    generic_only: bool = False  # only generic words ("ЧВК", "the Group")


@lru_cache(maxsize=8192)
def _key(name: str) -> _NameKey:
    from anyascii import anyascii

    stripped = _POSSESSOR.sub("", strip_titles(name))
    cyr = bool(_CYRILLIC.search(stripped))
    flat = re.sub(r"[^a-z0-9 ]+", " ", anyascii(stripped).lower().replace("'", ""))
    raw = flat.split()
    while len(raw) > 1 and (raw[0] in TITLES or raw[0] in _ARTICLE_TOKENS):
        raw = raw[1:]
    folded = [_fold_ru(t) if cyr else t for t in raw]
    generic = [t in _GENERIC for t in folded]
    toks = tuple(_phonetic(t) for t in folded)
    core = tuple(t for t, g in zip(toks, generic) if not g)
    return _NameKey(
        core or toks,
        _script(stripped),
        bool(core) and len(core) < len(toks),
        toks,
        bool(generic) and all(generic),
    )


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name: titles stripped, transliterated, lower, Russian endings cut."""
    return _key(name).toks


def _fold_ru(tok: str) -> str:
    """Cut Russian case endings (transliterated) while the stem keeps at least four letters."""
    for _ in range(2):
        for end in _RU_ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 4:
                tok = tok[: -len(end)]
                break
        else:
            break
    return tok


def _phonetic(tok: str) -> str:
    """Fold transliteration variants: Sergey/Sergei, Yevgeny/Evgeni, Poutine/Putin."""
    for a, b in _PHON:
        tok = tok.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", tok)


def _skeleton(tok: str) -> str:
    """Consonants of a stem ("moskv", "moscov" -> "mskv"): compares inflected cross-script forms."""
    return re.sub(r"[aeiou]", "", tok.replace("c", "k"))


def _same_token(a: str, b: str, cut: float, cross: bool = False) -> bool:
    """Two folded tokens name the same thing (fuzzy; ``cross``: written in different scripts)."""
    from rapidfuzz import fuzz

    if a == b:
        return True
    if cross and min(len(a), len(b)) >= 3 and a[0] == b[0]:
        sa, sb = _fold_ru(a).rstrip("aeiou"), _fold_ru(b).rstrip("aeiou")
        if fuzz.ratio(sa, sb) >= _FUZZY_STEM or _skeleton(sa) == _skeleton(sb):
            return True
    if min(len(a), len(b)) < 4:
        return False
    ratio = fuzz.ratio(a, b)
    return ratio >= cut or (a[:5] == b[:5] and min(len(a), len(b)) >= 5 and ratio >= cut - 10)


def _first_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _same_token(a, b, _FUZZY_FIRST)


def _same_full(a: tuple[str, ...], b: tuple[str, ...], cross: bool = False) -> bool:
    """Two multi-word names with the same first and last name ("George W Bush" ~ "George Bush")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 2:
        return False
    return _same_token(a[-1], b[-1], _FUZZY_SURNAME, cross) and _first_compatible(a[0], b[0])


def _script(text: str) -> str:
    if _CYRILLIC.search(text):
        return "cyrillic"
    return "latin" if _LATIN.search(text) else "other"


def _compatible(a: str, b: str) -> bool:
    """Entity types that may name one thing (rule-found mentions are OTHER: unknown)."""
    return a == b or "OTHER" in (a, b) or {a, b} <= _PLACES


@dataclass
class _Key:
    """One distinct folded name and the mentions that gave it."""

    key: _NameKey
    raws: set[tuple[str, ...]] = field(default_factory=set)  # all tokens of each spelling
    types: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[EntityMention, Span]] = field(default_factory=list)

    @property
    def type(self) -> str:
        known = Counter({t: n for t, n in self.types.items() if t != "OTHER"})
        best = known or self.types
        return max(best, key=lambda t: (best[t], t))


class _Clusters:
    """Union-find over key indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def _equivalent(a: _Key, b: _Key) -> bool:
    ka, kb = a.key, b.key
    if ka.toks == kb.toks:
        return True
    cross = ka.script != kb.script
    if len(ka.toks) >= 2 and len(kb.toks) >= 2:
        if _same_full(ka.toks, kb.toks, cross):
            return True
        # "Белоруссии Александр Лукашенко": words glued before a person's name
        long, short = (ka, kb) if len(ka.toks) > len(kb.toks) else (kb, ka)
        short_type = b.type if short is kb else a.type
        return (
            len(short.toks) == 2
            and short_type == "PERSON"
            and _same_full(long.toks[-2:], short.toks, cross)
        )
    if len(ka.toks) == 1 and len(kb.toks) == 1:
        return _compatible(a.type, b.type) and _same_token(
            ka.toks[0], kb.toks[0], _FUZZY_SURNAME, cross
        )
    return False


def _cluster_type(keys: list[_Key]) -> str:
    counts: Counter[str] = Counter()
    for k in keys:
        counts.update(k.types)
    known = Counter({t: n for t, n in counts.items() if t != "OTHER"}) or counts
    return max(known, key=lambda t: (known[t], t))


def _prefix_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and long[: len(short)] == short


def _holds(single: _Key, full: _Key, full_type: str, typed: bool = True) -> bool:
    """A one-word name is the surname of, or the organisation head word in, a longer name.

    ``typed=False`` ignores the one-word name's own (often wrong) type: small NER models call
    "Boskalis" a PERSON and "Rabei" an ORG.
    """
    tok, toks = single.key.toks[0], full.key.toks
    cross = single.key.script != full.key.script
    if typed and not _compatible(single.type, full_type):
        return False
    if _generic_only(single.key):  # "ЧВК" alone
        return any(tok in raw and len(raw) > 1 for raw in full.raws)
    if (
        full_type in {"PERSON", "OTHER"}
        and not single.key.org_core
        and _same_token(tok, toks[-1], _FUZZY_SURNAME, cross)
    ):
        return True
    if full_type == "PERSON":
        return False
    if full_type in _PLACES:
        return toks[0] == tok
    return len(tok) >= 4 and tok in toks


def _generic_only(key: _NameKey) -> bool:
    return key.generic_only


def _mention_count(keys: list[_Key], members: list[int]) -> int:
    return sum(len(keys[i].mentions) for i in members)


def _pick(fits: set[int], groups: dict[int, list[int]], keys: list[_Key]) -> int | None:
    """The only fit, or the one with at least twice the mentions of every other (and >= 2)."""
    if len(fits) == 1:
        return next(iter(fits))
    counts = sorted(((_mention_count(keys, groups[r]), r) for r in fits), reverse=True)
    if len(counts) >= 2 and counts[0][0] >= 2 and counts[0][0] >= 2 * counts[1][0]:
        return counts[0][1]
    return None


def _attach(
    keys: list[_Key], uf: _Clusters, texts: dict[str, str]
) -> dict[tuple[int, str], int]:
    """Join partial names to the one cluster that holds them; per-article choices for the rest."""
    groups = uf.groups()
    types = {r: _cluster_type([keys[i] for i in members]) for r, members in groups.items()}
    # multi-word names that open a longer name: "Notre Dame" -> "Notre Dame Paris"
    for root, members in sorted(groups.items()):
        if any(len(keys[i].key.toks) < 2 for i in members) or types[root] == "PERSON":
            continue
        fits = {
            r
            for r, others in groups.items()
            if r != root
            and _compatible(types[root], types[r])
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
            if not typed and types[root] in _PLACES:
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
    roles = {r: _roles([s for i in members for _, s in keys[i].mentions], texts)
             for r, members in groups.items()}
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
                    mine = _roles(spans, texts)
                    cands = [r for r in sorted(fits)
                             if not (mine and roles[r] and not mine & roles[r])]
                    here = [r for r in cands if article in articles[r]]
                    if len(here) == 1:
                        moves[(i, article)] = here[0]
                    elif len(cands) == 1 and mine:
                        moves[(i, article)] = cands[0]
    return moves


# Courtesy titles say nothing about a person's role ("Mr Trump" is also "President Trump").
_HONORIFICS = frozenset((  # noqa: SIM905 - a word list reads better as text
    "mr mrs ms miss dr prof sir dame mister madame mme mlle m monsieur "
    "herr frau senor senora sr sra don dona господин госпожа"
).split())


def _roles(spans: Sequence[Span], texts: dict[str, str]) -> frozenset[str]:
    """Role titles written just before these mentions ("President", "First Lady")."""
    out: set[str] = set()
    for span in spans:
        text = texts.get(span.article)
        titled = (_titled(text, span.start, span.end) if text else None) or span.text
        words = titled.split()
        for w in words[:-1]:  # titles before the name, also inside the tagged span
            if not is_title(w) and w.lower() not in _ARTICLE_TOKENS and out:
                break
            if is_title(w) and w.lower().rstrip(".") not in _HONORIFICS:
                out.add(w.lower().rstrip("."))
    return frozenset(out)


def _encoder_merge(keys: list[_Key], uf: _Clusters, embedder: Embedder) -> None:
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
            if sims[a, b] < _ENCODER_MIN or not (ta == tb or {ta, tb} <= _PLACES):
                continue
            if toks[a] & toks[b]:  # "Suez Canal" / "Suez Canal Authority": related, not one
                continue
            uf.union(roots[a], roots[b])


def _canonical(forms: Counter[str]) -> str:
    scripts = Counter(_script(f) for f in forms.elements())
    order = sorted(scripts, key=lambda s: (s != "latin", -scripts[s]))
    best_script = order[0] if order else "latin"
    cands = [f for f in forms if _script(f) == best_script] or list(forms)
    return max(cands, key=lambda f: (len(name_tokens(f)) >= 2, forms[f], len(f), f))


def _titled(text: str, start: int, end: int) -> str | None:
    """The mention with the titles written just before it ("Mr Macron"), if any."""
    m = _TITLE_BEFORE.search(text[max(0, start - 60) : start])
    if m is None:
        return None
    words = m.group(1).split()
    lead = 0
    for w in reversed(words):
        if not (is_title(w) or w.lower() in _ARTICLE_TOKENS):
            break
        lead += 1
    if not lead:
        return None
    # one qualifier before the titles: a nationality or an organisation ("French President
    # Emmanuel Macron", "Boskalis CEO Peter Berdowski"), never a sentence's first word
    if lead < len(words):
        before = words[-lead - 1]
        head = text[max(0, start - 60) : start]
        at = head.rfind(before + " " + words[-lead])
        opens = at <= 0 or head[:at].rstrip()[-1:] in (".", "!", "?", "\n", "")
        if before[:1].isupper() and before.isalpha() and not opens:
            lead += 1
    prefix = " ".join(words[-lead:])
    pos = text.rfind(words[-lead], 0, start)
    surface = text[pos:end]
    return surface if " ".join(surface.split()) == f"{prefix} {text[start:end]}" else None


_WORD = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*[^\W\d_]", re.UNICODE)
_RECALL_MIN = 4  # a folded name token shorter than this matches too many words


def _recall_mentions(
    keys: list[_Key],
    analyses: Sequence[ArticleAnalysis],
    texts: dict[str, str],
) -> None:
    """Add the mentions that the tagger missed of names the story already knows.

    Languages without a trained tagger (German, Spanish, Russian here), one-off inflected forms
    ("Путиным") and names a small model skips ("Peskov said") are found again: every capitalised
    word of every article whose folded form (transliterated, Russian endings cut) is a known
    single-word name, or the surname of exactly one known person, becomes a mention of that key.
    A word at a sentence start counts only when the key is a name seen at least twice. Known keys
    are never made ambiguous: a token that two different full names share is left alone.
    """
    singles: dict[str, int] = {}
    fulls: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        toks = k.key.toks
        if k.key.generic_only or not toks or len(toks[-1]) < _RECALL_MIN:
            continue
        if len(toks) == 1:
            singles[toks[0]] = i
        elif k.type == "PERSON":
            fulls[toks[-1]].append(i)
    known: dict[str, int] = dict(singles)
    for tok, owners in fulls.items():
        # spellings of one name ("Dmitry Peskov" / "Дмитрий Песков") are one owner; two people
        # with one surname ("Donald Trump" / "Melania Trump") leave the surname to the tagger
        if all(_equivalent(keys[owners[0]], keys[o]) for o in owners[1:]):
            known.setdefault(tok, owners[0])
        else:
            known.pop(tok, None)
    if not known:
        return
    for an in analyses:
        text = texts.get(an.article)
        if text is None:
            continue
        taken = sorted((m.start, m.end) for m in an.entities)
        for m in _WORD.finditer(text):
            s, e = m.start(), m.end()
            word = m.group(0)
            if word.endswith(("'s", "’s")):
                e -= 2
                word = word[:-2]
            if any(a < e and s < b for a, b in taken):
                continue
            nk = _key(word)
            if len(nk.toks) != 1 or nk.generic_only:
                continue
            target = known.get(nk.toks[0])
            if target is None:
                continue
            k = keys[target]
            before = text[max(0, s - 3) : s]
            at_start = s == 0 or bool(re.search(r"(?:[.!?:\n»\"“]\s*|^\s*)$", before))
            if at_start and len(k.mentions) < 2:
                continue
            try:
                span = span_of(an.article, text, s, e)
            except ContractError:
                continue
            mention = EntityMention(an.article, s, e, word, k.type)
            k.raws.add(nk.raw)
            k.mentions.append((mention, span))
            taken.append((s, e))


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
    keys: list[_Key] = []
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
            nk = _key(m.text)
            if not nk.toks:
                continue
            if nk.toks not in index:
                index[nk.toks] = len(keys)
                keys.append(_Key(nk))
            k = keys[index[nk.toks]]
            k.raws.add(nk.raw)
            k.types[m.label] += 1
            k.mentions.append((m, span))
    _recall_mentions(keys, analyses, texts)
    uf = _Clusters(len(keys))
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if uf.find(i) != uf.find(j) and _equivalent(keys[i], keys[j]):
                uf.union(i, j)
    moves = _attach(keys, uf, texts)
    if embedder is not None:
        _encoder_merge(keys, uf, embedder)
    members: dict[int, list[tuple[EntityMention, Span]]] = defaultdict(list)
    for i, k in enumerate(keys):
        for m, span in k.mentions:
            target = moves.get((i, span.article))
            members[uf.find(target if target is not None else i)].append((m, span))
    return sorted((_entity(story_id, ms, texts) for ms in members.values()), key=lambda e: e.id)


def _entity(
    story_id: str, mentions: list[tuple[EntityMention, Span]], texts: dict[str, str]
) -> Entity:
    forms: Counter[str] = Counter()
    surfaces: set[str] = set()
    types: Counter[str] = Counter()
    for m, span in mentions:
        stripped = strip_titles(m.text)
        forms[stripped] += 1
        surfaces.update({m.text, stripped})
        titled = _titled(texts[span.article], span.start, span.end)
        if titled:
            surfaces.add(titled)
        types[m.label] += 1
    name = _canonical(forms)
    known = Counter({t: n for t, n in types.items() if t != "OTHER"}) or types
    etype = max(known, key=lambda t: (known[t], t))
    spans = tuple(sorted({s for _, s in mentions}, key=lambda s: (s.article, s.start, s.end)))
    return Entity(
        id=item_id("e", story_id, name),
        name=name,
        type=etype,
        aliases=tuple(sorted(surfaces)),
        mentions=spans,
    )


def resolve_name(name: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity a speaker name refers to ("Lavrov", "Sergey Lavrov"); None for descriptions.

    Only names that merge_entities would have joined to the entity resolve; descriptions like
    "the Russian foreign minister" (no entity alias fits) give None.
    """
    nk = _key(name)
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
                len(k := name_tokens(a)) >= 2 and _same_full(key, k, nk.script != _script(a))
                for a in (e.name, *e.aliases)
            )
        ]
    else:
        fits = [
            e
            for e in entities
            if any(
                _same_token(key[0], name_tokens(a)[-1], _FUZZY_SURNAME, nk.script != _script(a))
                for a in (e.name, *e.aliases)
                if name_tokens(a)
            )
        ]
    return fits[0] if len(fits) == 1 else None
