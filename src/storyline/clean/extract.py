"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from storyline.engine.base import require
from storyline.ingest.text import normalize_date
from storyline.records import RawDoc, Reject

log = logging.getLogger(__name__)

_MIN_WORDS = 3  # fewer is a menu item or a title, not an article ("Home")
# "Headline | Site", "Headline - Site Name", "Headline » Section": a page title's site suffix
_SUFFIX = re.compile(r"\s+(?:\||–|—|-|»|::|·)\s+(?P<tail>[^|–—»·]+?)\s*$")
_MAX_SUFFIX_WORDS = 6


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def strip_site_suffix(title: str, sitename: str | None, url: str | None) -> str:
    """The page title without the site name appended to it ("Headline | Outlet" -> "Headline").

    A trailing segment is cut when it names the site (its name from the page, or the URL's host
    words) or is set off by a bar ("|"), the separator sites use for their own names; a short
    trailing clause set off by a dash that is not the site's name ("War in Gaza - live") stays.
    """
    out = title.strip()
    host = ""
    if url:
        netloc = urlsplit(url).netloc.lower().split(":")[0]
        host = _fold("".join(netloc.split(".")[-2:-1]) or netloc)
    names = {n for n in (_fold(sitename or ""), host) if len(n) >= 3}
    for _ in range(2):  # "Headline | Section | Site"
        m = _SUFFIX.search(out)
        if m is None or m.start() == 0:
            break
        tail = m.group("tail")
        folded = _fold(tail)
        if len(tail.split()) > _MAX_SUFFIX_WORDS or len(_fold(out[: m.start()])) < 3:
            break
        names_site = any(n in folded or folded in n for n in names if folded)
        if not (names_site or m.group(0).strip().startswith("|")):
            break
        out = out[: m.start()].rstrip()
    return out


def extract_html(doc: RawDoc) -> RawDoc | Reject:
    """Fill ``text`` (paragraphs as lines) and the page's title, date, site name and author.

    Values given with the input are never overwritten by the page's.

    Args:
        doc: a document whose ``html`` is set.

    Returns:
        The document with ``text`` set and ``html`` dropped, or a ``Reject`` with reason
        ``no_main_text`` (nothing extracted) or ``html_unparsable``.
    """
    require("clean.extract", "trafilatura", "lxml_html_clean", extra="html")
    import trafilatura

    html = doc.html or ""
    try:
        result: Any = trafilatura.bare_extraction(
            html,
            url=doc.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            deduplicate=False,
            # Markup and URL only: htmldate's extensive search guesses from any year in the text
            # ("In 2020 ..." -> 2020-01-01), and a publication date is never invented.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="html_unparsable",
            detail=f"{type(exc).__name__}: {exc}",
        )
    text = getattr(result, "text", None) if result is not None else None
    if not text or len(text.split()) < _MIN_WORDS:
        return Reject(
            source=doc.source,
            record=doc.id,
            reason="no_main_text",
            detail="trafilatura found no article text in the page",
        )
    title = getattr(result, "title", None)
    if title:
        title = strip_site_suffix(title, getattr(result, "sitename", None), doc.url) or title
    body = text
    if title and not body.lstrip().startswith(title.strip()):
        body = f"{title.strip()}\n\n{body}"
    return doc.replace(
        text=body,
        html=None,
        title=doc.title or title or None,
        published=doc.published or normalize_date(getattr(result, "date", None)),
        outlet=doc.outlet or getattr(result, "sitename", None) or None,
        author=doc.author or getattr(result, "author", None) or None,
        url=doc.url or getattr(result, "url", None) or None,
    )
