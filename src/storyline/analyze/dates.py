"""Time expressions: find them in an article and resolve them to absolute dates.

``resolve_expression`` is pure: the reference date is an argument (never dateparser's global
settings). A rule layer handles what dateparser gets wrong (weekdays relative to the reference,
"late on Sunday", month-day without a year, "late June", seasons, quarters, "last week"), then
dateparser resolves explicit absolute dates. Values are ``YYYY-MM-DD`` or an inclusive range
``YYYY-MM-DD/YYYY-MM-DD`` at the expression's granularity; a month is never turned into a fake day.

``find_times`` finds the expressions (regex patterns in five languages plus spaCy DATE entities),
marks publication stamps and page furniture (``is_stamp``), and keeps relative anchors such as
"four days before Russia's invasion of Ukraine" unresolved with ``anchor_text``/``offset_days``.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

from storyline.analyze import temporal_rules as tr
from storyline.records import Article, TimeMention

log = logging.getLogger(__name__)

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --------------------------------------------------------------------------- value helpers


def _iso(d: date) -> str:
    return d.isoformat()


def _range(a: date, b: date) -> str:
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


def _month_range(year: int, month: int, part: str | None = None) -> str:
    last = calendar.monthrange(year, month)[1]
    if part == "early":
        return _range(date(year, month, 1), date(year, month, 10))
    if part == "mid":
        return _range(date(year, month, 11), date(year, month, 20))
    if part == "late":
        return _range(date(year, month, 21), date(year, month, last))
    return _range(date(year, month, 1), date(year, month, last))


def _year_range(year: int, part: str | None = None) -> str:
    if part == "early":
        return _range(date(year, 1, 1), date(year, 4, 30))
    if part == "mid":
        return _range(date(year, 5, 1), date(year, 8, 31))
    if part == "late":
        return _range(date(year, 9, 1), date(year, 12, 31))
    return _range(date(year, 1, 1), date(year, 12, 31))


def _parse_ref(reference: str | None) -> date | None:
    if not reference:
        return None
    try:
        return date.fromisoformat(reference[:10])
    except ValueError:
        return None


def shift_value(value: str, days: int) -> str:
    """Shift a date or range value by ``days``."""
    parts = [date.fromisoformat(p) + timedelta(days=days) for p in value.split("/")]
    return "/".join(p.isoformat() for p in parts)


def value_start(value: str) -> date:
    """First day of a date or range value."""
    return date.fromisoformat(value.split("/")[0])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: date, tense: str) -> date | None:
    """The month-day (or month start) whose year puts it nearest the reference, preferring the
    past for past tense and the future for future tense (within half a year)."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        d = _safe_date(y, month, day or 1)
        if d is not None:
            cands.append(d)
    if not cands:
        return None
    if tense == "future":
        future = [d for d in cands if d >= ref or (day is None and d.month == ref.month)]
        return min(future, key=lambda d: (d - ref).days) if future else None
    past = [
        d
        for d in cands
        if d <= ref or (day is None and d.year == ref.year and d.month == ref.month)
    ]
    best = max(past) if past else min(cands, key=lambda d: abs((d - ref).days))
    # a day-month within weeks ahead beats the same day almost a year ago, unless the verb is
    # known to be past ("payable Dec. 7" in late October is this December)
    window = 14 if tense == "past" else 60
    ahead = [d for d in cands if d > ref and (d - ref).days <= window]
    if day is not None and ahead and (best is None or (ref - best).days > 300):
        return ahead[0]
    return best


def _weekday_date(wd: int, ref: date, tense: str, mode: str = "") -> date:
    """The date of weekday ``wd`` relative to ``ref``.

    Past tense looks back (the reference day itself counts: "on Monday" in Monday's paper),
    future tense forward; "last" forces a strictly earlier day, "next" a strictly later one.
    """
    if mode == "next" or (tense == "future" and mode != "last"):
        delta = (wd - ref.weekday()) % 7
        if delta == 0 and mode == "next":
            delta = 7
        return ref + timedelta(days=delta)
    delta = (ref.weekday() - wd) % 7
    if delta == 0 and mode == "last":
        delta = 7
    return ref - timedelta(days=delta)


def _part_of(text: str) -> str | None:
    t = text.lower()
    if re.search(rf"(?:^|\b)(?:{tr.EARLY})(?:\b|\s|-)", t):
        return "early"
    if re.search(rf"(?:^|\b)(?:{tr.MID})(?:\b|\s|-)", t):
        return "mid"
    if re.search(rf"(?:^|\b)(?:{tr.LATE})\b", t) and not re.search(
        rf"\blate\s+(?:on\s+)?(?:{tr.WEEKDAY_RE}|{tr.DAYPART}|yesterday|last)", t
    ):
        return "late"
    return None


# --------------------------------------------------------------------------- resolver

_W = r"(?<![\w])"
_E = r"(?![\w])"
_RX_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_RX_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")
_RX_DAY_MONTH = re.compile(
    rf"{_W}(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+|of\s+)?({tr.MONTH_RE}){_E}"
    rf"(?:,?\s+(?:de\s+|del\s+)?(\d{{4}}))?",
    re.IGNORECASE,
)
_RX_MONTH_DAY = re.compile(
    rf"{_W}({tr.MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?{_E}(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_RX_MONTH_YEAR = re.compile(
    rf"{_W}({tr.MONTH_RE})(?:,?\s+(?:de\s+|of\s+|del\s+)?(\d{{4}}))?{_E}", re.IGNORECASE
)
_RX_YEAR = re.compile(r"(?<![\d\-/.,])(1[5-9]\d\d|20\d\d)(?![\d\-/])")
_RX_WEEKDAY = re.compile(rf"{_W}({tr.WEEKDAY_RE}){_E}", re.IGNORECASE)
_RX_QUARTER = re.compile(
    r"(?:\bq([1-4])|\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter)", re.IGNORECASE
)
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_RX_SEASON = re.compile(rf"{_W}({tr.SEASON_RE}){_E}", re.IGNORECASE)
_RX_LAST = re.compile(rf"{_W}(?:{tr.LAST_WORDS}){_E}", re.IGNORECASE)
_RX_NEXT = re.compile(rf"{_W}(?:{tr.NEXT_WORDS}){_E}", re.IGNORECASE)
_RX_THIS = re.compile(rf"{_W}(?:{tr.THIS_WORDS}){_E}", re.IGNORECASE)
_RX_WEEK = re.compile(r"\b(?:week|semaine|woche|semana|недел[еиюя])", re.IGNORECASE)
_RX_MONTHWORD = re.compile(r"(?:\bmonth\b|\bmois\b|\bmonat|\bmes\b|месяц)", re.IGNORECASE)
_RX_YEARWORD = re.compile(r"(?:\byear\b|\bannée\b|\bjahr|\baño\b|\bгод)", re.IGNORECASE)
_RX_DAYWORDS = [(re.compile(rf"{_W}(?:{p}){_E}", re.IGNORECASE), n) for p, n in tr.DAY_WORDS]


def _explicit_year(text: str) -> int | None:
    m = _RX_YEAR.search(text)
    return int(m.group(1)) if m else None


def resolve_expression(
    text: str, reference: str | None, lang: str, tense: str = "past"
) -> str | None:
    """Resolve a time expression to ``YYYY-MM-DD`` or an inclusive ``start/end`` range.

    Args:
        text: the expression as written ("on Wednesday (July 6)", "late June", "le 24 février").
        reference: the date relative expressions count from (``YYYY-MM-DD``), or None.
        lang: ISO 639-1 language of the text.
        tense: "past" (weekdays look back) or "future" (weekdays look forward).

    Returns:
        The value, or None when the text does not fix a date (e.g. relative with no reference).
    """
    t = " ".join(text.replace("’", "'").split())
    if not t:
        return None
    ref = _parse_ref(reference)
    try:
        return _resolve_rules(t, ref, tense) or _resolve_dateparser(t, ref, lang)
    except (ValueError, OverflowError) as exc:
        log.debug("cannot resolve %r against %s: %s", text, reference, exc)
        return None


def _resolve_rules(t: str, ref: date | None, tense: str) -> str | None:
    low = t.lower()
    part = _part_of(low)

    m = _RX_ISO.search(t)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if m.group(3):
            d = _safe_date(y, mo, int(m.group(3)))
            return _iso(d) if d else None
        return _month_range(y, mo, part) if 1 <= mo <= 12 else None
    m = _RX_NUMERIC.search(t)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d = _safe_date(y, a, b) if a <= 12 and b > 12 else _safe_date(y, b, a)
        if d is None:
            d = _safe_date(y, a, b)
        return _iso(d) if d else None

    # Day + month (+ year), either order.
    m = _RX_MONTH_DAY.search(t)
    dm = _RX_DAY_MONTH.search(t)
    if dm and (not m or dm.start() < m.start()):
        day, month_word, year_s = int(dm.group(1)), dm.group(2), dm.group(3)
    elif m:
        month_word, day, year_s = m.group(1), int(m.group(2)), m.group(3)
    else:
        month_word = None
    if month_word is not None and 1 <= day <= 31:
        month = tr.month_number(month_word)
        if month is not None:
            if year_s:
                d = _safe_date(int(year_s), month, day)
                return _iso(d) if d else None
            year = _explicit_year(t)
            if year:
                d = _safe_date(year, month, day)
                return _iso(d) if d else None
            if ref is None:
                return None
            d = _nearest_year(month, day, ref, tense)
            wm = _RX_WEEKDAY.search(t)
            wd = tr.weekday_number(wm.group(1)) if wm else None
            if d is not None and wd is not None and d.weekday() != wd:
                for y in (d.year - 1, d.year + 1):
                    alt = _safe_date(y, month, day)
                    if alt is not None and alt.weekday() == wd:
                        return _iso(alt)
            return _iso(d) if d else None

    # Relative day words.
    for rx, offset in _RX_DAYWORDS:
        if rx.search(low) and ref is not None:
            return _iso(ref + timedelta(days=offset))

    # Weekdays.
    m = _RX_WEEKDAY.search(t)
    if m:
        wd = tr.weekday_number(m.group(1))
        if wd is None or ref is None:
            return None
        before = low[: m.start()]
        mode = ""
        if _RX_LAST.search(before):
            mode = "last"
        elif _RX_NEXT.search(before):
            mode = "next"
        return _iso(_weekday_date(wd, ref, tense, mode))

    # Quarters and seasons.
    m = _RX_QUARTER.search(low)
    if m:
        q = int(m.group(1)) if m.group(1) else _QUARTER_WORDS[m.group(2)]
        year = _explicit_year(t) or (ref.year if ref else None)
        if year is None:
            return None
        start = date(year, 3 * q - 2, 1)
        end_m = 3 * q
        return _range(start, date(year, end_m, calendar.monthrange(year, end_m)[1]))
    m = _RX_SEASON.search(low)
    if m:
        first, last = tr.SEASONS[m.group(1).lower()]
        year = _explicit_year(t)
        if year is None:
            if ref is None:
                return None
            year = ref.year
            before_season = low[: m.start()]
            if _RX_LAST.search(before_season) or (
                tense != "future"
                and ref.month < first
                and first != 12
                and not re.search(r"\b(?:this|next|coming)\s+$", before_season)
            ):
                year -= 1
            elif re.search(r"\b(?:next|coming)\s+$", before_season):
                year += 1
        end_year = year + 1 if last < first else year
        return _range(
            date(year, first, 1),
            date(end_year, last, calendar.monthrange(end_year, last)[1]),
        )

    # Month (+ year).
    m = _RX_MONTH_YEAR.search(t)
    if m and not (
        m.group(1).lower() in {"may", "mar.", "mai"}
        and not m.group(2)
        and not re.search(
            r"\b(?:in|en|im|de|в|since|until|by|last|next|this|past)\s+\w+$", low[: m.end()]
        )
    ):
        month = tr.month_number(m.group(1))
        if month is not None:
            year = int(m.group(2)) if m.group(2) else _explicit_year(t)
            if (
                year is None
                and ref is not None
                and re.search(
                    rf"(?:{tr.LAST_WORDS})\s+(?:year|année|an|jahr|jahres|año)|l'an dernier|"
                    r"l'année dernière|прошлого года",
                    low,
                )
            ):
                year = ref.year - 1
            pre = low[: m.start()]
            if year is None and ref is not None:
                # "last May" is the latest May before this month, "this May" this year's
                if re.search(r"\b(?:last|past|previous)\s+$", pre):
                    year = ref.year if month < ref.month else ref.year - 1
                elif re.search(r"\bthis\s+$", pre):
                    year = ref.year
                elif re.search(r"\b(?:next|coming)\s+$", pre):
                    year = ref.year if month > ref.month else ref.year + 1
            if year is None:
                if ref is None:
                    return None
                d = _nearest_year(month, None, ref, tense)
                if d is None:
                    return None
                year = d.year
            return _month_range(year, month, part)

    # "last week", "this month", "next year" ...
    if ref is not None:
        unit = (
            "week"
            if _RX_WEEK.search(low)
            else "month"
            if _RX_MONTHWORD.search(low)
            else "year"
            if _RX_YEARWORD.search(low)
            else None
        )
        if unit is not None:
            shift = (
                -1
                if _RX_LAST.search(low)
                else 1
                if _RX_NEXT.search(low)
                else (0 if _RX_THIS.search(low) else None)
            )
            if shift is not None:
                return _relative_unit(unit, shift, ref, low)

    # A year alone.
    m = _RX_YEAR.search(t)
    if m and re.fullmatch(r"[^\d]{0,25}\d{4}[^\d]{0,10}", t):
        return _year_range(int(m.group(1)), part)
    return None


def _relative_unit(unit: str, shift: int, ref: date, low: str) -> str:
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * shift)
        if shift == 0 and "earlier" in low:
            return _range(monday, ref)
        return _range(monday, monday + timedelta(days=6))
    if unit == "month":
        y, mo = ref.year, ref.month + shift
        if mo < 1:
            y, mo = y - 1, mo + 12
        if mo > 12:
            y, mo = y + 1, mo - 12
        if shift == 0 and "earlier" in low:
            return _range(date(y, mo, 1), ref)
        return _month_range(y, mo)
    return _year_range(ref.year + shift)


def _resolve_dateparser(t: str, ref: date | None, lang: str) -> str | None:
    import dateparser

    base = datetime(ref.year, ref.month, ref.day) if ref else datetime(2000, 1, 1)
    langs = [lang] if lang in {"en", "fr", "de", "es", "ru", "it", "pt", "nl"} else None
    settings: Any = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    found = dateparser.parse(t, languages=langs, settings=settings)
    if found is None or not _RX_YEAR.search(t):
        return None
    return _iso(found.date())


# --------------------------------------------------------------------------- finding

_NUM = tr.NUMBER_RE
_UNIT = tr.UNIT_RE
_DP = tr.DAYPART
_PARTS = rf"(?:{tr.EARLY}|{tr.MID}|{tr.LATE})"

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
_PARTS_OF_DAY = (
    ("MO", r"\bmornings?\b"),
    ("AF", r"\b(?:mid-?\s?)?afternoons?\b"),
    ("EV", r"\bevenings?\b"),
    ("NI", r"\b(?:nights?|tonight|overnight)\b"),
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("stamp_meta", re.compile(r"(?m)^\s*date \d{4}-\d{2}(?:-\d{2})?")),
    ("iso", re.compile(r"(?<![\w/-])\d{4}-\d{2}(?:-\d{2})?(?![\w/-])")),
    ("numeric", re.compile(r"(?<![\w/.])\d{1,2}[/.]\d{1,2}[/.]\d{4}(?![\w/])")),
    (
        "anchor",
        re.compile(
            rf"{_W}(?:(?:just|only|some|about|around|nearly|almost|exactly)\s+)?({_NUM})\s+({_UNIT})"
            rf"\s+(before|after|prior to|ahead of|avant|après|vor|nach|antes de|después de|до|после)"
            rf"\s+(?!(?:that|this|it|then)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "day_anchor",
        re.compile(
            r"\b(?:on\s+)?the\s+(day|night|morning|evening|week)\s+(before|after|following)\s+"
            r"(?=the\s|his\s|her\s|their\s|its\s)",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"{_W}(?:(?:(?:about|around|nearly|almost|some|roughly|more than|less than|just|only)"
            rf"\s+)?({_NUM})\s+({_UNIT})\s+(?:ago|назад)|(?:il y a|vor|hace)\s+({_NUM})\s+({_UNIT}))"
            rf"{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "later",
        re.compile(
            rf"{_W}(?:({_NUM})\s+({_UNIT})\s+(later|earlier|plus tard|plus tôt|später|"
            rf"después|спустя)|the (next|following) day|le lendemain|la veille|am nächsten tag|"
            rf"al día siguiente|на следующий день)(?!\s+(?:than|que)\b){_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday_day",
        re.compile(
            rf"{_W}(?:(?:on|le|am|el|в|во)\s+)?(?:{_PARTS}\s+(?:on\s+)?)?{tr.WEEKDAY_RE},?\s*"
            rf"\(?(?:(?:{tr.MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:er|\.)?\s+"
            rf"(?:de\s+)?(?:{tr.MONTH_RE}))(?:,?\s+\d{{4}})?\)?",
            re.IGNORECASE,
        ),
    ),
    (
        "date_full",
        re.compile(
            rf"{_W}(?:(?:on|le|am|el|the)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s+(?:of\s+|de\s+)?"
            rf"(?:{tr.MONTH_RE})|(?:{tr.MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?{_E})"
            rf"(?:,?\s+(?:de\s+|del\s+)?\d{{4}})?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|{tr.LAST_WORDS}|{tr.NEXT_WORDS}|this|early|late|on|le|ce|am|"
            rf"el|в|во|в\s+эту|в\s+прошлую)\s+)*(?:on\s+)?{tr.WEEKDAY_RE}"
            rf"(?:\s+{_DP}|\s+soir|,?\s+(?:à|a)\s+)?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "dayword",
        re.compile(
            r"(?<![\w])(?:(?:late|early)\s+)?(?:the day before yesterday|(?:yesterday|tomorrow|today)"
            r"(?:\s+(?:morning|afternoon|evening|night))?|last night|overnight|tonight|demain|"
            r"(?:(?:earlier|later)\s+)?this (?:morning|afternoon|evening)|avant-hier|hier(?: soir)?|"
            r"aujourd'hui|aujourd’hui|ce soir|ce matin|vorgestern|gestern(?: abend)?|heute"
            r"(?: abend| morgen)?|anteayer|ayer|anoche|hoy|позавчера|вчера|сегодня)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_unit",
        re.compile(
            rf"{_W}(?:(?:earlier|later)\s+this|(?:the\s+)?(?:{tr.LAST_WORDS}|{tr.NEXT_WORDS})|"
            rf"this|ce|cette|"
            rf"diese[nmrs]?|este|esta|на\s+прошлой|в\s+прошлом|в\s+этом|на\s+этой)\s+"
            rf"(?:week|month|year|semaine|mois|année|an|woche|monat|jahr|semana|mes|año|"
            rf"неделе|месяце|году)(?:\s+(?:dernier|dernière|passé|passée|pasado|pasada|"
            rf"prochain|prochaine))?{_E}"
            rf"|{_W}(?:la\s+semaine|le\s+mois|l'an|l'année)\s+(?:dernière|dernier|passée|passé)"
            rf"{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "season",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|{tr.LAST_WORDS}|this|next|in|en|im|the)\s+)*{tr.SEASON_RE}"
            rf"(?:\s+(?:of\s+|de\s+)?\d{{4}})?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+(?=\w+\s))?(?:first|second|third|fourth)[\s-]+quarter(?:\s+of\s+\d{4}|\s+\d{4})?\b|"
            r"\bQ[1-4]\s+\d{4}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"{_W}(?:(?:{_PARTS}|in|en|im|the|last|next|this|past|coming)\s+)*(?:{tr.MONTH_RE})"
            rf"(?:,?\s+(?:of\s+|de\s+)?"
            rf"\d{{4}}|\s+(?:of\s+)?(?:last|this)\s+year|\s+de l'an dernier|"
            rf"\s+(?:del|de)\s+año\s+pasado|\s+letzten\s+jahres|\s+прошлого\s+года)?{_E}"
            r"(?!\.?\s+\d{1,2}(?:st|nd|rd|th)?(?![\d:.,]\d))",  # "the Oct. 23 attack": a day
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![\w$€£.,-])(?:(?:in|en|im|since|depuis|seit|desde|в|of)\s+)?(?:early\s+|late\s+|"
            r"the (?:end|beginning|start|middle) of\s+)?(?:fiscal\s+)?(?:1[6-9]\d\d|20[0-4]\d)"
            r"(?![\w%.,-]\d|\s*(?:%|percent|people|ships|tonnes|km|"
            r"euros?|dollars?|\$))(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    # English durations, sets, vague references, clock times, decades and centuries: after the
    # date kinds, which win ties.
    ("decade", re.compile(_DECADE, re.IGNORECASE)),
    ("holiday", re.compile(_HOLIDAY, re.IGNORECASE)),
    ("weekend", re.compile(_WEEKEND, re.IGNORECASE)),
    ("year_span", re.compile(_YEAR_SPAN)),
    ("clock", re.compile(_CLOCK_TIME, re.IGNORECASE)),
    ("set", re.compile(_SET, re.IGNORECASE)),
    ("duration", re.compile(_DURATION, re.IGNORECASE)),
    ("vague_duration", re.compile(_VAGUE_DURATION, re.IGNORECASE)),
    ("ref", re.compile(_REF, re.IGNORECASE)),
]

_ENT_START = re.compile(
    rf"(?i)\b(?:\d|{tr.MONTH_RE}|{tr.WEEKDAY_RE}|yesterday|today|tonight|last|this|next|early|"
    r"late|mid|earlier|later|the (?:day|week|month|year)|in \d)"
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2}|[.h]\s?\d{2})?\s*(?:[ap]\.?m\.?|h\b|uhr)|\b\d{1,2}:\d{2}\b", re.IGNORECASE
)
_DURATION_BEFORE = re.compile(
    r"(?:\bfor|\bduring|\bover|\bwithin|\bpendant|\bdurant|\bseit|\bwährend|\bdurante|"
    r"\bв течение)\s+(?:the\s+)?(?:past\s+|last\s+)?$",
    re.IGNORECASE,
)
_MONTHS_OF = re.compile(r"^\s+(?:of|de|d')\s", re.IGNORECASE)
_PAST_HINT = re.compile(
    r"\b(?:will|shall|is due|are due|plans? to|is set to)\b|"
    r"\b(?:va|vont|wird|werden|va a|van a|будет)\b",
    re.IGNORECASE,
)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, (len(text) if hi < 0 else hi)


def _is_stamp(text: str, start: int, end: int, kind: str) -> bool:
    """Publication/update stamps and page furniture: never an event date."""
    if kind == "stamp_meta":
        return True
    lo, hi = _line_bounds(text, start, end)
    line = text[lo:hi]
    rest = (text[lo:start] + " " + text[end:hi]).strip()
    if tr.STAMP_LINE.match(line) or "©" in line or re.search(r"\(c\)\s*\d{4}", line, re.IGNORECASE):
        return True
    if tr.ARCHIVE_NOTICE.search(line):
        return True
    # A line that is only a date/time (plus separators, clock times, weekday, "by", zones).
    leftover = _CLOCK.sub(" ", rest)
    leftover = re.sub(
        rf"(?i)\b(?:{tr.WEEKDAY_RE}|{tr.MONTH_RE}|edt|est|gmt|utc|cet|cest|bst|pst|et|msk|ist|"
        r"am|pm|updated|published|posted|le|à|a|at|on|by|um|uhr)\b|\d+",
        " ",
        leftover,
    )
    if len(re.sub(r"[\s|,.:;\-–—/•·()]+", "", leftover)) <= 2:
        return True
    # A full date followed directly by a clock time is a stamp, even inside a caption line.
    after = text[end : min(hi, end + 14)]
    return bool(
        re.match(r"[\s,|–—-]*\d{1,2}[:.]\d{2}", after) and re.search(r"\d{4}", text[start:end])
    )


def _tense(sentence: str) -> str:
    return "future" if _PAST_HINT.search(sentence) else "past"


def _tense_of(doc: Any, text: str, s: int, e: int, lang: str) -> str:
    """ "past" / "future" from the governing verb (English), else "future" when the sentence
    says so ("will", "plans to") and "unknown" otherwise (read as past, but a day-month weeks
    ahead may win)."""
    verb = _verb_tense(doc, s, e) if lang == "en" else None
    if verb is not None:
        return verb
    sent_lo, sent_hi = _sentence_bounds(doc, text, s)
    return "future" if _tense(text[sent_lo:sent_hi]) == "future" else "unknown"


_REPORTING = {"say", "tell", "report", "announce", "state", "claim", "confirm", "add"}


def _verb_tense(doc: Any, start: int, end: int) -> str | None:
    """Tense of the verb an English time expression depends on, from the parse, or None.

    "said Friday" -> "past", "will meet on Thursday" / "set to resume Monday" / "meet Monday"
    -> "future"; None when the parse says nothing (no verb, a participle, a reporting verb in the
    present tense).
    """
    if doc is None or not getattr(doc, "has_annotation", lambda _: False)("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root.head
    if tok.pos_ == "ADP" and tok.head is not tok:
        tok = tok.head  # "met on Friday": the verb above the preposition
    if tok.pos_ not in {"VERB", "AUX"}:
        return None  # "payable Dec. 7", "the Friday meeting": no verb of its own
    aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
    if aux & {"will", "shall", "'ll", "wo"} or any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children
    ):
        return "future"
    if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were"}):
        return "past"
    if tok.tag_ in {"VBZ", "VBP"} and not aux and tok.lemma_ not in _REPORTING:
        return "future"  # "the talks resume Monday"
    return None


def _sentence_bounds(doc: Any, text: str, start: int) -> tuple[int, int]:
    if doc is not None:
        try:
            for sent in doc.sents:
                if sent.start_char <= start < sent.end_char:
                    return sent.start_char, sent.end_char
        except ValueError:
            pass
    lo, hi = _line_bounds(text, start, start)
    return lo, hi


def _anchor_phrase(text: str, pos: int) -> tuple[int, int]:
    """The event phrase after "before"/"after": up to a clause break, at most ~10 words."""
    hi = len(text)
    m = re.search(
        r"[,;:.!?\n()“”\"]|\s(?:and|but|when|while|which|who|as|et|und|y|и)\s", text[pos:]
    )
    if m:
        hi = pos + m.start()
    words = list(re.finditer(r"\S+", text[pos:hi]))
    if len(words) > 10:
        hi = pos + words[9].end()
    return pos, hi


def _number(word: str) -> int:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return tr.NUMBER_WORDS.get(w, 1)


def find_times(
    doc: Any, article: Article, reference: str | None, reference_kind: str | None
) -> list[TimeMention]:
    """Find and resolve the time expressions of one article.

    Args:
        doc: the spaCy ``Doc`` of ``article.text`` (DATE/TIME entities and sentences are used
            when present), or None.
        article: the article; spans index into ``article.text``.
        reference: the date relative expressions count from, or None.
        reference_kind: how the reference was found ("published", "article_dates", ...).

    Returns:
        Time mentions in text order, without overlaps. Durations are skipped; anchored
        expressions keep ``value`` None with ``anchor_text`` and ``offset_days``.
    """
    text = article.text
    lang = (article.language or "en").lower()
    found: list[tuple[int, int, str, re.Match[str] | None]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if kind == "year_span":
                # "2009-2012", "2012-13": two years, each its own expression (TimeML)
                found.append((m.start("y1"), m.end("y1"), "year_part", m))
                found.append((m.start("y2"), m.end("y2"), "year_part", m))
                continue
            if kind == "iso" and _is_year_span(m.group(0)):
                continue
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1] in " ,(":
                e -= 1
            if e > s:
                found.append((s, e, kind, m))
    spans = [(f[3].start(), f[3].end()) for f in found if f[2] == "year_part" and f[3]]
    if doc is not None:
        for ent in getattr(doc, "ents", ()):
            if any(a < ent.end_char and ent.start_char < b for a, b in spans):
                continue  # "2009-2012": the two years are the expressions
            if ent.label_ == "DATE":
                # Trim leading words that are no part of the date ("their end of the 2015").
                lead = _ENT_START.search(ent.text)
                if lead is not None:
                    found.append((ent.start_char + lead.start(), ent.end_char, "ent", None))
    # Longest first, then keep non-overlapping (regex kinds win ties over spaCy entities).
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2] == "ent", f[0]))
    chosen: list[tuple[int, int, str, re.Match[str] | None]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    chosen.sort(key=lambda f: f[0])

    out: list[TimeMention] = []
    prev_value: str | None = None
    queue = list(chosen)
    while queue:
        s, e, kind, m = queue.pop(0)
        try:
            mention = _make_mention(
                doc, article, text, s, e, kind, m, reference, reference_kind, lang, prev_value
            )
        except (ValueError, OverflowError) as exc:
            log.debug("skipping time %r in %s: %s", text[s:e], article.id, exc)
            mention = None
        if mention is None:
            if kind == "ent":
                # a spaCy entity that resolves to nothing ("between 1985 and 1987") gives way
                # to the regex matches inside it
                queue[:0] = _inner_candidates(found, s, e)
            continue
        out.append(mention)
        if mention.value and not mention.is_stamp:
            prev_value = mention.value
    return out


def _inner_candidates(
    found: list[tuple[int, int, str, re.Match[str] | None]], s: int, e: int
) -> list[tuple[int, int, str, re.Match[str] | None]]:
    """Non-overlapping regex candidates inside ``[s, e)``, longest first, in text order."""
    inner: list[tuple[int, int, str, re.Match[str] | None]] = []
    for f in found:  # already sorted longest first
        inside = f[2] != "ent" and s <= f[0] and f[1] <= e and (f[0], f[1]) != (s, e)
        if inside and all(f[1] <= c[0] or f[0] >= c[1] for c in inner):
            inner.append(f)
    return sorted(inner, key=lambda f: f[0])


def _is_year_span(expr: str) -> bool:
    """ "2012-13" (a season, a fiscal year) rather than December 2012."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", expr)
    return m is not None and int(m.group(2)) == (int(m.group(1)) + 1) % 100


# English prepositions that open a matched expression but are not part of it (TimeML spans);
# resolution has seen them already ("in May" vs the verb "may").
# "the" before a month too: "the Aug. 7 meeting" -> "Aug. 7" (TimeML leaves the article out).
_LEADING_PREPOSITION = re.compile(
    rf"(?:on|in|at|during|since|of|the(?=\s+(?:{tr.MONTH_RE})\.?\s))\s+", re.IGNORECASE
)


def _make_mention(
    doc: Any,
    article: Article,
    text: str,
    s: int,
    e: int,
    kind: str,
    m: re.Match[str] | None,
    reference: str | None,
    reference_kind: str | None,
    lang: str,
    prev_value: str | None,
) -> TimeMention | None:
    expr = text[s:e]
    if re.search(r"(?<![\w])(?:march|may)(?![\w])", expr) and kind in {
        "month_year",
        "date_full",
        "weekday_day",
        "season",
        "ent",
    }:
        return None  # lowercase "march"/"may" are a noun and a verb, not months
    before = text[max(0, s - 40) : s]
    if kind in _EXTRA_KINDS:
        return _extra_mention(
            article, text, s, e, kind, m, reference, reference_kind, lang,
            _tense_of(doc, text, s, e, lang), _is_stamp(text, s, e, kind),
        )  # fmt: skip
    if (
        kind == "ent"
        and _DURATION_BEFORE.search(before)
        and not re.search(rf"(?i)\d{{4}}|{tr.MONTH_RE}|{tr.WEEKDAY_RE}", expr)
    ):
        return None
    if kind in {"ent", "month_year", "season"} and re.search(
        rf"(?i)^\s*(?:{_NUM}|several|many|few)\s+(?:{_UNIT})\b", expr
    ):
        return None  # "three months of talks": a duration, not a date
    if kind in {"season", "ent"} and re.fullmatch(r"(?i)falls?", expr.strip()):
        return None  # "prices fall": a verb; "last fall", "in the fall" keep their words
    if kind == "ent" and not re.search(
        rf"(?i)\d|{tr.MONTH_RE}|{tr.WEEKDAY_RE}|yesterday|today|tonight|week|month|year",
        expr,
    ):
        return None
    if kind == "month_year" and re.fullmatch(
        r"(?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)", expr.strip(), re.IGNORECASE
    ):
        return None  # a bare abbreviation without its period is a name ("Jan"), not a month
    if (
        kind == "month_year"
        and _MONTHS_OF.match(text[e : e + 5]) is None
        and re.fullmatch(r"(?i)may|mar\.?|mai", expr.strip())
    ):
        return None
    stamp = _is_stamp(text, s, e, kind)
    tense = _tense_of(doc, text, s, e, lang)
    anchor_text: str | None = None
    offset: int | None = None
    value: str | None
    kind_out = reference_kind
    ref_out = reference
    if kind in {"anchor", "day_anchor"} and m is not None:
        if kind == "anchor":
            n = _number(m.group(1)) * tr.UNIT_DAYS.get(m.group(2).lower(), 1)
            word = m.group(3).lower()
        else:
            n = {"day": 1, "night": 1, "morning": 1, "evening": 1, "week": 7}[m.group(1).lower()]
            word = m.group(2).lower()
        sign = 1 if word in {"after", "après", "nach", "después de", "после", "following"} else -1
        a_lo, a_hi = _anchor_phrase(text, e)
        anchor_text = text[a_lo:a_hi].strip()
        if not anchor_text:
            return None
        # The expression dates its sentence's event relative to the anchor event:
        # "four days before the invasion" -> sentence date = invasion date - 4.
        offset = sign * n
        e = a_hi
        value, kind_out, ref_out = None, "event", None
    elif kind == "later" and m is not None:
        if m.group(1):
            n = _number(m.group(1)) * tr.UNIT_DAYS.get(m.group(2).lower(), 1)
            sign = -1 if m.group(3).lower() in {"earlier", "plus tôt"} else 1
        else:
            low = expr.lower()
            n, sign = 1, (-1 if "veille" in low else 1)
        if prev_value is None:
            return None
        per = tr.UNIT_DAYS.get(m.group(2).lower(), 1) if m.group(1) else 1
        then = value_start(prev_value) + timedelta(days=sign * n)
        # "a year earlier" is a year and "two months later" a month, never a fake day
        value = _unit_value(then, per, n) if per >= 28 else _iso(then)
        kind_out, ref_out = "event", prev_value.split("/")[0]
    elif kind == "ago" and m is not None:
        num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        per = tr.UNIT_DAYS.get(unit.lower(), 1)
        n = _number(num) * per
        ref = _parse_ref(reference)
        # the unit sets the granularity: "four years ago" is a year, never a fake day
        value = None if ref is None else _unit_value(ref - timedelta(days=n), per, n)
    else:
        value = resolve_expression(expr, reference, lang, tense)
        if value is None and kind == "ent":
            return None
        if value is not None and "/" not in value and not _ISO_DAY.match(value):
            return None
        if value is not None and re.search(r"\d{4}", expr):
            kind_out = "absolute"  # the text states the year: no reference was needed
    lead = _LEADING_PREPOSITION.match(text, s, e)
    if lead and lead.end() < e and anchor_text is None:
        # "on Friday" -> "Friday": the preposition signals, it is no part of the date
        s = lead.end()
    if kind == "relative_unit" and lang == "en":
        early = re.match(r"(?i)(?:earlier|later)\s+(?=this\s)", text[s:e])
        s += early.end() if early else 0  # "earlier this week" -> "this week" (TimeML)
    if anchor_text is None and re.search(r"['’]s$", text[s:e]) and e - s > 2:
        e -= 2  # "last year's results" -> "last year"
    part_of_day = _part_of_day(expr) if lang == "en" and kind in {"weekday", "dayword"} else None
    return TimeMention(
        article=article.id,
        start=s,
        end=e,
        text=text[s:e],
        value=value,
        reference=ref_out,
        reference_kind=kind_out,
        anchor_text=anchor_text,
        offset_days=offset,
        is_stamp=stamp,
        kind="time" if part_of_day else "date",
        time_of_day=part_of_day,
    )


def _unit_value(then: date, per: int, n: int) -> str:
    """``then`` at the granularity of the unit that reached it (year, month, week or day)."""
    if per >= 365:
        return _year_range(then.year)
    if per >= 28 or n >= 30:
        return _month_range(then.year, then.month)
    if per >= 7:
        monday = then - timedelta(days=then.weekday())
        return f"{_iso(monday)}/{_iso(monday + timedelta(days=6))}"
    return _iso(then)


def _part_of_day(expr: str) -> str | None:
    """TimeML part-of-day code of an English expression ("Friday night" -> "NI"), or None."""
    low = expr.lower()
    for code, rx in _PARTS_OF_DAY:
        if re.search(rx, low):
            return code
    return None


# --------------------------------------------------------------------------- durations, sets

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


# --------------------------------------------------------------------------- reference


def infer_reference(article: Article, doc: Any) -> tuple[str | None, str | None]:
    """The date an article's relative expressions count from, and where it came from.

    ``(article.published, "published")`` when set; else a date the article states: a full-day
    stamp near the top, else the latest full explicit date in the body, else a weekday + day pair
    ("Wednesday (July 6)") placed in a year near the other years the text states (or the current
    year of its other dates); else ``(None, None)``.

    Args:
        article: the article.
        doc: its spaCy ``Doc`` (unused beyond sentence bounds), or None.

    Returns:
        ``(YYYY-MM-DD | None, kind | None)``.
    """
    if article.published and _parse_ref(article.published):
        return article.published[:10], "published"
    text = article.text
    stamps: list[date] = []
    full: list[date] = []
    for kind in ("stamp_meta", "iso", "numeric", "date_full"):
        rx = dict(_PATTERNS)[kind]
        for m in rx.finditer(text):
            expr = m.group(0)
            if kind == "date_full" and not re.search(r"\d{4}", expr):
                continue
            value = resolve_expression(expr, None, (article.language or "en"), "past")
            if not value or "/" in value:
                continue
            d = date.fromisoformat(value)
            if _is_stamp(text, m.start(), m.end(), kind):
                stamps.append(d)
            else:
                full.append(d)
    if stamps:
        return _iso(max(stamps)), "article_dates"
    if full:
        return _iso(max(full)), "article_dates"
    pair = _weekday_pair_date(text)
    if pair is not None:
        return _iso(pair), "article_dates"
    return None, None


_RX_WEEKDAY_PAIR = re.compile(
    rf"(?i){_W}({tr.WEEKDAY_RE}),?\s*\(?(?:({tr.MONTH_RE})\.?\s+(\d{{1,2}})|(\d{{1,2}})(?:er|\.)?"
    rf"\s+(?:de\s+)?({tr.MONTH_RE}))"
)


def _weekday_pair_date(text: str) -> date | None:
    """Date of the latest "Wednesday (July 6)" pair: the year near the stated years whose
    calendar puts that day on that weekday."""
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)]
    hint = max(years) if years else date.today().year
    best: date | None = None
    for m in _RX_WEEKDAY_PAIR.finditer(text):
        wd = tr.weekday_number(m.group(1))
        month = tr.month_number(m.group(2) or m.group(5))
        day = int(m.group(3) or m.group(4))
        if wd is None or month is None:
            continue
        for y in sorted(range(hint - 6, hint + 7), key=lambda y: (abs(y - hint), -y)):
            d = _safe_date(y, month, day)
            if d is not None and d.weekday() == wd:
                best = d if best is None or d > best else best
                break
    return best


def weekday_pair_dates(text: str, reference: date) -> list[date]:
    """Every weekday + day pair of ``text`` placed in the year nearest ``reference``."""
    out = []
    for m in _RX_WEEKDAY_PAIR.finditer(text):
        wd = tr.weekday_number(m.group(1))
        month = tr.month_number(m.group(2) or m.group(5))
        if wd is None or month is None:
            continue
        day = int(m.group(3) or m.group(4))
        for y in sorted(
            range(reference.year - 6, reference.year + 7), key=lambda y: abs(y - reference.year)
        ):
            d = _safe_date(y, month, day)
            if d is not None and d.weekday() == wd:
                out.append(d)
                break
    return out
