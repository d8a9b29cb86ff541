"""Name keys for entity merging: folded tokens of a name and fuzzy comparisons of them.

A name is reduced to a key: titles stripped, transliterated with anyascii, lower case, Russian
case endings folded, spelling variants of transliteration folded ("Sergey"/"Sergei"), generic
organisation words dropped ("Wagner Group" -> "wagner").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.analyze.cues import ARABIC
from storyline.reconcile.names import TITLES, strip_titles
from storyline.records import EntityMention, Span

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
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
GENERIC = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "group groupe gruppe grupo family famille familie dynasty cathedral cathedrale catedral "
        "kathedrale company corporation corp inc ltd plc co llc gmbh ag sa mercenary mercenaries "
        "military private pmc chvk party partei partido parti ministry ministere ministerium "
        "ministerio line lines the of de du des la le el del der die das on and et und y"
    ).split()
)
# Legal forms of companies: a name with one is an organisation whatever the tagger said.
_LEGAL_FORMS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "ltd limited corp corporation inc incorporated plc llc gmbh ag nv bv spa sarl"
    ).split()
)
ARTICLE_TOKENS = frozenset(["the", "la", "le", "les", "der", "die", "das", "el", "los", "las"])
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
PLACES = frozenset({"GPE", "LOC"})
FUZZY_SURNAME = 80.0  # rapidfuzz ratio of two transliterated surnames for one name
_FUZZY_FIRST = 75.0
_FUZZY_STEM = 80.0  # ratio of two stems written in different scripts


@dataclass(frozen=True, slots=True)
class NameKey:
    """Folded tokens of a name and how they were made."""

    toks: tuple[str, ...]
    script: str
    org_core: bool  # generic organisation words were dropped to get toks
    raw: tuple[str, ...] = ()  # all folded tokens, generic words included
    generic_only: bool = False  # only generic words ("ЧВК", "the Group")
    legal_form: bool = False  # a company's legal form ends the name ("Shoei Kisen Kaisha Ltd")


@lru_cache(maxsize=8192)
def name_key(name: str) -> NameKey:
    from anyascii import anyascii

    stripped = _POSSESSOR.sub("", strip_titles(name))
    cyr = bool(_CYRILLIC.search(stripped))
    flat = re.sub(r"[^a-z0-9 ]+", " ", anyascii(stripped).lower().replace("'", ""))
    raw = flat.split()
    while len(raw) > 1 and (raw[0] in TITLES or raw[0] in ARTICLE_TOKENS):
        raw = raw[1:]
    folded = [fold_ru(t) if cyr else t for t in raw]
    generic = [t in GENERIC for t in folded]
    toks = tuple(_phonetic(t) for t in folded)
    core = tuple(t for t, g in zip(toks, generic) if not g)
    return NameKey(
        core or toks,
        script_of(stripped),
        bool(core) and len(core) < len(toks),
        toks,
        bool(generic) and all(generic),
        len(raw) > 1 and raw[-1] in _LEGAL_FORMS,
    )


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name: titles stripped, transliterated, lower, Russian endings cut."""
    return name_key(name).toks


def fold_ru(tok: str) -> str:
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


def _abjad(tok: str) -> str:
    """A folded name as Arabic script writes it, for either script's form: short vowels
    unwritten; "o", "u", "w" one letter (و, folded "v") and with "f" and "v" (ف), one class
    ("F"); "p" as "b", "c" and "q" as "k" ("lavrov" and لافروف both "lFrF", "macron" and
    ماكرون "mkrFn", "putin" and بوتين "bFtn")."""
    for a, b in (("ch", "sh"), ("c", "k"), ("q", "k"), ("p", "b"), ("x", "ks")):
        tok = tok.replace(a, b)
    tok = re.sub(r"[fvouw]", "F", re.sub(r"(?<=.)[aeiy]|^[aeiy](?=[^aeiy])", "", tok))
    return re.sub(r"(.)\1+", r"\1", tok)


def crossing(a: str, b: str) -> bool | str:
    """How two scripts compare: False (one script), True (two), "abjad" (one of them Arabic),
    "hangul" (one of them Korean)."""
    if a == b:
        return False
    if "arabic" in (a, b):
        return "abjad"
    return "hangul" if "hangul" in (a, b) else True


def _hangul(tok: str) -> str:
    """A folded name as Korean writes it, for either script's form: the vowel Korean puts
    between consonants left out ("라브로프", romanised "labeulopeu" -> "lablop"), "r" and "l"
    one sound, "v" as "b" and "f" as "p", as Korean has neither ("lavrov" -> "lablop")."""
    tok = tok.replace("eu", "")
    for a, b in (("r", "l"), ("v", "b"), ("f", "p"), ("c", "k"), ("ph", "p")):
        tok = tok.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", tok.replace("b", "p"))


# how a script that writes names its own way is compared with another (``crossing``)
_SCRIPT_FOLDS = {"abjad": _abjad, "hangul": _hangul}


def same_token(a: str, b: str, cut: float, cross: bool | str = False) -> bool:
    """Two folded tokens name the same thing (fuzzy; ``cross``: written in different scripts,
    "abjad" or "hangul" when one of them is Arabic or Korean, each compared as that script
    writes names: ``_SCRIPT_FOLDS``)."""
    from rapidfuzz import fuzz

    if a == b:
        return True
    fold = _SCRIPT_FOLDS.get(cross) if isinstance(cross, str) else None
    if fold is not None and min(len(a), len(b)) >= 3:
        sa, sb = fold(a), fold(b)
        if len(sa) >= 3 and sa[0] == sb[0] and fuzz.ratio(sa, sb) >= _FUZZY_STEM:
            return True
    if cross and min(len(a), len(b)) >= 3 and a[0] == b[0]:
        sa, sb = fold_ru(a).rstrip("aeiou"), fold_ru(b).rstrip("aeiou")
        if fuzz.ratio(sa, sb) >= _FUZZY_STEM or _skeleton(sa) == _skeleton(sb):
            return True
    if min(len(a), len(b)) < 4:
        return False
    ratio = fuzz.ratio(a, b)
    return ratio >= cut or (a[:5] == b[:5] and min(len(a), len(b)) >= 5 and ratio >= cut - 10)


def _first_compatible(a: str, b: str, cross: bool | str = False) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return same_token(a, b, _FUZZY_FIRST, cross if cross in _SCRIPT_FOLDS else False)


def same_full(a: tuple[str, ...], b: tuple[str, ...], cross: bool | str = False) -> bool:
    """Two multi-word names with the same first and last name ("George W Bush" ~ "George Bush")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 2:
        return False
    return same_token(a[-1], b[-1], FUZZY_SURNAME, cross) and _first_compatible(a[0], b[0],
                                                                                cross)


def script_of(text: str) -> str:
    if _CYRILLIC.search(text):
        return "cyrillic"
    if ARABIC.search(text):
        return "arabic"
    if _HANGUL.search(text):
        return "hangul"
    return "latin" if _LATIN.search(text) else "other"


def compatible(a: str, b: str) -> bool:
    """Entity types that may name one thing (rule-found mentions are OTHER: unknown)."""
    return a == b or "OTHER" in (a, b) or {a, b} <= PLACES


@dataclass
class KeyGroup:
    """One distinct folded name and the mentions that gave it."""

    key: NameKey
    raws: set[tuple[str, ...]] = field(default_factory=set)  # all tokens of each spelling
    types: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[EntityMention, Span]] = field(default_factory=list)

    @property
    def type(self) -> str:
        return vote_type(self.types, self.key.legal_form)


def vote_type(types: Counter[str], legal_form: bool = False) -> str:
    """The most given known type (OTHER only when nothing else); ORG for a company's legal form."""
    if legal_form:
        return "ORG"
    known = Counter({t: n for t, n in types.items() if t != "OTHER"}) or types
    return max(known, key=lambda t: (known[t], t))


def equivalent(a: KeyGroup, b: KeyGroup) -> bool:
    """Two keys name one thing: same name, same full name, or one-word spelling variants."""
    ka, kb = a.key, b.key
    if ka.toks == kb.toks:
        return True
    cross = crossing(ka.script, kb.script)
    if len(ka.toks) >= 2 and len(kb.toks) >= 2:
        if same_full(ka.toks, kb.toks, cross):
            return True
        # "Белоруссии Александр Лукашенко": words glued before a person's name
        long, short = (ka, kb) if len(ka.toks) > len(kb.toks) else (kb, ka)
        short_type = b.type if short is kb else a.type
        return (
            len(short.toks) == 2
            and short_type == "PERSON"
            and same_full(long.toks[-2:], short.toks, cross)
        )
    if len(ka.toks) == 1 and len(kb.toks) == 1:
        return compatible(a.type, b.type) and same_token(
            ka.toks[0], kb.toks[0], FUZZY_SURNAME, cross
        )
    return False
