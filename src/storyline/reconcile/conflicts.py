"""Fact conflicts: outlets that state different numbers, lengths, times or dates for one thing.

Sentences of different outlets are aligned by multilingual embedding cosine plus a shared entity
or content word (see :func:`aligned_pairs`, shared with ``framing.py`` and ``claims.py``). In each
aligned pair the facts are compared: quantities with units (converted to one base unit), sums of
money (one currency, multipliers applied), counts of one kind of thing, clock times, durations,
ages and resolved dates. Two facts clash only when they state the same quantity of the same
thing: same dimension and unit kind, same counted noun (a rate such as "50 ships a day" is no
count), values within a factor of ``_MAX_RATIO`` (farther apart they are different things), close
clause context, and for dates the same predicate (the event mention's trigger) and day
resolution. Pairwise disagreements are joined into one conflict per fact, then pruned to the
members about one thing (average link: each member's mean context cosine to the other sides),
with one position per article side.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from storyline.records import (
    Article,
    ArticleAnalysis,
    Conflict,
    Entity,
    Position,
    item_id,
    original_of,
)

log = logging.getLogger(__name__)

ALIGN_THRESHOLD = 0.5  # sentence cosine for "about the same thing" (with a shared anchor)
ALIGN_HIGH = 0.72  # sentence cosine that aligns two sentences without any shared anchor
FACT_CONTEXT = 0.3  # cosine of the clauses around two facts for "about the same thing"
_DATE_MARGIN = 0.35  # dates differ for many reasons (other events): ask for much closer context
_MONEY_MARGIN = 0.25  # sums are pledged, lost, paid by many parties: ask for closer context
_MAX_RATIO = 4.0  # values this far apart are different things, not two readings of one
_GROUP_MARGIN = 0.05  # a conflict member's mean context cosine to the other sides must clear this
_EVENT_MARGIN = 0.04  # times of day and dates belong to one of many happenings: a bit more
_NOUN_SIMILAR = 0.8  # encoder cosine of two counted nouns ("ships", "vessels")
_REL_TOLERANCE = 0.02  # values closer than this (relative) agree: rounding of unit conversions

_SENT_RE = re.compile(r"(?:[^\n.!?]|[.!?](?![\"'”’»)]*(?:\s|$)))+(?:[.!?]+[\"'”’»)]*|\n|$)")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\n")
_WORD_RE = re.compile(r"\w+", re.UNICODE)

# --------------------------------------------------------------------------- numbers

_NUMBER_WORDS = {
    # en
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    # fr
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "cent": 100,
    # es
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
    "cien": 100,
    # de
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwölf": 12,
    "fünfzehn": 15,
    "zwanzig": 20,
    "hundert": 100,
}
_NUM = (
    r"(?<![\w\-/.:,])(?P<num>\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")"
)
# unit -> (dimension, factor to the base unit: metres, hours)
_UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in (
    ("m metre metres meter meters mètre mètres metro metros м метр метров метра", "length", 1.0),
    (
        (
            "km kilometre kilometres kilometer kilometers kilomètre kilomètres kilómetro kilómetros "
            "км километров километра"
        ),
        "length",
        1000.0,
    ),
    ("ft foot feet pieds pies fuß", "length", 0.3048),
    ("mi mile miles milles millas meilen миль", "length", 1609.344),
    ("yard yards", "length", 0.9144),
    ("hour hours heure heures hora horas stunde stunden час часа часов", "duration", 1.0),
    ("day days jour jours día días tag tage tagen день дня дней", "duration", 24.0),
    (
        "week weeks semaine semaines semana semanas woche wochen неделя недели недель",
        "duration",
        168.0,
    ),
    ("month months mois mes meses monat monate месяц месяца месяцев", "duration", 730.0),
    ("year years an ans año años jahr jahre jahren год года лет", "duration", 8766.0),
):
    for _n in _names.split():
        _UNITS[_n] = (_dim, _factor)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_QUALIFIER = (
    r"(?:(?:about|around|roughly|nearly|almost|over|more than|less than|at least|at most|some|"
    r"up to|just|only|environ|près de|plus de|moins de|au moins|quelque|unos|unas|más de|"
    r"menos de|casi|alrededor de|etwa|rund|mehr als|fast|über|около|более|почти)\s+)?"
)
_QUANTITY = re.compile(
    _QUALIFIER
    + _NUM
    + r"(?:\s*-\s*|\s?)(?P<unit>"
    + _UNIT_RE
    + r")(?P<old>[\s-]+old|-long)?(?P<wide>[\s-]*(?:wide|broad|de large|de ancho|breit))?"
    r"(?![\w])",
    re.IGNORECASE | re.UNICODE,
)
_CLOCK = re.compile(
    (
        r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?:(?P<sep>:|\.|\s?h\s?)(?P<min>[0-5]\d))?"
        r"\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?|hrs\b|h\b(?!\s?\d))?"
        r"(?=[\s,.;)]|$)"
    ),
    re.IGNORECASE,
)
_COUNT = re.compile(
    _QUALIFIER + _NUM + r"(?P<next>(?:\s+[^\W\d_]+){1,3})",
    re.IGNORECASE | re.UNICODE,
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
    ]
)
_MULTIPLIERS: dict[str, float] = {}
for _names, _factor in (
    ("thousand thousands mille milliers mil tausend тысяч тысячи тыс", 1e3),
    ("million millions mio millones millón millionen miljoen миллион миллиона миллионов млн", 1e6),
    ("billion billions milliard milliards milliarde milliarden миллиард миллиарда млрд bn", 1e9),
    ("trillion trillions billones billionen триллион трлн", 1e12),
):
    for _n in _names.split():
        _MULTIPLIERS[_n] = _factor
_CURRENCIES: dict[str, str] = {}
for _names, _code in (
    ("$ us$ usd dollar dollars dólar dólares dollari доллар доллара долларов", "usd"),
    ("€ eur euro euros евро", "eur"),
    ("£ gbp pound pounds sterling livres libras фунтов", "gbp"),
    ("rouble roubles ruble rubles рубль рубля рублей ₽", "rub"),
    ("yuan renminbi ¥ yen", "cny/jpy"),
):
    for _n in _names.split():
        _CURRENCIES[_n] = _code
_MULT_RE = "|".join(re.escape(u) for u in sorted(_MULTIPLIERS, key=len, reverse=True))
_CUR_WORD_RE = "|".join(
    re.escape(u) for u in sorted(_CURRENCIES, key=len, reverse=True) if u[0].isalpha()
)
_MONEY = re.compile(
    _QUALIFIER
    + r"(?:(?P<sym>(?:us|US)?\$|€|£|¥|₽)\s?)?"
    + _NUM
    + r"(?:\s?(?P<mult>"
    + _MULT_RE
    + r")\b\.?)?(?:\s+(?:de\s+|d['’]\s?|of\s+)?(?P<cur>"
    + _CUR_WORD_RE
    + r")\b)?",
    re.IGNORECASE | re.UNICODE,
)
# a count of things per period is a rate, another quantity than a count of things
_RATE = re.compile(
    r"[^.;,]{0,40}?\b(?:each|every|per|a|an|par|por|al|pro|в)\s+(?:day|week|month|year|jour|"
    r"semaine|mois|an|année|día|semana|mes|año|tag|woche|monat|jahr|день|неделю|месяц|год)\b"
    r"|[^.;,]{0,30}?\b(?:during|in|en|im|durante|во?)\s+(?:1[89]|20)\d\d\b"
    r"|\s*(?:a|per|/)\s*(?:day|year)\b|[^.;,]{0,20}?\b(?:daily|annually|yearly|weekly)\b",
    re.IGNORECASE | re.UNICODE,
)
# cheap pre-checks: a sentence neither finds holds no fact (the patterns above are slow)
_NUM_ONLY = re.compile(_NUM, re.IGNORECASE | re.UNICODE)
_DIGIT = re.compile(r"\d")
# "113 of over 420 vessels": the first number is a part of the second, not a rival count
_PARTITIVE = re.compile(r"\s+(?:of|sur|de|von|из)\s+(?:\w+\s+){0,2}?\d", re.IGNORECASE)
_AGO = re.compile(r"\s+ago\b", re.IGNORECASE)
_AGO_BEFORE = re.compile(r"\b(?:il y a|hace|vor)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ZONE = re.compile(r"\s*\b(?:EDT|EST|GMT|UTC|CET|CEST|BST|PDT|PST|IST|MSK)\b")
_AGE_CUE = re.compile(r"\b(old|vieux|vieille|âgée?|alt|antigua|viejo)\b", re.IGNORECASE)
_STOP_NOUNS = frozenset(
    [
        "and",
        "or",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "per",
        "cent",
        "percent",
        "pour",
        "cent",
        "por",
        "ciento",
        "prozent",
        "et",
        "ou",
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "y",
        "o",
        "en",
        "und",
        "oder",
        "der",
        "die",
        "das",
        "von",
        "mit",
        "и",
        "в",
        "на",
    ]
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One comparable fact found in one sentence."""

    article: str
    start: int  # the fact's own words
    end: int
    dim: str  # "length", "duration", "age", "clock", "date", "count:<noun>"
    value: float | str
    noun: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of one article, the unit of cross-outlet alignment."""

    article: str
    start: int
    end: int
    text: str
    outlet: str
    entities: frozenset[str]
    words: frozenset[str]


def _to_number(raw: str) -> float | None:
    low = raw.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    s = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", s):
        s = s.replace(",", "").replace(".", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def outlet_of(article: Article, by_id: dict[str, Article] | None = None) -> str:
    """Independent source of an article: its original's outlet when it is a copy.

    An article with no outlet is its own source (its id), never merged with another unknown.
    """
    cur = original_of(article, by_id) if by_id is not None else article
    if article.duplicate_of and (by_id is None or article.duplicate_of not in by_id):
        return article.outlet or article.duplicate_of
    return cur.outlet or cur.id


# --------------------------------------------------------------------------- sentence units


def sentence_bounds(article: Article, analysis: ArticleAnalysis | None) -> list[tuple[int, int]]:
    """Sentence offsets: the analysis' sentences when present, else a punctuation/line split."""
    text = article.text
    out: list[tuple[int, int]] = []
    if analysis is not None and analysis.sentences:
        raw = [(s.start, s.end) for s in analysis.sentences]
    else:
        raw = [(m.start(), m.end()) for m in _SENT_RE.finditer(text)]
    for s, e in raw:
        s, e = max(0, s), min(len(text), e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def content_words(text: str) -> frozenset[str]:
    """Casefolded words of 5+ letters (cheap anchor shared by sentences about one thing)."""
    return frozenset(w.casefold() for w in _WORD_RE.findall(text) if len(w) >= 5 and w.isalpha())


def story_units(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity] = (),
    min_words: int = 4,
) -> list[Unit]:
    """Sentences of the story's original articles (copies add no independent voice)."""
    by_id = {a.id: a for a in articles}
    by_an = {an.article: an for an in analyses}
    ent_spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ent in entities:
        for sp in ent.mentions:
            ent_spans[sp.article].append((sp.start, sp.end, ent.id))
    units = []
    for art in sorted(articles, key=lambda a: a.id):
        if art.duplicate_of:
            continue
        outlet = outlet_of(art, by_id)
        for s, e in sentence_bounds(art, by_an.get(art.id)):
            text = art.text[s:e]
            if len(_WORD_RE.findall(text)) < min_words:
                continue
            ents = frozenset(eid for a, b, eid in ent_spans.get(art.id, ()) if s <= a and b <= e)
            units.append(Unit(art.id, s, e, text, outlet, ents, content_words(text)))
    return units


def aligned_pairs(
    units: Sequence[Unit],
    embedder: Any,
    threshold: float = ALIGN_THRESHOLD,
    high: float = ALIGN_HIGH,
) -> list[tuple[int, int, float]]:
    """Pairs of sentences from different outlets about the same thing, with their cosine.

    A pair aligns when its cosine reaches ``high``, or reaches ``threshold`` and the two sentences
    share an entity or a content word.
    """
    if len(units) < 2:
        return []
    vecs = np.asarray(embedder.encode([u.text for u in units]), dtype=np.float32)
    sims = vecs @ vecs.T
    out = []
    # candidates first (row-major, as the pairs are listed); compared as Python floats
    close = np.triu(sims.astype(np.float64) >= threshold, 1)
    for ii, jj in zip(*np.nonzero(close), strict=True):
        i, j = int(ii), int(jj)
        if units[i].outlet == units[j].outlet:
            continue
        sim = float(sims[i, j])
        anchored = bool(units[i].entities & units[j].entities) or bool(
            units[i].words & units[j].words
        )
        if sim >= high or anchored:
            out.append((i, j, sim))
    return out


def clause_span(
    text: str, start: int, end: int, lo: int, hi: int, max_words: int = 12
) -> tuple[int, int]:
    """The clause of ``text[lo:hi]`` around ``start:end``, cut at punctuation, at most
    ``max_words`` words either side."""
    left = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, start):
        left = m.end()
    right = hi
    m2 = _CLAUSE_BREAK.search(text, end, hi)
    if m2 is not None:
        right = m2.start()
    words_left = list(_WORD_RE.finditer(text, left, start))
    if len(words_left) > max_words:
        left = words_left[-max_words].start()
    words_right = list(_WORD_RE.finditer(text, end, right))
    if len(words_right) > max_words:
        right = words_right[max_words - 1].end()
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1] in " \t.!?\"'”’»":
        right -= 1
    return left, right


# --------------------------------------------------------------------------- facts


@lru_cache(maxsize=16384)
def _text_facts(text: str) -> tuple[tuple[int, int, str, float, str], ...]:
    """The facts a sentence states in its own words, as (start, end, dim, value, noun) with
    offsets into ``text``: quantities, sums, clock times, counts.

    Cached: fact conflicts and claims both ask for the facts of every sentence.
    """
    if not _NUM_ONLY.search(text) and not _DIGIT.search(text):
        return ()  # every fact holds a number (a clock time at least a digit): most sentences
    taken: list[tuple[int, int]] = []
    facts: list[tuple[int, int, str, float, str]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _QUANTITY.finditer(text):
        value = _to_number(m.group("num"))
        if value is None:
            continue
        dim, factor = _UNITS[m.group("unit").lower()]
        before = text[max(0, m.start() - 25) : m.start()]
        if (
            dim == "duration"
            and factor > 8000
            and (
                m.group("old")
                or _AGE_CUE.search(before)
                or _AGO.match(text, m.end())
                or _AGO_BEFORE.search(before)
            )
        ):
            dim = "age"  # "850-year-old", "built 800 years ago": how old it is
        elif dim == "duration" and factor > 8000 and value >= 1000:
            continue  # "the year 2019" is no duration
        if dim == "length" and m.group("wide"):
            dim = "width"
        facts.append((m.start(), m.end(), dim, value * factor, ""))
        taken.append((m.start(), m.end()))
    for m in _MONEY.finditer(text):
        cur = m.group("sym") or m.group("cur")
        value = _to_number(m.group("num"))
        if not cur or value is None or not free(m.start("num"), m.end("num")):
            continue
        cur = cur.lower().replace("us$", "$")
        value *= _MULTIPLIERS.get((m.group("mult") or "").lower().rstrip("."), 1.0)
        dim = "money:" + _CURRENCIES.get(cur, cur)
        if _RATE.match(text, m.end()):
            dim += "/rate"
        facts.append((m.start(), m.end(), dim, value, ""))
        taken.append((m.start(), m.end()))
    for m in _CLOCK.finditer(text):
        if not free(m.start(), m.end()):
            continue
        sep, ampm = (
            m.group("sep"),
            (m.group("ampm") or "").lower().replace(".", "").replace(" ", ""),
        )
        if not sep and ampm not in ("am", "pm", "h"):
            continue
        if sep == "." and not ampm and "local" not in text[m.end() : m.end() + 12].lower():
            continue  # "4.30 local time" is a time, "4.30 million" is not
        if _ZONE.match(text, m.end()) or (
            ampm in ("am", "pm") and "." not in m.group("ampm") and not m.group("ampm").islower()
        ):
            continue  # "7:21 PM EDT" is a page stamp; "04 Am frühen Morgen" is German
        hour, minute = int(m.group("h")), int(m.group("min") or 0)
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        facts.append((m.start(), m.end(), "clock", hour * 60.0 + minute, ""))
        taken.append((m.start(), m.end()))
    for m in _COUNT.finditer(text):
        if not free(m.start("num"), m.end("num")):
            continue
        value = _to_number(m.group("num"))
        nxt = m.group("next").split()
        if value is None or _PARTITIVE.match(text, m.end("num")):
            continue
        while nxt and nxt[0].casefold().rstrip(".") in _MULTIPLIERS:  # "1.2 million people"
            value *= _MULTIPLIERS[nxt.pop(0).casefold().rstrip(".")]
        if value < 2 or not nxt or nxt[0].casefold() in _STOP_NOUNS | _MONTHS:
            continue
        # the head noun: the first plural-looking word of the next three, else the next word
        pick = next((k for k, w in enumerate(nxt) if len(w) > 3 and w[-1] in "sxSX"), 0)
        noun = nxt[pick].casefold()
        if noun in _STOP_NOUNS or noun in _UNITS or noun in _MONTHS:
            continue
        noun_end = m.start("next") + m.group("next").find(nxt[pick]) + len(nxt[pick])
        raw = m.group("num")
        if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if raw.isdigit() and text[m.end("num") : m.end("num") + 1] in "%":
            continue
        if any(re.fullmatch(_UNIT_RE, w, re.IGNORECASE) for w in nxt[: pick + 1]):
            continue
        if _RATE.match(text, noun_end):
            noun += "/rate"  # "50 ships each day" is no rival of "400 ships waiting"
        facts.append((m.start(), noun_end, "count", value, noun))
        taken.append((m.start(), noun_end))
    return tuple(facts)


def extract_facts(
    unit: Unit, article_text: str, analysis: ArticleAnalysis | None = None
) -> list[Fact]:
    """Comparable facts of one sentence: quantities, counts, clock times, dates."""
    facts = [
        Fact(unit.article, unit.start + s, unit.start + e, dim, value, noun)
        for s, e, dim, value, noun in _text_facts(unit.text)
    ]
    if analysis is not None:
        for t in analysis.times:
            if (
                t.value
                and not t.is_stamp
                and unit.start <= t.start
                and t.end <= unit.end
                and re.search(
                    r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday",
                    t.text,
                    re.IGNORECASE,
                )
            ):
                # the predicate the date belongs to: two dates of other happenings never clash
                trigger = next(
                    (
                        e.trigger.casefold()
                        for e in analysis.events
                        if e.trigger
                        and e.time_text
                        and e.start <= t.start < e.end
                        and (e.time_text in t.text or t.text in e.time_text)
                    ),
                    "",
                )
                facts.append(Fact(unit.article, t.start, t.end, "date", t.value, trigger))
    return facts


def _disagree(a: Fact, b: Fact, noun_sim: dict[tuple[str, str], float]) -> bool:
    if a.dim != b.dim:
        return False
    if a.dim == "count" and not _same_noun(a.noun, b.noun, noun_sim):
        return False
    if a.dim == "date":
        if not (_DAY.fullmatch(str(a.value)) and _DAY.fullmatch(str(b.value))):
            return False  # "in 1917" vs "on Saturday": a year is another event's, not a rival day
        if a.noun and b.noun and not _same_noun(a.noun, b.noun, noun_sim):
            return False  # "ran aground on Tuesday" vs "resumed on Monday": two happenings
        sa, sb = str(a.value).split("/"), str(b.value).split("/")
        return sa[-1] < sb[0] or sb[-1] < sa[0]
    va, vb = float(a.value), float(b.value)
    if a.dim == "clock":
        return abs(va - vb) >= 10  # minutes
    lo, hi = sorted((abs(va), abs(vb)))
    if lo == 0 or hi / lo > _MAX_RATIO:
        return False  # different magnitudes: different things ("700 million" vs "100 million")
    return abs(va - vb) > _REL_TOLERANCE * max(abs(va), abs(vb))


def _same_noun(a: str, b: str, noun_sim: dict[tuple[str, str], float]) -> bool:
    """Two counted nouns name one kind of thing: same stem, or near-synonyms by the encoder.

    A rate ("50 ships a day", noun ``ships/rate``) never matches a plain count.
    """
    if a.endswith("/rate") != b.endswith("/rate"):
        return False
    if a[:4] == b[:4]:
        return True
    return noun_sim.get((a, b), 0.0) >= _NOUN_SIMILAR


_DIM_ABOUT = {
    "length": "a length or distance",
    "duration": "how long it took or will take",
    "age": "an age",
    "width": "a width",
    "clock": "the time of day",
    "date": "the date",
    "count": "a number",
}


def find_fact_conflicts(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    embedder: Any,
    settings: Any = None,
    entities: Sequence[Entity] = (),
) -> list[Conflict]:
    """Outlets that disagree on a number, length, time of day, duration or date of one thing.

    Args:
        story_id: the story, for deterministic conflict ids.
        articles: the story's articles (copies, with ``duplicate_of`` set, are skipped).
        analyses: their analyses (sentences and resolved time mentions are used when present).
        embedder: a :class:`storyline.cluster.embed.Embedder` (anything with ``encode``).
        settings: the run's settings (``reconcile.conflict_threshold`` when it exists).
        entities: the story's merged entities (a shared entity anchors a sentence pair).

    Returns:
        Fact conflicts sorted by id, each with one position per article side.
    """
    threshold = getattr(getattr(settings, "reconcile", None), "conflict_threshold", FACT_CONTEXT)
    by_id = {a.id: a for a in articles}
    by_an = {an.article: an for an in analyses}
    units = story_units(articles, analyses, entities)
    facts = [
        (k, f)
        for k, u in enumerate(units)
        for f in extract_facts(u, by_id[u.article].text, by_an.get(u.article))
    ]
    if len(facts) < 2:
        return []
    contexts = []
    for k, f in facts:
        u = units[k]
        s, e = clause_span(by_id[f.article].text, f.start, f.end, u.start, u.end, max_words=8)
        contexts.append(by_id[f.article].text[s:e])
    ctx = np.asarray(embedder.encode(contexts), dtype=np.float32)
    ctx_sims = ctx @ ctx.T
    nouns = sorted({f.noun for _, f in facts if f.noun})
    noun_sim: dict[tuple[str, str], float] = {}
    if len(nouns) > 1:
        vecs = np.asarray(embedder.encode(nouns), dtype=np.float32)
        sims = vecs @ vecs.T
        for a in range(len(nouns)):
            for b in range(len(nouns)):
                noun_sim[(nouns[a], nouns[b])] = float(sims[a, b])
    parent: dict[Fact, Fact] = {}

    def find(x: Fact) -> Fact:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges: list[tuple[Fact, Fact]] = []
    for x in range(len(facts)):
        kx, fa = facts[x]
        for y in range(x + 1, len(facts)):
            ky, fb = facts[y]
            if units[kx].outlet == units[ky].outlet or fa.dim != fb.dim:
                continue
            need = threshold + (
                _DATE_MARGIN
                if fa.dim == "date"
                else _MONEY_MARGIN
                if fa.dim.startswith("money")
                else 0.0
            )
            if float(ctx_sims[x, y]) >= need and _disagree(fa, fb, noun_sim):
                edges.append((fa, fb))
                ra, rb = find(fa), find(fb)
                if ra != rb:
                    parent[max(ra, rb, key=_fact_key)] = min(ra, rb, key=_fact_key)
    groups: dict[Fact, set[Fact]] = defaultdict(set)
    for fa, fb in edges:
        groups[find(fa)].update((fa, fb))
    unit_of = {(f.article, f.start): units[k] for k, f in facts}
    index = {f: x for x, (_, f) in enumerate(facts)}
    outlet = {f: units[k].outlet for k, f in facts}
    conflicts = []
    for group in groups.values():
        dim = next(iter(group)).dim
        margin = _GROUP_MARGIN + (_EVENT_MARGIN if dim in ("clock", "date") else 0.0)
        members = _prune(group, edges, index, outlet, ctx_sims, threshold + margin)
        if not members:
            continue
        positions = []
        for f in sorted(members, key=_fact_key):
            art = by_id[f.article]
            u = unit_of[(f.article, f.start)]
            s, e = clause_span(art.text, f.start, f.end, u.start, u.end, max_words=6)
            pos = Position(f.article, s, e, art.text[s:e], outlet_of(art, by_id))
            if pos not in positions:
                positions.append(pos)
        if len({p.outlet for p in positions}) < 2:
            continue
        first = min(members, key=_fact_key)
        about = f"{_DIM_ABOUT.get(first.dim, first.dim)}: " + " vs ".join(
            dict.fromkeys(
                by_id[f.article].text[f.start : f.end] for f in sorted(members, key=_fact_key)
            )
        )
        key = "|".join(f"{p.article}:{p.start}:{p.end}" for p in positions)
        conflicts.append(
            Conflict(item_id("c", story_id, "fact", key), about[:200], "fact", tuple(positions))
        )
    return sorted(conflicts, key=lambda c: c.id)


def _prune(
    group: set[Fact],
    edges: Sequence[tuple[Fact, Fact]],
    index: dict[Fact, int],
    outlet: dict[Fact, str],
    sims: np.ndarray,
    need: float,
) -> set[Fact]:
    """The part of a chained group that is about one thing (average link, not single link).

    The member whose mean context cosine to the other outlets' members is lowest is dropped
    while that mean is under ``need``; the rest must still hold a disagreement across outlets.
    """
    members = set(group)
    while len(members) > 2:

        def mean(f: Fact) -> float:
            others = [index[g] for g in members if outlet[g] != outlet[f]]
            return float(np.mean(sims[index[f], others])) if others else 0.0

        worst = min(sorted(members, key=_fact_key), key=mean)
        if mean(worst) >= need:
            break
        members.discard(worst)
    if not any(a in members and b in members for a, b in edges):
        return set()
    return members


def _fact_key(f: Fact) -> tuple[str, int, int, str]:
    return (f.article, f.start, f.end, f.dim)
