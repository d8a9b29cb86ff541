"""English durations, sets, clock times, decades, holidays, weekends and vague references.

TimeML's DURATION, SET and TIME kinds and the DATE kinds that need more than ``resolve_expression``
("the late '80s", "Thanksgiving", "this weekend", "2009-2012"): the regex sources that
``time_patterns`` compiles into the finding patterns, and ``_extra_mention``, which turns one of
their matches into a ``TimeMention`` (``iso_duration`` writes the ISO 8601 duration values).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.analyze import temporal_rules as tr
from storyline.analyze.date_resolution import (
    _E,
    _W,
    _iso,
    _parse_ref,
    _range,
    _year_range,
    resolve_expression,
)
from storyline.records import Article, TimeMention

# English vocabulary of durations, sets, clock times and decades (TimeML's DURATION, SET, TIME).
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip
_EN_VAGUE = {"a few", "few", "several", "many", "some", "a number of"}
_EN_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|(?:{_EN_TENS})(?:[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|one|two|three|four|five|six|seven|eight|nine|ten|a hundred|hundred|a dozen|"
    r"dozen|a couple(?: of)?|couple of|a few|a number of|several|many|few|an?)"
)
# unit -> (ISO 8601 designator, multiplier, is a time unit (after "T"))
_EN_UNITS = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "fortnight": ("W", 2, False), "month": ("M", 1, False), "quarter": ("M", 3, False),
    "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
    "millennium": ("Y", 1000, False),
}  # fmt: skip
_EN_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|"
    r"century|centuries|millennium|millennia)"
)
_DUR_MOD = (
    r"(?:(?:about|around|approximately|nearly|almost|roughly|some|more than|less than|fewer than|"
    r"no more than|at least|at most|up to|well over|close to|upwards of|a full)\s+)"
)
_DUR_BEFORE = (
    r"(?:(?:the|its|their|his|her|our|my|your|this|that|these|those)\s+)?(?:(?:past|last|next|"
    r"first|final|coming|previous|following|latest|recent|remaining|initial|ensuing|preceding|"
    r"entire|whole|full|same|other|additional)\s+)*"
)
_DUR_AFTER = (
    r"(?:(?:more|additional|extra|full|straight|consecutive|successive|trading|business|working|"
    r"calendar|fiscal|long|short|separate|hot|cold|difficult|tough|hard)\s+)*"
)
_DURATION = (
    rf"{_W}(?:{_DUR_MOD}(?=an?\s)|{_DUR_BEFORE}{_DUR_MOD}?)(?P<n>{_EN_NUMBER})"
    rf"(?:\s*(?:to|or|and|-|–)\s*"
    rf"(?P<n2>{_EN_NUMBER}))?(?P<half>\s+and\s+a\s+half)?(?:\s+|-)(?:{_DUR_AFTER})"
    rf"(?P<u>{_EN_UNIT})(?P<half2>\s+and\s+a\s+half)?(?:-long)?(?!-old|-\w){_E}"
)
_VAGUE_DURATION = (
    rf"{_W}(?:(?:the\s+)?(?:(?:past|last|next|coming|recent|ensuing|following|previous)\s+)+|"
    r"(?<=\bfor ))(?P<u>seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
    rf"(?:-long)?{_E}"
)
_SET = (
    rf"{_W}(?:(?:every|each)\s+(?:other\s+|single\s+)?(?:(?P<sn>{_EN_NUMBER})\s+)?"
    r"(?P<su>seconds?|minutes?|hours?|days?|nights?|mornings?|afternoons?|evenings?|weeks?|"
    r"weekends?|months?|quarters?|years?|decades?|summers?|winters?|springs?|autumns?|falls?|"
    rf"{tr.WEEKDAY_RE}|{tr.MONTH_RE})"
    r"|(?-i:(?:bi|semi)?(?:daily|weekly|monthly|annually|yearly|hourly|nightly))"
    rf"|(?:once|twice|thrice|(?:\d+|{_EN_NUMBER})\s+times)\s+(?:a|an|per|every|each)\s+"
    r"(?P<tu>day|week|month|year|hour|minute)"
    r"|per\s+(?P<pu>day|week|month|year|quarter|hour|minute|second))"
    rf"{_E}"
)
_REF = (
    r"(?<![\w-])(?:(?P<present>right now|just now|now(?!-)|currently|presently|at present|nowadays|"
    r"these days|at the moment|the present(?: day)?(?=\s*[,.;:!?)]|\s+(?:and|or|but)\b))"
    r"|(?P<past>recently|lately|the past(?=\s*[,.;:!?)]|\s+(?:and|or|but|when|as)\b)|"
    r"(?<=\bin )the past\b)"
    r"|(?P<future>the (?:near |distant |foreseeable |immediate )?future|the (?:near|short) term|"
    r"(?<=\bin )future(?=\s*[,.;:!?)])))(?![\w-])"
)
_CLOCK_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK_TIME = (
    r"(?<![\w:.])(?:(?:around|about|approximately|roughly|nearly|almost|exactly|precisely|"
    r"shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
    r"(?P<clock>(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    rf"|(?P<oc>{_CLOCK_NUM})\s+o'clock|(?P<word>noon|midnight|midday)"
    r"|(?<=\bat )(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:]))"
    r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|CEST)\b)?"
    rf"(?P<day>,?\s+(?:on\s+)?(?:(?:last|next|this)\s+)?{tr.WEEKDAY_RE}|\s+(?:yesterday|today|"
    rf"tomorrow)|,?\s+(?:on\s+)?(?-i:[A-Z][a-z]{{2,8}})\.?\s+\d{{1,2}}(?!\d)"
    r"|\s+(?:local|eastern|central|pacific|mountain)\s+time)?"
)
_DECADE = (
    r"(?<![\w'’-])(?:the\s+)?(?:(?P<part>early|mid|late)(?:\s+|-))?(?:(?P<dy>1\d|20)(?P<dd>\d)0s"
    r"|['’](?P<sd>\d)0s|(?<=the )(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties)"
    r"|(?P<cn>\d{1,2})(?:st|nd|rd|th)\s+century|(?P<cw>first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty first)\s+century"
    r"|(?P<rel>this|last|next)\s+century)(?![\w'’-])"
)
_YEAR_SPAN = (
    r"(?<![\w$€£.,/-])(?P<y1>1[6-9]\d\d|20[0-4]\d)\s*[-–]\s*"
    r"(?P<y2>1[6-9]\d\d|20[0-4]\d|\d\d)(?![\w%/-]|[.,]\d)"
)
_HOLIDAY = (
    r"(?<![\w-])(?P<h>christmas(?:\s+(?:day|eve))?|new\s+year['’]s(?:\s+(?:day|eve))?|"
    r"independence\s+day|the\s+fourth\s+of\s+july|valentine['’]s\s+day|halloween|"
    r"thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|memorial\s+day|labor\s+day|"
    r"st\.?\s+patrick['’]s\s+day)(?:,?\s+(?P<y>1[6-9]\d\d|20[0-4]\d))?(?![\w-])"
)
_WEEKEND = r"(?<![\w-])(?P<w>this|last|next|the|past|coming)\s+weekend(?![\w-])"
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_DECADE_WORDS = {
    w: 20 + 10 * i
    for i, w in enumerate(
        [
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        ]
    )
}


# --------------------------------------------------------------------------- mentions

_EXTRA_KINDS = {
    "weekend",
    "holiday",
    "decade",
    "year_part",
    "clock",
    "set",
    "duration",
    "vague_duration",
    "ref",
}
_LY_SETS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "bimonthly": "P2M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y",
    "biannually": "P6M", "semiannually": "P6M", "hourly": "PT1H",
}  # fmt: skip
_SET_UNITS = {
    "night": "day", "morning": "day", "afternoon": "day", "evening": "day", "weekend": "week",
    "summer": "year", "winter": "year", "spring": "year", "autumn": "year", "fall": "year",
}  # fmt: skip
_AMOUNT_BEFORE = re.compile(
    r"(?:\d[\d,.]*\s*%?|\bonce|\btwice|\btimes|\bpercent|\bcents?)(?:\s+[\w$€£%-]+){0,2}\s+$",
    re.IGNORECASE,
)


def _unit_key(word: str) -> str:
    w = word.lower()
    if w in {"centuries", "century"}:
        return "century"
    if w in {"millennia", "millennium"}:
        return "millennium"
    return w.removesuffix("s")


def _en_count(word: str | None) -> float | None:
    """The number of an English count word or numeral; None for vague ones ("several")."""
    if word is None:
        return 1.0
    w = " ".join(word.lower().replace("-", " ").split())
    if w in _EN_VAGUE:
        return None
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", w):
        return float(w.replace(",", ""))
    if w in _EN_NUMBERS:
        return float(_EN_NUMBERS[w])
    parts = w.split()
    if len(parts) == 2 and parts[0] in _EN_NUMBERS and parts[1] in _EN_NUMBERS:
        return float(_EN_NUMBERS[parts[0]] + _EN_NUMBERS[parts[1]])  # "twenty four"
    return None


def iso_duration(count: float | None, unit: str) -> str:
    """ISO 8601 duration of ``count`` English ``unit``s ("three years" -> ``P3Y``).

    Decades and centuries become years and quarters months (ISO 8601 has no such units); an
    unknown count gives TimeML's ``X`` ("several years" -> ``PXY``).
    """
    designator, mult, is_time = _EN_UNITS[unit]
    if count is None:
        amount = "X"
    else:
        total = count * mult
        if total != int(total) and designator in {"Y", "D", "H"}:
            # "a year and a half" -> P18M, "a day and a half" -> PT36H, "1.5 hours" -> PT90M
            smaller = {"Y": ("M", 12, False), "D": ("H", 24, True), "H": ("M", 60, True)}
            designator, factor, is_time = smaller[designator]
            total *= factor
        amount = str(int(total)) if total == int(total) else f"{total:g}"
    return f"PT{amount}{designator}" if is_time else f"P{amount}{designator}"


def _decade_value(m: re.Match[str], ref: date | None) -> str | None:
    """Range of a decade ("the 1990s", "the late '80s") or century ("the 20th century")."""
    part = (m.group("part") or "").lower()
    if m.group("dy") or m.group("sd") or m.group("word"):
        if m.group("dy"):
            start = int(m.group("dy") + m.group("dd") + "0")
        else:
            tens = (
                10 * int(m.group("sd")) if m.group("sd") else _DECADE_WORDS[m.group("word").lower()]
            )
            latest = ref.year if ref else date.today().year
            start = 2000 + tens if 2000 + tens <= latest else 1900 + tens
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
    else:
        if m.group("cn"):
            n = int(m.group("cn"))
        elif m.group("cw"):
            n = 21 if "twenty" in m.group("cw").lower() else _ORDINALS[m.group("cw").lower()]
        else:
            if ref is None:
                return None
            n = ref.year // 100 + 1 + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
        if not 1 <= n <= 30:
            return None
        # TimeML's convention: the 20th century is 1900-1999 (value "19")
        start = (n - 1) * 100
        lo, hi = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}.get(part, (0, 99))
    if start + lo < 1:
        return None
    return _range(date(start + lo, 1, 1), date(start + hi, 12, 31))


def _holiday_date(name: str, year: int) -> date:
    """The (US) date of a named holiday in ``year``."""
    n = " ".join(name.lower().replace("’", "'").split())
    fixed = {
        "christmas eve": (12, 24), "new year's eve": (12, 31), "valentine's day": (2, 14),
        "halloween": (10, 31), "independence day": (7, 4), "the fourth of july": (7, 4),
    }  # fmt: skip
    if n in fixed:
        return date(year, *fixed[n])
    if n.startswith("christmas"):
        return date(year, 12, 25)
    if n.startswith("new year"):
        return date(year, 1, 1)
    if n.startswith("st"):
        return date(year, 3, 17)
    if n.startswith("thanksgiving"):  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if n.startswith("memorial"):  # last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    if n.startswith("labor"):  # first Monday of September
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    # Easter Sunday (anonymous Gregorian computus)
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(year, month, (h + l_ - 7 * m + 114) % 31 + 1)


def _holiday_value(m: re.Match[str], ref: date | None, tense: str) -> str | None:
    if m.group("y"):
        return _iso(_holiday_date(m.group("h"), int(m.group("y"))))
    if ref is None:
        return None
    cands = [_holiday_date(m.group("h"), y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if tense == "future":
        return _iso(min(d for d in cands if d >= ref))
    past = max(d for d in cands if d <= ref)
    ahead = min(d for d in cands if d > ref)
    # as for a day-month: a holiday weeks ahead beats the one almost a year ago
    return _iso(ahead if (ahead - ref).days <= 60 and (ref - past).days > 300 else past)


def _extra_mention(
    article: Article,
    text: str,
    s: int,
    e: int,
    kind: str,
    m: re.Match[str] | None,
    reference: str | None,
    reference_kind: str | None,
    lang: str,
    tense: str,
    stamp: bool,
) -> TimeMention | None:
    """A mention of the English durations, sets, vague references, clock times and decades."""
    if m is None:
        return None
    ref = _parse_ref(reference)
    value: str | None = None
    out_kind, duration, time_of_day = "date", None, None
    ref_kind = reference_kind
    if kind == "weekend":
        if ref is None:
            return None
        word = m.group("w").lower()
        saturday = ref + timedelta(days=5 - ref.weekday())  # this week's Saturday
        if word in {"last", "past"} or (word == "the" and tense != "future" and ref.weekday() < 5):
            saturday -= timedelta(days=7)
        elif word in {"next", "coming"} and ref.weekday() >= 5:
            saturday += timedelta(days=7)
        value = _range(saturday, saturday + timedelta(days=1))
    elif kind == "holiday":
        value = _holiday_value(m, ref, tense)
        if value is None:
            return None
    elif kind == "decade":
        value = _decade_value(m, ref)
        if value is None:
            return None
        ref_kind = "absolute" if m.group("dy") or m.group("cn") or m.group("cw") else ref_kind
    elif kind == "year_part":
        y1, y2 = m.group("y1"), m.group("y2")
        if s == m.start("y1"):
            year = int(y1)
        elif len(y2) == 2:
            year = int(y1[:2] + y2)
            if year <= int(y1):
                return None  # "1998-45" is no span of years
        else:
            year = int(y2)
        value, ref_kind = _year_range(year), "absolute"
    elif kind == "clock":
        if m.group("word"):
            time_of_day = "24:00" if m.group("word").lower() == "midnight" else "12:00"
        elif m.group("oc"):
            time_of_day = f"{int(_en_count(m.group('oc')) or 0):02d}:00"
        elif m.group("h24"):
            time_of_day = f"{int(m.group('h24')):02d}:{m.group('m24')}"
        else:
            h, mi = int(m.group("h")), int(m.group("mi") or 0)
            if not 1 <= h <= 12 or mi > 59:
                return None
            h = h % 12 + (12 if m.group("ap").lower() == "p" else 0)
            time_of_day = f"{h:02d}:{mi:02d}"
        day = m.group("day")
        if day and re.search(rf"(?i){tr.WEEKDAY_RE}|yesterday|today|tomorrow|{tr.MONTH_RE}", day):
            value = resolve_expression(day, reference, lang, tense)
        elif day:
            e = m.start("day")  # "local time" or a capitalised word that is no month
        out_kind = "time"
    elif kind == "set":
        low = m.group(0).lower()
        ly = re.search(r"\b(?:bi|semi)?(?:daily|weekly|monthly|annually|yearly|quarterly|hourly|"
                       r"nightly)\b", low)  # fmt: skip
        if ly is not None and ly.group(0) in _LY_SETS:
            duration = _LY_SETS[ly.group(0)]
        else:
            word = (m.group("su") or m.group("tu") or m.group("pu") or "").lower()
            if tr.weekday_number(word) is not None:
                unit = "week"
            elif tr.month_number(word) is not None:
                unit = "year"
            else:
                unit = _SET_UNITS.get(_unit_key(word), _unit_key(word))
            if unit not in _EN_UNITS:
                return None
            count = 2.0 if re.search(r"\bother\b", low) else _en_count(m.group("sn"))
            duration = iso_duration(count, unit)
        out_kind = "set"
    elif kind in {"duration", "vague_duration"}:
        unit = _unit_key(m.group("u"))
        if kind == "vague_duration":
            count = None
        else:
            n_word = m.group("n").lower()
            if n_word in {"a", "an"} and unit in {"second", "quarter"}:
                return None  # "a second time", "a quarter of the vote"
            count = _en_count(n_word)
            if m.group("half") or m.group("half2"):
                count = None if count is None else count + 0.5
            if (
                n_word in {"a", "an"}
                and m.start("n") == s
                and _AMOUNT_BEFORE.search(text[max(0, s - 40) : s])
            ):
                # "$5 a year", "twice a week": a rate, not a length of time
                return _simple(article, text, s, e, "set", iso_duration(1.0, unit), stamp)
        duration = iso_duration(count, unit)
        out_kind = "duration"
        if kind == "duration" and text[m.end("n") : m.start("u")] == "-":
            if unit == "quarter":
                return None  # "three-quarters": a fraction
            s = m.start("n")  # "the five-year plan" -> "five-year"
    else:  # "ref"
        out_kind = next(k for k in ("present", "past", "future") if m.group(k))
    return TimeMention(
        article=article.id,
        start=s,
        end=e,
        text=text[s:e],
        value=value,
        reference=reference if value is not None else None,
        reference_kind=ref_kind if value is not None else None,
        is_stamp=stamp,
        kind=out_kind,
        duration=duration,
        time_of_day=time_of_day,
    )


def _simple(
    article: Article, text: str, s: int, e: int, kind: str, duration: str | None, stamp: bool
) -> TimeMention:
    return TimeMention(
        article=article.id,
        start=s,
        end=e,
        text=text[s:e],
        value=None,
        reference=None,
        reference_kind=None,
        is_stamp=stamp,
        kind=kind,
        duration=duration,
    )
