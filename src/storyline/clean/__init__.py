"""Clean stage: HTML extraction, Unicode normalisation, furniture removal, metadata.

``clean_batch`` maps ``RawDoc`` records to ``Article`` records (or ``Reject`` with a reason).
"""

from __future__ import annotations

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
    )
    for i, m in enumerate(names.split())
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_ABBR = {m[:3]: i for m, i in _MONTHS.items() if len(m) > 3}
_STAMP_PATTERNS = (
    # July 08, 2022 | Jul 8, 2022
    re.compile(rf"\b(?P<mon>{_MONTH_RE}|[a-z]{{3}})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b",
               re.I),
    # 8 July 2022 | 15 avril 2019 | 15. April 2019
    re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s+(?P<mon>{_MONTH_RE})\s+(?P<year>\d{{4}})\b", re.I),
    # 2022-07-08
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
)
_STAMP_MAX_CHARS = 70
_STAMP_SCAN_LINES = 12


def host_outlet(url: str | None) -> str | None:
    """The URL's host without ``www.``, as the outlet of last resort."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("m.")
    return host or None


def stamp_date(text: str) -> str | None:
    """A publication stamp near the top: a short line that is mostly one full date."""
    for line in text.split("\n")[:_STAMP_SCAN_LINES]:
        s = line.strip()
        if not s or len(s) > _STAMP_MAX_CHARS:
            continue
        for pat in _STAMP_PATTERNS:
            m = pat.search(s)
            if not m:
                continue
            rest = (s[: m.start()] + s[m.end():]).strip()
            # What is left must be furniture: separators, a time, a weekday, "date", "updated".
            if len(re.findall(r"[^\W\d_]{4,}", rest)) > 3:
                continue
            mon = m.group("mon")
            month = int(mon) if mon.isdigit() else _MONTHS.get(mon.lower()) or _ABBR.get(
                mon.lower()[:3])
            day, year = int(m.group("day")), int(m.group("year"))
            if month and 1 <= month <= 12 and 1 <= day <= 31 and 1900 < year < 2100:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def clean_one(doc: RawDoc, furniture: Furniture) -> Article | Reject:
    if doc.html is not None and doc.text is None:
        extracted = extract_html(doc)
        if isinstance(extracted, Reject):
            return extracted
        doc = extracted
    text = normalize_text(doc.text or "")
    from_html = doc.input_format in ("html", "warc", "rss") or doc.html is not None
    removed = 0
    if not from_html:
        text, removed = strip_boilerplate(text, furniture, doc.outlet)
    if not text.strip():
        return Reject(source=doc.source, record=doc.id, reason="empty_after_cleaning",
                      detail="no text left once page furniture was removed")
    published, published_source = doc.published, "input" if doc.published else None
    if doc.input_format in ("html", "warc", "rss") and doc.published:
        published_source = "page"
    if published is None:
        published = stamp_date(text)
        published_source = "page" if published else None
    return Article(
        id=doc.id, text=text, url=doc.url, outlet=doc.outlet or host_outlet(doc.url),
        published=published, published_source=published_source,
        language=(doc.language or detect_language(text) or None),
        title=normalize_text(doc.title) if doc.title else None, author=doc.author,
        source=doc.source, removed_lines=removed,
    )


def clean_batch(batch: list[RawDoc], furniture: Furniture) -> list[Article | Reject]:
    """Map raw documents to cleaned articles (or rejects with a reason)."""
    return [clean_one(doc, furniture) for doc in batch]
