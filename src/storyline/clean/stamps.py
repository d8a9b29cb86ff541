"""Publication stamps in text: a full date on a short line, or after a keyword ("Published:")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTHS = {
    m: i + 1
    for names in (
        "january february march april may june july august september october november december",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    )
    for i, m in enumerate(names.split())
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_ABBR = {m[:3]: i for m, i in _MONTHS.items() if len(m) > 3}
_DATE_FORMS = (
    # July 08, 2022 | Jul 8, 2022 | Sept. 3 2021
    (
        rf"(?P<mon>{_MONTH_RE}|[a-z]{{3,4}})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})"
    ),
    # 8 July 2022 | 15 avril 2019 | 15. April 2019 | 16 de abril de 2019
    rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<mon>{_MONTH_RE})\s+(?:de\s+)?(?P<year>\d{{4}})",
    # 2022-07-08 | 2022/07/08
    r"(?P<year>\d{4})[-/](?P<mon>\d{2})[-/](?P<day>\d{2})(?!\d)",
    # 27.09.2021 (day first, as everywhere dots are used)
    r"(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})",
    # 06/24/2023 or 24/06/2023: read only when one side is over 12
    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})",
)
_STAMP_PATTERNS = tuple(
    re.compile(rf"(?<![\w/.-]){form}(?!(?!T\d)[\w/])", re.IGNORECASE) for form in _DATE_FORMS
)
# A line that opens with a stamp keyword: what follows the date may be anything (the title).
_STAMP_LEAD = re.compile(
    r"^\W*(?:date|dated|published|posted|updated|last\s+updated|publié\s+le|mis\s+à\s+jour\s+le"
    r"|veröffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|stand|publicado(?:\s+el)?"
    r"|actualizado(?:\s+el)?|опубликовано|обновлено)\b\s*:?\s*(?:on\s+|am\s+)?",
    re.IGNORECASE,
)
# A scraper's stamp that some corpora put before an article's first words ("date 2023-06-24
# “A stab in the back …”"): no part of any sentence, so no part of a span that quotes one
SCRAPER_STAMP = re.compile(r"[^\S\n]*date[^\S\n]+\d{4}-\d{2}(?:-\d{2})?(?:[^\S\n]+|$)")


def unstamped(text: str) -> str:
    """``text`` without the scraper's stamp it opens with, if any."""
    m = SCRAPER_STAMP.match(text)
    return text[m.end():] if m else text


_STAMP_MAX_CHARS = 70
_STAMP_SCAN_LINES = 12
_HANDLE = re.compile(r"@\w")  # "— LCP (@LCP) March 16, 2023": an embedded post, not our stamp


def _ymd(m: re.Match[str]) -> str | None:
    """``YYYY-MM-DD`` from a date match, or None when it is not a valid full date."""
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 03/04/2021: month and day cannot be told apart
    else:
        mon = groups["mon"].lower()
        month = int(mon) if mon.isdigit() else _MONTHS.get(mon) or _ABBR.get(mon[:3]) or 0
        day = int(groups["day"])
    try:
        return dt.date(year, month, day).isoformat() if 1900 < year < 2100 else None
    except ValueError:
        return None


def _prose(rest: str) -> bool:
    """Three lower-case words in a row: the date sits in a sentence, not in a stamp."""
    run = 0
    for tok in rest.split():
        run = run + 1 if tok.isalpha() and tok[0].islower() else 0
        if run >= 3:
            return True
    return False


def _keyword_dates(line: str) -> Iterator[tuple[int, re.Match[str]]]:
    """The dates that could follow a stamp keyword opening ``line`` ("date 2019-04-16 …",
    "Published: 8 July 2022"): each (where the text after the keyword starts, the date's match
    in that text)."""
    lead = _STAMP_LEAD.match(line)
    if not lead:
        return
    after = line[lead.end():]
    for pat in _STAMP_PATTERNS:
        m = pat.match(after)
        if m:
            yield lead.end(), m


def strip_stamp(line: str) -> str:
    """``line`` without a leading publication stamp ("date 2023-06-24 Title" -> "Title")."""
    for at, m in _keyword_dates(line):
        return line[at + m.end():].strip()
    return line


def stamp_date(text: str) -> str | None:
    """The publication stamp near the top of ``text`` as ``YYYY-MM-DD``, or None.

    A stamp is a full date on a short line that is mostly that date (``July 08, 2022``,
    ``By Jane Doe | April 15, 2019 | 7:21 PM EDT``), or a full date right after a stamp keyword
    (``date 2019-04-16 ...``, ``Published: 8 July 2022``). A month alone gives nothing, and nothing
    is ever guessed.
    """
    for line in text.split("\n")[:_STAMP_SCAN_LINES]:
        s = line.strip()
        if not s or _HANDLE.search(s):
            continue
        for _, m in _keyword_dates(s):
            if value := _ymd(m):
                return value
        if len(s) > _STAMP_MAX_CHARS:
            continue
        for pat in _STAMP_PATTERNS:
            m = pat.search(s)
            if not m:
                continue
            rest = (s[: m.start()] + s[m.end() :]).strip()
            # What is left must be furniture: separators, a time, a weekday, a short byline.
            if len(re.findall(r"[^\W\d_]{4,}", rest)) > 3 or _prose(rest):
                continue
            if value := _ymd(m):
                return value
    return None


# "Updated ...", "Last modified ...": a date right after these is not the publication's.
_UPDATED = re.compile(
    r"(?:updated|modified|revised|mis\s+à\s+jour|aktualisiert|actualizado|обновлено)\W{0,12}"
    r"(?:(?:on|am|le|el)\W{1,3})?$",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(?:published|posted|publié|veröffentlicht|publicado|опубликовано)\W{0,12}"
    r"(?:(?:on|am|le|el)\W{1,3})?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HeaderDates:
    """Dates shown around a page's headline: named the publication's, unnamed, named updates."""

    published: str | None = None
    earliest: str | None = None  # the earliest date not named an update
    updated: frozenset[str] = frozenset()


def header_dates(fragments: list[str]) -> HeaderDates:
    """The dates among the short texts around a page's headline, as ``YYYY-MM-DD``.

    ``fragments`` are the visible texts from the headline to the first paragraph of prose (the
    byline zone). A date introduced as the publication's ("Published: ...") is ``published``, one
    introduced as an update ("Updated on ...") goes to ``updated``, and ``earliest`` is the
    earliest of the others: a page shows its update after its first publication, never before.
    A date inside a sentence is not a stamp.

    Args:
        fragments: text nodes of the header zone, in page order.

    Returns:
        A ``HeaderDates`` (all empty when the zone holds no stamp).
    """
    found: list[str] = []
    updated: set[str] = set()
    published: str | None = None
    prev = ""
    for raw in fragments:
        frag = " ".join(raw.split())
        for pat in _STAMP_PATTERNS:
            for m in pat.finditer(frag):
                value = _ymd(m)
                if not value:
                    continue
                before = (prev + " " + frag[: m.start()])[-40:]
                rest = frag[: m.start()] + " " + frag[m.end() :]
                if _PUBLISHED.search(before):
                    published = published or value
                elif _UPDATED.search(before):
                    updated.add(value)
                elif not _prose(rest):
                    found.append(value)
        prev = frag
    return HeaderDates(published, min(found) if found else None, frozenset(updated))
