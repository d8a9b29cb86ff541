"""Surface forms of an entity mention as written in its article, beyond the tagged span.

An entity's aliases are the strings its mentions are written as. Taggers cut names short of the
words around them that belong to the name form: titles ("President Trump"), an organisation or a
place that owns the name ("Boskalis CEO Peter Berdowski", "Egypt's Suez Canal") and class nouns
("the Wagner mercenary group", "la catedral de Notre-Dame"). These functions read those longer
forms off the article text; they never change a mention's span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping, Sequence
from functools import lru_cache

from storyline.reconcile.entity_names import ARTICLE_TOKENS, GENERIC
from storyline.reconcile.names import is_title
from storyline.records import Span

# (the look-behind only skips starts inside a word, which never match first: same matches)
_TITLE_BEFORE = re.compile(r"(?<![\w.])((?:[\w.]+\s+){1,4})$")
# Courtesy titles say nothing about a person's role ("Mr Trump" is also "President Trump").
_HONORIFICS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "mr mrs ms miss dr prof sir dame mister madame mme mlle m monsieur "
        "herr frau senor senora sr sra don dona господин госпожа"
    ).split()
)
# Words that join a class noun to the name after it ("catedral de Notre-Dame").
_LINKS = frozenset(["de", "of", "du", "des", "del", "della", "di", "von", "van"])
# Class nouns: the generic words of organisation and place names, without links and articles.
_CLASS_NOUNS = (
    GENERIC
    - _LINKS
    - ARTICLE_TOKENS
    - frozenset(["on", "and", "et", "und", "y", "la", "le", "el", "co", "sa", "ag"])
)
# Nouns of buildings, the only class nouns joined to a name by a link word ("catedral de").
_BUILDINGS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "cathedral cathedrale catedral kathedrale basilica basilique basilika church eglise iglesia "
        "kirche palace palais palacio palast castle chateau castillo schloss"
    ).split()
)
_PLACE_LABELS = frozenset(["GPE", "LOC"])
_NO_CLASS = frozenset(["PERSON", "GPE", "NORP"])  # labels whose names take no class noun
# Class words that describe rather than name: never the last word of a longer form.
_MODIFIERS = frozenset(["military", "private", "mercenary", "mercenaries"])
_CLASS_AFTER = re.compile(r" ([^\W\d_]+)(?: ([^\W\d_]+))?")
_CLASS_BEFORE = re.compile(r"(?:(?<![\w-])([^\W\d_]+) )?(?<![\w-])([^\W\d_]+) $")
_POSSESSOR_BEFORE = (
    re.compile(r"(?<![\w'’-])([A-Z][\w-]*)(?:'s|’s) $"),
    re.compile(r"(?<![\w'’-])([A-Z][\w-]* [A-Z][\w-]*)(?:'s|’s) $"),
)


def titled(text: str, start: int, end: int, names_at: Container[int] = ()) -> str | None:
    """The mention with the titles written just before it ("Mr Macron"), if any.

    One qualifier before the titles counts too: a nationality or an organisation ("French
    President Emmanuel Macron", "Boskalis CEO Peter Berdowski"), though not a sentence's first
    word unless it is a name the tagger found itself (``names_at``: start offsets of the
    article's mentions).
    """
    head = text[max(0, start - 60) : start]
    words = _title_run(head)
    if not words:
        return None
    lead = 0
    for w in reversed(words):
        if not (is_title(w) or w.lower() in ARTICLE_TOKENS):
            break
        lead += 1
    if not lead:
        return None
    if lead < len(words):
        before = words[-lead - 1]
        at = head.rfind(before + " " + words[-lead])
        opens = at <= 0 or head[:at].rstrip()[-1:] in (".", "!", "?", "\n", "")
        named = at >= 0 and max(0, start - 60) + at in names_at
        if before[:1].isupper() and before.isalpha() and (named or not opens):
            lead += 1
    prefix = " ".join(words[-lead:])
    pos = text.rfind(words[-lead], 0, start)
    surface = text[pos:end]
    return surface if " ".join(surface.split()) == f"{prefix} {text[start:end]}" else None


@lru_cache(maxsize=65536)  # a name's mentions (and their near-copies) share what precedes them
def _title_run(head: str) -> tuple[str, ...]:
    """The up to four words that end ``head`` (none when it does not end in a space)."""
    m = _TITLE_BEFORE.search(head)
    return tuple(m.group(1).split()) if m is not None else ()


def context_forms(
    text: str, start: int, end: int, label: str, names: Mapping[tuple[int, int], str] | None = None
) -> list[str]:
    """Longer name forms around a mention: the place that holds it and its class nouns.

    * ``Egypt's Suez Canal``: a place name in the possessive right before a non-person mention,
      when the tagger found that place too (``names``: the article's mention offsets, possessive
      cut off, and labels); a person's owner is a relation, not a name ("Palin's spokesman");
    * ``Wagner mercenary group``: one or two lower-case class nouns right after an organisation's
      or a building's name; ``Kathedrale Notre-Dame``: a class noun right before it, and
      ``catedral de Notre-Dame``: a building noun and a link word. Countries and cities
      ("party of Turkmenistan"), nationalities and people get none.
    """
    out = []
    name = text[start:end]
    base = max(0, start - 40)
    for pattern in _POSSESSOR_BEFORE if label != "PERSON" else ():
        owner = pattern.search(text[base:start])
        at = (base + owner.start(1), base + owner.end(1)) if owner else None
        if at is not None and (names or {}).get(at) in _PLACE_LABELS:
            out.append(text[at[0] : end])
            break
    if label in _NO_CLASS:
        return out
    after = _CLASS_AFTER.match(text, end)
    if after is not None:
        nouns = [w for w in after.groups() if w]
        while nouns and not all(w.islower() and _plain(w) in _CLASS_NOUNS for w in nouns):
            nouns.pop()
        if nouns and nouns[-1] not in _MODIFIERS:
            out.append(f"{name} {' '.join(nouns)}")
    before = _CLASS_BEFORE.search(text[base:start])
    if before is not None:
        first, second = before.groups()
        if _plain(second) in _CLASS_NOUNS and _plain(second) not in _MODIFIERS:
            out.append(f"{second} {name}")
        elif first and _plain(first) in _BUILDINGS and _plain(second) in _LINKS:
            out.append(f"{first} {second} {name}")
    return out


@lru_cache(maxsize=65536)
def _plain(word: str) -> str:
    """Lower case without accents ("Cathédrale" -> "cathedrale")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def roles(spans: Sequence[Span], texts: dict[str, str]) -> frozenset[str]:
    """Role titles written just before these mentions ("President", "First Lady")."""
    out: set[str] = set()
    for span in spans:
        text = texts.get(span.article)
        titled_form = (titled(text, span.start, span.end) if text else None) or span.text
        words = titled_form.split()
        for w in words[:-1]:  # titles before the name, also inside the tagged span
            if not is_title(w) and w.lower() not in ARTICLE_TOKENS and out:
                break
            if is_title(w) and w.lower().rstrip(".") not in _HONORIFICS:
                out.add(w.lower().rstrip("."))
    return frozenset(out)
