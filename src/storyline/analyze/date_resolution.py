"""Resolve a time expression to an absolute date value (the rule layer behind ``dates``).

``resolve_expression`` is pure: the reference date is an argument (never dateparser's global
settings). A rule layer handles what dateparser gets wrong (weekdays relative to the reference,
"late on Sunday", month-day without a year, "late June", seasons, quarters, "last week", in the
five languages of ``temporal_rules``), then dateparser resolves explicit absolute dates. Values are
``YYYY-MM-DD`` or an inclusive range ``YYYY-MM-DD/YYYY-MM-DD`` at the expression's granularity; a
month is never turned into a fake day. The value helpers here (``shift_value``, ``value_start``,
``_range`` ...) are shared by the finding modules.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from storyline.analyze import temporal_rules as tr

log = logging.getLogger(__name__)

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
# Chinese, Japanese and Korean write a date by its numbers: "3月15日", "2023年3月15日", "3월 15일"
_RX_CJK_DATE = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
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

    m = _RX_CJK_DATE.search(t)
    if m:
        month, day = int(m.group(2)), int(m.group(3))
        if m.group(1):
            d = _safe_date(int(m.group(1)), month, day)
            return _iso(d) if d else None
        d = _nearest_year(month, day, ref, tense) if ref is not None and 1 <= month <= 12 else None
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


@lru_cache(maxsize=8192)
def _resolve_dateparser(t: str, ref: date | None, lang: str) -> str | None:
    """dateparser's reading of a full date that states its year (cached: the same stamps and
    dates recur across a batch, and one parse costs milliseconds)."""
    if not _RX_YEAR.search(t):
        return None  # no year written: never a full date here, so dateparser is not asked
    import dateparser

    base = datetime(ref.year, ref.month, ref.day) if ref else datetime(2000, 1, 1)
    langs = [lang] if lang in {"en", "fr", "de", "es", "ru", "it", "pt", "nl"} else None
    settings: Any = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    found = dateparser.parse(t, languages=langs, settings=settings)
    if found is None:
        return None
    return _iso(found.date())
