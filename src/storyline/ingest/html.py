"""HTML files (optionally gzipped): read and decoded here, extracted in ``clean/extract.py``."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest._decode import decode_bytes
from storyline.records import RawDoc, Reject

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def read_html_file(path: Path, rel: str) -> Iterator[RawDoc | Reject]:
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        html = decode_bytes(data, declared_charset(data), source=str(path))
    except (InputError, OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Reject(source=str(path), reason="unreadable", detail=str(exc))
        return
    if "<" not in html:
        yield Reject(source=str(path), reason="not_html", detail="no markup in an .html file")
        return
    yield RawDoc(id=rel, source=str(path), html=html, input_format="html")
