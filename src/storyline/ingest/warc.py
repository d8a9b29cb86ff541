"""WARC files (CC-NEWS style): HTML response records, streamed in constant memory."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

from storyline.engine.base import require
from storyline.errors import InputError
from storyline.ingest._decode import decode_bytes
from storyline.records import RawDoc, Reject

log = logging.getLogger(__name__)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"'").lower()
    return None


def read_warc(path: Path, rel: str) -> Iterator[RawDoc | Reject]:
    """Yield one ``RawDoc`` per HTML response record with status 200; others are counted."""
    require("ingest.warc", "warcio", extra="warc")
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    src = str(path)
    n = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, no_record_parse=False):
                if record.rec_type != "response":
                    continue
                n += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                rid = uri or record.rec_headers.get_header("WARC-Record-ID") or f"{rel}#{n}"
                http = record.http_headers
                status = http.get_statuscode() if http else None
                if status != "200":
                    yield Reject(source=src, record=rid, reason="warc_non_200",
                                 detail=f"HTTP status {status}")
                    continue
                ctype = http.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    yield Reject(source=src, record=rid, reason="warc_non_html",
                                 detail=f"content type {ctype or 'missing'}")
                    continue
                try:
                    # content_stream() undoes chunked transfer and gzip/deflate/br encoding.
                    body = record.content_stream().read()
                    html = decode_bytes(body, _charset(ctype), source=f"{src}:{rid}")
                except (InputError, OSError, zlib.error, ValueError) as exc:
                    yield Reject(source=src, record=rid, reason="warc_bad_body", detail=str(exc))
                    continue
                # WARC-Date is the crawl time, not the publication date: the page gives that.
                yield RawDoc(id=rid, source=src, html=html, url=uri or None, input_format="warc")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        yield Reject(source=src, reason="warc_truncated" if n else "unreadable",
                     detail=f"{type(exc).__name__}: {exc} (after {n} records)")
        return
    if n == 0:
        yield Reject(source=src, reason="empty", detail="no response records")
