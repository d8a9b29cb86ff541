"""Facts a sentence states in its own words: quantities with units, sums of money, clock times,
counts of things, ages (``text_facts``), with the number words and patterns of the pipeline's
languages. ``conflicts.py`` compares them across outlets; ``claim_match.py`` joins claims that
share one.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
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


@lru_cache(maxsize=16384)
def text_facts(text: str) -> tuple[tuple[int, int, str, float, str], ...]:
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
