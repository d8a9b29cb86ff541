"""Clean stage: HTML extraction, Unicode normalisation, furniture removal, metadata.

``clean_batch`` maps ``RawDoc`` records to ``Article`` records (or ``Reject`` with a reason).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from storyline.clean.boilerplate import Furniture, strip_boilerplate
from storyline.clean.extract import extract_html
from storyline.clean.language import detect_language
from storyline.clean.normalize import normalize_text
from storyline.records import Article, RawDoc, Reject

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
_STAMP_MAX_CHARS = 70
_STAMP_SCAN_LINES = 12
_HANDLE = re.compile(r"@\w")  # "— LCP (@LCP) March 16, 2023": an embedded post, not our stamp


def host_outlet(url: str | None) -> str | None:
    """The URL's host without ``www.``, as the outlet of last resort."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("m.")
    return host or None


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
        lead = _STAMP_LEAD.match(s)
        if lead:
            after = s[lead.end() :]
            for pat in _STAMP_PATTERNS:
                m = pat.match(after)
                if m and (value := _ymd(m)):
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


def clean_one(doc: RawDoc, furniture: Furniture) -> Article | Reject:
    """Clean one document: extract (HTML), normalise, strip furniture, fill metadata.

    Returns:
        The ``Article`` (same id, source), or a ``Reject`` (``no_main_text``,
        ``empty_after_cleaning``...).
    """
    given_published = doc.published
    if doc.html is not None and not (doc.text or "").strip():
        extracted = extract_html(doc)
        if isinstance(extracted, Reject):
            return extracted
        doc = extracted
    text = normalize_text(doc.text or "")
    text, removed = strip_boilerplate(text, furniture, doc.outlet)
    if not text.strip():
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="empty_after_cleaning",
            detail="no text left once page furniture was removed",
        )
    published: str | None
    if given_published:
        published, published_source = given_published, "input"
    elif doc.published:  # the page's own metadata, found by the extractor
        published, published_source = doc.published, "page"
    else:
        published = stamp_date(text)
        published_source = "page" if published else None
    title = normalize_text(doc.title) if doc.title else None
    return Article(
        id=doc.id,
        text=text,
        url=doc.url,
        outlet=doc.outlet or host_outlet(doc.url),
        published=published,
        published_source=published_source,
        language=doc.language or detect_language(text),
        title=title or None,
        author=doc.author,
        source=doc.source,
        removed_lines=removed,
    )


def clean_batch(batch: list[RawDoc], furniture: Furniture) -> list[Article | Reject]:
    """Map raw documents to cleaned articles (or rejects with a reason).

    Args:
        batch: documents from ``ingest.read_inputs``.
        furniture: repeated lines learned over the whole run by ``learn_furniture``.

    Returns:
        One ``Article`` or ``Reject`` per document, in order; ids are kept.
    """
    return [clean_one(doc, furniture) for doc in batch]
