"""Plain-text files with an optional ``key: value`` header closed by ``---``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest._decode import decode_bytes
from storyline.records import RawDoc, Reject

HEADER_KEYS = ("url", "outlet", "published", "language", "title", "author")
_HEADER_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*)$")


def normalize_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from a date or ISO datetime; None for unknown/empty/invalid values."""
    if not value:
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split an optional header (known keys only, closed by a ``---`` line) from the body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[:20]):
        if line.strip() == "---":
            if meta:
                return meta, "\n".join(lines[i + 1 :])
            break
        m = _HEADER_LINE.match(line.strip())
        if not m or m.group(1).lower() not in HEADER_KEYS:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
    return {}, text


def doc_from_text(doc_id: str, source: str, text: str, fmt: str = "text") -> RawDoc:
    meta, body = split_header(text)
    lang = meta.get("language")
    return RawDoc(
        id=doc_id,
        source=source,
        text=body,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        published=normalize_date(meta.get("published")),
        language=lang if lang and lang != "unknown" else None,
        title=meta.get("title") or None,
        author=meta.get("author") or None,
        input_format=fmt,
    )


def read_text_file(path: Path, rel: str) -> Iterator[RawDoc | Reject]:
    try:
        text = decode_bytes(path.read_bytes(), source=str(path))
    except InputError as exc:
        yield Reject(source=str(path), reason="unreadable", detail=str(exc))
        return
    doc = doc_from_text(rel, str(path), text)
    if not (doc.text or "").strip():
        yield Reject(source=str(path), reason="empty", detail="header but no body")
        return
    yield doc
