"""JSON Lines (optionally gzipped): one article per line; a bad line is rejected alone."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.text import normalize_date
from storyline.records import RawDoc, Reject


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        yield from enumerate(io.BufferedReader(fh), start=1)  # type: ignore[arg-type]


def read_jsonl(path: Path, rel: str) -> Iterator[RawDoc | Reject]:
    """Stream one ``RawDoc`` per valid line (``id`` kept as given)."""
    src = str(path)
    got_any = False
    try:
        for n, raw in _lines(path):
            if not raw.strip():
                continue
            got_any = True
            try:
                row = json.loads(raw.decode("utf-8", errors="replace"))
            except json.JSONDecodeError as exc:
                yield Reject(source=src, record=str(n), reason="invalid_json", detail=str(exc))
                continue
            if not isinstance(row, dict):
                yield Reject(
                    source=src,
                    record=str(n),
                    reason="invalid_json",
                    detail="line is not a JSON object",
                )
                continue
            text, html = row.get("text"), row.get("html")
            doc_id = row.get("id")
            if doc_id is None or str(doc_id).strip() == "":
                yield Reject(
                    source=src,
                    record=str(n),
                    reason="missing_id",
                    detail="every JSON Lines article needs an 'id'",
                )
                continue
            if not (isinstance(text, str) and text.strip()) and not (
                isinstance(html, str) and html.strip()
            ):
                yield Reject(
                    source=src,
                    record=str(doc_id),
                    reason="no_body",
                    detail=f"line {n} has neither 'text' nor 'html'",
                )
                continue
            lang = row.get("language")
            yield RawDoc(
                id=str(doc_id),
                source=f"{src}:{n}",
                text=text if isinstance(text, str) and text.strip() else None,
                html=html if not (isinstance(text, str) and text.strip()) else None,
                url=row.get("url") or None,
                outlet=row.get("outlet") or None,
                published=normalize_date(row.get("published")),
                language=lang if lang and lang != "unknown" else None,
                title=row.get("title") or None,
                author=row.get("author") or None,
                input_format="jsonl",
            )
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Reject(source=src, reason="unreadable", detail=f"{type(exc).__name__}: {exc}")
        return
    if not got_any:
        yield Reject(source=src, reason="empty", detail="no lines")
