"""Time expressions: find them in an article and resolve them to absolute dates.

``resolve_expression`` is pure: the reference date is an argument (never dateparser's global
settings). A rule layer handles what dateparser gets wrong (weekdays relative to the reference,
"late on Sunday", month-day without a year, "late June", seasons, quarters, "last week"), then
dateparser resolves explicit absolute dates. Values are ``YYYY-MM-DD`` or an inclusive range
``YYYY-MM-DD/YYYY-MM-DD`` at the expression's granularity; a month is never turned into a fake day.

``find_times`` finds the expressions (regex patterns in five languages plus spaCy DATE entities),
marks publication stamps and page furniture (``is_stamp``), and keeps relative anchors such as
"four days before Russia's invasion of Ukraine" unresolved with ``anchor_text``/``offset_days``.
``infer_reference`` picks the date an article's relative expressions count from.

This module is the public entry; the work is split by concern:

* ``date_resolution``: ``resolve_expression``, its rule layer and the value helpers
  (``shift_value``, ``value_start``);
* ``time_patterns``: the candidate patterns of every kind, in the five languages;
* ``time_mentions``: one candidate match -> ``TimeMention`` (stamps, tense, anchors, trimming);
* ``time_extras``: English durations, sets, clock times, decades, holidays, weekends, vague
  references (``iso_duration``).
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from storyline.analyze import temporal_rules as tr
from storyline.analyze.date_resolution import (
    _W,
    _iso,
    _parse_ref,
    _safe_date,
    resolve_expression,
    shift_value,
    value_start,
)
from storyline.analyze.time_extras import iso_duration
from storyline.analyze.time_mentions import _is_stamp, _make_mention
from storyline.analyze.time_patterns import _ENT_START, _PATTERNS
from storyline.records import Article, TimeMention

__all__ = [
    "find_times",
    "infer_reference",
    "iso_duration",
    "resolve_expression",
    "shift_value",
    "value_start",
    "weekday_pair_dates",
]

log = logging.getLogger(__name__)


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


# --------------------------------------------------------------------------- reference


def infer_reference(article: Article, doc: Any) -> tuple[str | None, str | None]:
    """The date an article's relative expressions count from, and where it came from.

    ``(article.published, "published")`` when set; else a date the article states: a full-day
    stamp near the top, else the latest full explicit date in the body, else a weekday + day pair
    ("Wednesday (July 6)") placed in a year near the other years the text states (a text that
    states no year gets no such guess); else ``(None, None)``.

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
    if not years:
        # No year written: a weekday and a day fit one year in seven, and guessing from today's
        # date would invent one (and change with the day the run happens). The story's dates
        # place the pair later (``weekday_pair_dates`` in reconcile).
        return None
    hint = max(years)
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
