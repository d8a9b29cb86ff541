"""Build one ``TimeMention`` from a candidate match: stamps, tense, anchors and span trimming.

``_make_mention`` filters false candidates ("may" the verb, "three months of talks"), decides
whether a match is a publication stamp (``_is_stamp``), reads the tense of the governing verb
(``_tense_of``), resolves "ago"/"later"/anchored expressions itself and every other date kind with
``resolve_expression``, and trims the span to TimeML's extent. The English extras go to
``time_extras._extra_mention``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from storyline.analyze import temporal_rules as tr
from storyline.analyze.cues import COMPLEMENTISER_RE
from storyline.analyze.date_resolution import (
    _iso,
    _month_range,
    _parse_ref,
    _year_range,
    resolve_expression,
    value_start,
)
from storyline.analyze.time_extras import _EXTRA_KINDS, _extra_mention
from storyline.analyze.time_patterns import (
    _CLOCK,
    _DURATION_BEFORE,
    _MONTHS_OF,
    _NUM,
    _PAST_HINT,
    _UNIT,
)
from storyline.records import Article, TimeMention

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTS_OF_DAY = (
    ("MO", r"\bmornings?\b"),
    ("AF", r"\b(?:mid-?\s?)?afternoons?\b"),
    ("EV", r"\bevenings?\b"),
    ("NI", r"\b(?:nights?|tonight|overnight)\b"),
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
    # the clause the expression stands in, between complementisers: "a déclaré mercredi que le
    # gouvernement va négocier" is said on a past Wednesday, whatever the clause after "que"
    # will do
    lo = max([sent_lo] + [m.end() for m in COMPLEMENTISER_RE.finditer(text, sent_lo, s)])
    after = COMPLEMENTISER_RE.search(text, e, sent_hi)
    hi = after.start() if after is not None else sent_hi
    return "future" if _tense(text[lo:hi]) == "future" else "unknown"


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
    if tok.pos_ == "ADP" and tok.head.i != tok.i:
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
