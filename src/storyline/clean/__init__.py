"""Clean stage: HTML extraction, Unicode normalisation, main block, furniture removal, metadata.

``clean_batch`` maps ``RawDoc`` records to ``Article`` records (or ``Reject`` with a reason).
"""

from __future__ import annotations

from urllib.parse import urlparse

from storyline.clean.boilerplate import Furniture, main_block_span, strip_boilerplate
from storyline.clean.extract import drop_header_stamps, extract_html
from storyline.clean.language import detect_language
from storyline.clean.normalize import normalize_text
from storyline.clean.stamps import stamp_date
from storyline.records import Article, RawDoc, Reject

__all__ = ["clean_batch", "clean_one", "host_outlet", "stamp_date"]

_ABOVE_LINES = 6  # lines above a whole page's article block read for its stamp


def host_outlet(url: str | None) -> str | None:
    """The URL's host without ``www.``, as the outlet of last resort."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("m.")
    return host or None


def clean_one(doc: RawDoc, furniture: Furniture) -> Article | Reject:
    """Clean one document: extract (HTML), normalise, strip furniture, fill metadata.

    Scraped text (not HTML) that holds a whole page is cut to its main block first
    (``main_block_span``); its stamp may sit in the lines just above that block.

    Returns:
        The ``Article`` (same id, source), or a ``Reject`` (``no_main_text``,
        ``empty_after_cleaning``...).
    """
    given_published = doc.published
    from_html = doc.html is not None and not (doc.text or "").strip()
    if from_html:
        extracted = extract_html(doc)
        if isinstance(extracted, Reject):
            return extracted
        doc = extracted
    text = normalize_text(doc.text or "")
    above = ""  # what a whole page shows above its article: headline, stamp, byline
    outside = 0
    span = None if from_html else main_block_span(text, furniture.for_outlet(doc.outlet))
    if span is not None:  # scraped text of a whole page: keep its article block
        lines = text.split("\n")
        before = [ln for ln in lines[: span[0]] if ln.strip()]
        above = "\n".join(before[-_ABOVE_LINES:])
        outside = len(before) + sum(1 for ln in lines[span[1] + 1 :] if ln.strip())
        text = "\n".join(lines[span[0] : span[1] + 1])
    text, removed = strip_boilerplate(text, furniture, doc.outlet, tail_headlines=not from_html)
    removed += outside
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
        # A whole page's stamp sits above its article; an article text's, in its first lines.
        published = (stamp_date(above) if above else None) or stamp_date(text)
        published_source = "page" if published else None
    if from_html:  # the stamp read, its line is furniture in an extracted body
        before = text.count("\n")
        text = drop_header_stamps(text, doc.url)
        removed += before - text.count("\n")
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
