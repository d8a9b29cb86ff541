"""RSS 2.0 and Atom feeds: full-content items become articles; summary-only items are rejects."""

from __future__ import annotations

import gzip
import html as html_lib
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree

from storyline.ingest.text import normalize_date
from storyline.records import RawDoc, Reject

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_MIN_CONTENT_WORDS = 80  # shorter item bodies are teasers, not articles


def _date(value: str | None) -> str | None:
    if not value:
        return None
    iso = normalize_date(value)
    if iso:
        return iso
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


def _text_of(node: etree._Element | None) -> str:
    return "" if node is None else "".join(node.itertext()).strip()


def _words(markup: str) -> int:
    from lxml import html as lhtml

    try:
        return len(lhtml.fromstring(markup).text_content().split()) if markup.strip() else 0
    except (etree.ParserError, ValueError):
        return len(markup.split())


def read_feed(path: Path, rel: str) -> Iterator[RawDoc | Reject]:
    src = str(path)
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except (OSError, EOFError, etree.XMLSyntaxError, ValueError) as exc:
        yield Reject(source=src, reason="unreadable", detail=str(exc))
        return
    if root is None:
        yield Reject(source=src, reason="unreadable", detail="not an XML feed")
        return
    items: list[tuple[str, str, str | None, str, str, str | None]] = []
    for item in root.iter("item"):  # RSS 2.0
        link = _text_of(item.find("link")) or _text_of(item.find("guid"))
        content = _text_of(item.find("content:encoded", _NS))
        summary = _text_of(item.find("description"))
        author = _text_of(item.find("dc:creator", _NS)) or _text_of(item.find("author")) or None
        items.append(
            (
                link,
                _text_of(item.find("title")),
                _date(_text_of(item.find("pubDate")) or _text_of(item.find("dc:date", _NS))),
                content,
                summary,
                author,
            )
        )
    for entry in root.iter(f"{{{_NS['atom']}}}entry"):
        link_el = entry.find("atom:link[@rel='alternate']", _NS)
        if link_el is None:
            link_el = entry.find("atom:link", _NS)
        link = (link_el.get("href") if link_el is not None else "") or _text_of(
            entry.find("atom:id", _NS)
        )
        content = _text_of(entry.find("atom:content", _NS))
        summary = _text_of(entry.find("atom:summary", _NS))
        author = _text_of(entry.find("atom:author/atom:name", _NS)) or None
        date = _date(
            _text_of(entry.find("atom:published", _NS)) or _text_of(entry.find("atom:updated", _NS))
        )
        items.append(
            (link, _text_of(entry.find("atom:title", _NS)), date, content, summary, author)
        )
    if not items:
        yield Reject(source=src, reason="not_a_feed", detail="no RSS items or Atom entries")
        return
    for n, (link, title, date, content, summary, author) in enumerate(items, start=1):
        rid = link or f"{rel}#{n}"
        body = content if _words(content) >= _MIN_CONTENT_WORDS else ""
        if not body:
            yield Reject(
                source=src,
                record=rid,
                reason="feed_summary_only",
                detail=f"item {title!r} carries only a summary; fetch {link or 'its page'}",
            )
            continue
        markup = body if "<" in body else "<p>" + html_lib.escape(body) + "</p>"
        yield RawDoc(
            id=rid,
            source=src,
            html=f"<html><body><article><h1>{html_lib.escape(title)}"
            f"</h1>{markup}</article></body></html>",
            url=link or None,
            title=title or None,
            published=date,
            author=author,
            input_format="rss",
        )
