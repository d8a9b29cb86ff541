"""Time expressions: find them, resolve them to absolute dates, flag page stamps.

Resolution is a rule layer over the reference date (an argument, never global state) for what
general parsers get wrong — weekdays relative to the reference (past tense looks back), "late on
Sunday", "last month", "earlier this week", month-day without a year, parts of months, years —
with dateparser for explicit dates in its languages. Values are ``YYYY-MM-DD`` or an inclusive
range ``YYYY-MM-DD/YYYY-MM-DD`` at the granularity the text gives (never a fake day).
Relative anchors ("four days before Russia's invasion") keep their anchor and offset until the
anchor's date is known (``reconcile/timeline.py``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from storyline.records import Article, TimeMention

# --------------------------------------------------------------------------- vocabularies

MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
):
    for _i, _m in enumerate(_names.split()):
        MONTHS.setdefault(_m, _i + 1)
for _m, _i in list(MONTHS.items()):
    if re.fullmatch(r"[a-zäéû]+", _m) and len(_m) > 4:
        MONTHS.setdefault(_m[:3], _i)
MONTHS.update({"sept": 9, "févr": 2, "janv": 1, "avr": 4, "juil": 7, "déc": 12, "okt": 10,
               "dez": 12, "mär": 3, "ene": 1, "dic": 12, "ago": 8, "abr": 4, "märz": 3})

WEEKDAYS: dict[str, int] = {}
for _names in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lunes martes miércoles jueves viernes sábado domingo",
    "понедельник вторник среду четверг пятницу субботу воскресенье",
    "понедельник вторник среда четверг пятница суббота воскресенье",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
):
    for _i, _w in enumerate(_names.split()):
        WEEKDAYS.setdefault(_w, _i)
WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
                 "fri": 4, "sat": 5, "sun": 6})

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "several": 3, "few": 3, "couple": 2}
UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30,
             "year": 365, "years": 365, "hours": 0, "hour": 0}

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted((re.escape(w) for w in WEEKDAYS if len(w) > 3), key=len,
                              reverse=True))
_NUM_RE = r"(?:\d+|" + "|".join(NUMBERS) + r")"

# --------------------------------------------------------------------------- patterns

_PATTERNS = [
    # "four days before Russia's invasion of Ukraine", "the day after the vote"
    rf"\b(?:(?:just|only|some|about)\s+)?(?:{_NUM_RE}\s+(?:days?|weeks?|months?|years?)|the\s+day"
    rf"|a\s+day|the\s+week)\s+(?:before|after|prior\s+to|ahead\s+of|following)\s+"
    rf"(?:the\s+|a\s+|an\s+)?[\w’'\-]+(?:\s+(?!and\b|but\b|when\b|as\b)[\w’'\-]+){{0,6}}",
    # full dates: "February 20, 2022", "Feb. 20", "Wednesday (July 6)"
    rf"\b(?:(?:{_WEEKDAY_RE}),?\s*\(?)?(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\)?"
    rf"(?:,?\s+\d{{4}})?",
    # "20 February 2022", "le 24 février", "20. Februar", "el 20 de febrero", "20 февраля"
    rf"\b\d{{1,2}}(?:er|\.|º)?\s+(?:de\s+)?(?:{_MONTH_RE})\.?(?:\s+(?:de\s+|del\s+)?\d{{4}})?"
    rf"(?:\s+года|\s+г\.)?",
    # ISO and numeric dates
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b",
    # parts of months: "late June", "early last month", "mid-June 2022", "end of March"
    rf"\b(?:late|early|mid|end\s+of|beginning\s+of|fin|début|mi|ende|anfang|mitte|finales\s+de"
    rf"|principios\s+de|mediados\s+de|конце|начале|середине)[\s-]+(?:(?:de\s+)?(?:{_MONTH_RE})"
    rf"(?:\s+\d{{4}})?|last\s+month|this\s+month|next\s+month)",
    # month (+ year): "in June", "June 2022", "en février", "im Februar"
    rf"\b(?:in|en|im|au\s+mois\s+de|в)\s+(?:{_MONTH_RE})(?:\s+(?:de\s+)?\d{{4}})?\b",
    rf"\b(?:{_MONTH_RE})\s+\d{{4}}\b",
    # weekdays with parts of day: "late on Sunday", "Sunday night", "mardi après-midi"
    rf"\b(?:(?:late|early)\s+(?:on\s+)?)?(?:last\s+|next\s+|this\s+|on\s+)?(?:{_WEEKDAY_RE})"
    rf"(?:\s+(?:morning|afternoon|evening|night|matin|après-midi|soir|soirée|abend|morgen"
    rf"|nachmittag|por\s+la\s+(?:mañana|tarde|noche)))?\b",
    # relative words
    r"\b(?:yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|this\s+week|last\s+week"
    r"|next\s+week|earlier\s+this\s+week|earlier\s+this\s+month|later\s+this\s+week|last\s+month"
    r"|this\s+month|next\s+month|last\s+year|this\s+year|next\s+year|hier|aujourd'hui|demain"
    r"|hier\s+soir|cette\s+semaine|la\s+semaine\s+dernière|le\s+mois\s+dernier|l'an\s+dernier"
    r"|gestern|heute|morgen|letzte\s+woche|vergangene\s+woche|ayer|hoy|mañana|anoche"
    r"|la\s+semana\s+pasada|el\s+mes\s+pasado|вчера|сегодня|завтра|на\s+прошлой\s+неделе)\b",
    rf"\b{_NUM_RE}\s+(?:days?|weeks?|months?|years?)\s+ago\b",
    # years: "in 2020", "since 2015"
    r"\b(?:in|since|by|en|im|desde|в|depuis|seit)\s+(?:19|20)\d{2}\b",
]
_TIME_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.I | re.U)

_STAMP_WORDS = re.compile(
    r"\b(updated|published|posted|last\s+modified|©|copyright|publié|mis\s+à\s+jour|actualisé"
    r"|aktualisiert|veröffentlicht|publicado|actualizado|опубликовано|обновлено|date)\b|©",
    re.I | re.U,
)
_FUTURE = re.compile(r"\b(will|would|shall|going\s+to|plans?\s+to|expected\s+to|is\s+due|va|"
                     r"wird|werden|va\s+a|будет)\b", re.I)


# --------------------------------------------------------------------------- date helpers


def _iso(d: date) -> str:
    return d.isoformat()


def _range(a: date, b: date) -> str:
    return _iso(a) if a == b else f"{_iso(a)}/{_iso(b)}"


def _month_range(y: int, m: int, part: str | None = None) -> str:
    last = calendar.monthrange(y, m)[1]
    lo, hi = 1, last
    if part == "early":
        lo, hi = 1, 10
    elif part == "mid":
        lo, hi = 11, 20
    elif part == "late":
        lo, hi = 21, last
    return _range(date(y, m, lo), date(y, m, hi))


def _part(text: str) -> str | None:
    t = text.lower()
    if re.search(r"\b(late|end\s+of|fin|ende|finales|конце)\b", t):
        return "late"
    if re.search(r"\b(early|beginning|début|anfang|principios|начале)\b", t):
        return "early"
    if re.search(r"\b(mid|mitte|mediados|середине)\b|\bmi-", t):
        return "mid"
    return None


def _nearest_year(ref: date, month: int, day: int, tense: str) -> date | None:
    """The month-day nearest the reference, preferring the past (or the future) by tense."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cands.append(date(y, month, min(day, calendar.monthrange(y, month)[1])))
        except ValueError:
            continue
    if not cands:
        return None
    slack = timedelta(days=7)
    if tense == "future":
        future = [c for c in cands if c >= ref - slack]
        return min(future, key=lambda c: abs(c - ref)) if future else None
    past = [c for c in cands if c <= ref + slack]
    return min(past, key=lambda c: abs(c - ref)) if past else None


def _weekday_date(ref: date, weekday: int, tense: str, modifier: str = "") -> date:
    if modifier == "next" or (tense == "future" and modifier != "last"):
        delta = (weekday - ref.weekday()) % 7
        return ref + timedelta(days=delta or (7 if modifier == "next" else 0))
    delta = (ref.weekday() - weekday) % 7
    if modifier == "last" and delta == 0:
        delta = 7
    return ref - timedelta(days=delta)


def _number(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return NUMBERS.get(w)


def parse_anchor(text: str) -> tuple[int, str] | None:
    """("four days before Russia's invasion") -> (-4, "Russia's invasion")."""
    m = re.match(
        rf"^(?:(?:just|only|some|about)\s+)?(?:(?P<n>{_NUM_RE})\s+(?P<u>days?|weeks?|months?|years?)"
        rf"|(?:the|a)\s+(?P<u2>day|week))\s+(?P<rel>before|after|prior\s+to|ahead\s+of|following)"
        rf"\s+(?P<what>.+)$",
        text.strip(), re.I | re.U,
    )
    if not m:
        return None
    n = _number(m.group("n")) if m.group("n") else 1
    unit = (m.group("u") or m.group("u2") or "day").lower()
    if n is None:
        return None
    days = n * UNIT_DAYS.get(unit, 1)
    sign = -1 if m.group("rel").lower() in ("before", "prior to", "ahead of") else 1
    what = re.sub(r"^(the|a|an)\s+", "", m.group("what").strip(), flags=re.I)
    return sign * days, what


# --------------------------------------------------------------------------- resolution


def resolve_expression(text: str, reference: str | None, lang: str = "en",
                       tense: str = "past") -> str | None:
    """Resolve one time expression against ``reference`` (``YYYY-MM-DD``).

    Returns ``YYYY-MM-DD``, an inclusive range ``YYYY-MM-DD/YYYY-MM-DD``, or None (unresolvable,
    or an anchor that needs another event's date).
    """
    t = " ".join(text.lower().replace("’", "'").split())
    ref = date.fromisoformat(reference) if reference else None
    if parse_anchor(t):
        return None
    # explicit numeric dates
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", t)
    if m:
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    year_m = re.search(r"\b((?:19|20)\d{2})\b", t)
    year = int(year_m.group(1)) if year_m else None
    month = day = None
    mm = re.search(rf"(?<!\w)({_MONTH_RE})(?!\w)", t)
    if mm:
        month = MONTHS[mm.group(1)]
        dm = re.search(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?{re.escape(mm.group(1))}"
                       rf"|{re.escape(mm.group(1))}\.?\s+(\d{{1,2}})(?!\d)", t)
        if dm:
            day = int(dm.group(1) or dm.group(2))
    if month and day:
        if year:
            return _safe_date(year, month, day)
        if ref is None:
            wd = re.search(rf"(?<!\w)({_WEEKDAY_RE})(?!\w)", t)
            return None if not wd else None
        d = _nearest_year(ref, month, day, tense)
        return _iso(d) if d else None
    if month:
        part = _part(t)
        if year:
            return _month_range(year, month, part)
        if ref is None:
            return None
        y = ref.year
        if tense != "future" and month > ref.month:
            y -= 1
        if tense == "future" and month < ref.month:
            y += 1
        return _month_range(y, month, part)
    if year and not re.search(r"\b(ago|last|next)\b", t):
        return _range(date(year, 1, 1), date(year, 12, 31))
    if ref is None:
        return None
    return _relative(t, ref, tense)


def _safe_date(y: int, m: int, d: int) -> str | None:
    try:
        return _iso(date(y, m, d))
    except ValueError:
        return None


def _relative(t: str, ref: date, tense: str) -> str | None:
    wd = re.search(rf"(?<!\w)({_WEEKDAY_RE})(?!\w)", t)
    if wd:
        mod = "last" if re.search(r"\blast\b", t) else "next" if re.search(r"\bnext\b", t) else ""
        return _iso(_weekday_date(ref, WEEKDAYS[wd.group(1)], tense, mod))
    m = re.search(rf"\b({_NUM_RE})\s+(days?|weeks?|months?|years?)\s+ago\b", t)
    if m:
        n = _number(m.group(1)) or 1
        return _iso(ref - timedelta(days=n * UNIT_DAYS[m.group(2)]))
    one_day = {
        -1: r"yesterday|last night|hier|gestern|ayer|anoche|вчера",
        0: r"today|tonight|this morning|this evening|aujourd'hui|heute|hoy|сегодня",
        1: r"tomorrow|demain|morgen|mañana|завтра",
    }
    for delta, pat in one_day.items():
        if re.search(rf"(?<!\w)(?:{pat})(?!\w)", t):
            return _iso(ref + timedelta(days=delta))
    monday = ref - timedelta(days=ref.weekday())
    if re.search(r"earlier this week", t):
        return _range(monday, max(monday, ref - timedelta(days=1)))
    if re.search(r"this week|cette semaine", t):
        return _range(monday, monday + timedelta(days=6))
    if re.search(r"last week|la semaine dernière|letzte woche|vergangene woche|semana pasada"
                 r"|прошлой неделе", t):
        return _range(monday - timedelta(days=7), monday - timedelta(days=1))
    if re.search(r"next week", t):
        return _range(monday + timedelta(days=7), monday + timedelta(days=13))
    first = ref.replace(day=1)
    if re.search(r"last month|le mois dernier|el mes pasado", t):
        prev = first - timedelta(days=1)
        return _month_range(prev.year, prev.month, _part(t))
    if re.search(r"earlier this month", t):
        return _range(first, max(first, ref - timedelta(days=1)))
    if re.search(r"this month", t):
        return _month_range(ref.year, ref.month, _part(t))
    if re.search(r"next month", t):
        nxt = first + timedelta(days=32)
        return _month_range(nxt.year, nxt.month, _part(t))
    if re.search(r"last year|l'an dernier", t):
        return _range(date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31))
    if re.search(r"this year", t):
        return _range(date(ref.year, 1, 1), date(ref.year, 12, 31))
    if re.search(r"next year", t):
        return _range(date(ref.year + 1, 1, 1), date(ref.year + 1, 12, 31))
    return _dateparser(t, ref)


def _dateparser(t: str, ref: date) -> str | None:
    """Explicit dates the rules above do not know, through dateparser (day precision only)."""
    if not re.search(r"\d", t):
        return None
    parsed = _dp_parse(t, ref.isoformat())
    return parsed


@lru_cache(maxsize=4096)
def _dp_parse(t: str, ref_iso: str) -> str | None:
    import dateparser
    from datetime import datetime

    try:
        d = dateparser.parse(t, settings={
            "RELATIVE_BASE": datetime.fromisoformat(ref_iso), "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month"], "STRICT_PARSING": False})
    except (ValueError, OverflowError, TypeError):
        return None
    return d.date().isoformat() if d else None


# --------------------------------------------------------------------------- finding


def _tense(doc: Any, start: int, end: int, text: str) -> str:
    """Future when the clause around the expression is future, else past."""
    sent_text = text[start:end]
    if doc is not None and doc.has_annotation("MORPH"):
        for tok in doc:
            if start <= tok.idx < end and "Fut" in tok.morph.get("Tense"):
                return "future"
    return "future" if _FUTURE.search(sent_text) else "past"


def _line_of(text: str, pos: int) -> tuple[int, int, int]:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le == -1 else le
    return ls, le, text.count("\n", 0, ls)


def is_stamp(text: str, start: int, end: int) -> bool:
    """A publication/update stamp or page furniture: a short line made mostly of the date, near
    the top or bottom, or a line that says "updated", "published", "©"."""
    ls, le, line_no = _line_of(text, start)
    line = text[ls:le].strip()
    total_lines = text.count("\n") + 1
    rest = (text[ls:start] + text[end:le]).strip()
    wordy = len(re.findall(r"[^\W\d_]{3,}", rest))
    # "Updated 8 July 2022", "Published: …", "© 2022", an archive notice: short, says so.
    if _STAMP_WORDS.search(line) and (wordy <= 6 or re.match(r"^\W*(updated|published|posted|"
                                      r"publié|mis à jour|prenez note)", line, re.I)):
        return True
    if len(line) <= 70 and wordy <= 3 and (line_no < 15 or line_no > total_lines - 6):
        return True
    return False


def find_times(doc: Any, article: Article, reference: str | None,
               reference_kind: str | None) -> list[TimeMention]:
    """Time expressions of the article, resolved against ``reference`` where possible."""
    text = article.text
    lang = (article.language or "en").lower()
    spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in _TIME_RE.finditer(text)]
    if doc is not None and doc.has_annotation("ENT_IOB"):
        for ent in doc.ents:
            if ent.label_ == "DATE" and re.search(r"\d|[A-Za-z]{3}", ent.text):
                spans.append((ent.start_char, ent.end_char))
    spans = _merge(spans)
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc is not None else []
    out = []
    for s, e in spans:
        expr = text[s:e].strip()
        if not expr or _is_duration(text, s, e):
            continue
        ss, se = next(((a, b) for a, b in sents if a <= s < b), (s, e))
        tense = _tense(doc, ss, se, text)
        anchor = parse_anchor(expr)
        value = resolve_expression(expr, reference, lang, tense)
        if value is None and anchor is None and not re.search(r"\d", expr) and reference is None:
            pass  # relative expression without a reference: kept, resolved per story later
        out.append(TimeMention(
            article=article.id, start=s, end=e, text=text[s:e], value=value,
            reference=reference, reference_kind=reference_kind if value else None,
            anchor_text=anchor[1] if anchor else None, offset_days=anchor[0] if anchor else None,
            is_stamp=is_stamp(text, s, e),
        ))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans become their union."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _is_duration(text: str, s: int, e: int) -> bool:
    """"for two hours", "three months of talks": a length of time, not a date."""
    before = text[max(0, s - 12):s].lower()
    expr = text[s:e].lower()
    if re.search(r"\b(for|during|over|within|lasting)\s+$", before) and re.match(
            rf"^{_NUM_RE}\s+(?:days?|weeks?|months?|years?|hours?)$", expr):
        return True
    return bool(re.fullmatch(rf"{_NUM_RE}\s+(?:days?|weeks?|months?|years?|hours?)", expr))


def infer_reference(article: Article, doc: Any) -> tuple[str | None, str | None]:
    """The date relative expressions resolve against, and where it came from.

    The publication date when known; else the latest full date the article states (a weekday
    with a month-day, "Wednesday (July 6)", fixes the year through the years the text names);
    else (None, None) and the story supplies one later.
    """
    if article.published:
        return article.published, "published"
    text = article.text
    full: list[date] = []
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text)]
    for m in _TIME_RE.finditer(text):
        expr = m.group(0)
        if is_stamp(text, m.start(), m.end()) or parse_anchor(expr):
            continue
        low = expr.lower()
        mm = re.search(rf"(?<!\w)({_MONTH_RE})(?!\w)", low)
        dd = re.search(r"(?<![\d-])(\d{1,2})(?![\d-])", low)
        yy = re.search(r"\b((?:19|20)\d{2})\b", low)
        if not (mm and dd):
            continue
        month, day = MONTHS[mm.group(1)], int(dd.group(1))
        if yy:
            v = _safe_date(int(yy.group(1)), month, day)
            if v:
                full.append(date.fromisoformat(v))
            continue
        wd = re.search(rf"(?<!\w)({_WEEKDAY_RE})(?!\w)", low) or re.search(
            rf"(?<!\w)({_WEEKDAY_RE})(?!\w)\W{{0,4}}$", text[max(0, m.start() - 16):m.start()].lower())
        if wd and years:
            for y in range(max(years), max(years) + 8):
                v = _safe_date(y, month, day)
                if v and date.fromisoformat(v).weekday() == WEEKDAYS[wd.group(1)]:
                    full.append(date.fromisoformat(v))
                    break
    if full:
        return max(full).isoformat(), "article_dates"
    return None, None
