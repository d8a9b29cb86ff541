"""WARC files (CC-NEWS style): HTML response records, streamed in constant memory.

FastWARC reads the records when it is installed (fast, decodes gzip/deflate/brotli bodies itself);
warcio is the fallback. Only ``response`` records count: a non-200 status or a non-HTML content
type gives a ``Reject`` (``warc_non_200``, ``warc_non_html``) so the run's stats show them.
"""

from __future__ import annotations

import importlib.util
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.engine.base import require
from storyline.errors import InputError
from storyline.ingest._decode import decode_bytes
from storyline.records import RawDoc, Reject

log = logging.getLogger(__name__)

# One response record as both readers see it: target URI, record id, status, content type, body.
_Record = tuple[str, str, int | None, str, bytes]


def _charset(content_type: str) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header, lower-cased."""
    for part in content_type.split(";"):
        k, _, v = part.strip().partition("=")
        if k.strip().lower() == "charset" and v:
            return v.strip().strip("\"'").lower() or None
    return None


def _undo_content_encoding(body: bytes, encoding: str) -> bytes:
    """Decode a gzip/deflate/brotli HTTP body (FastWARC may leave it encoded)."""
    enc = encoding.strip().lower()
    if enc in ("gzip", "x-gzip", "deflate") and body[:2] in (
        b"\x1f\x8b",
        b"\x78\x9c",
        b"\x78\x01",
        b"\x78\xda",
    ):
        return zlib.decompress(body, 47)  # 32 + 15: gzip or zlib header, detected
    if enc == "br":
        import brotli

        try:
            return bytes(brotli.decompress(body))
        except brotli.error:
            return body  # already decoded by the reader
    return body


def _dechunk(body: bytes) -> bytes:
    """Undo HTTP chunked transfer encoding (lenient: stops at the first malformed chunk)."""
    out = bytearray()
    pos = 0
    while pos < len(body):
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            break
        try:
            size = int(body[pos:eol].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return body if not out else bytes(out)
        if size == 0:
            break
        out += body[eol + 2 : eol + 2 + size]
        pos = eol + 2 + size + 2
    return bytes(out)


def _read_exactly(reader: Any, length: int, keep: bool) -> bytes:
    """Read a record payload in chunks; raise ``EOFError`` when the file ends inside it."""
    chunks: list[bytes] = []
    got = 0
    while got < length:
        chunk = reader.read(min(1 << 16, length - got))
        if not chunk:
            raise EOFError(f"record payload cut short ({got} of {length} bytes)")
        got += len(chunk)
        if keep:
            chunks.append(chunk)
    return b"".join(chunks)


def _fastwarc_records(path: Path) -> Iterator[_Record]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as fh:
        # auto_decode="none": payload length is then checked against Content-Length, which is how
        # a truncated file shows up (FastWARC itself stops quietly).
        for rec in ArchiveIterator(
            fh, record_types=WarcRecordType.response, parse_http=True, auto_decode="none"
        ):
            http: Any = rec.http_headers
            if (http is None or http.status_code is None) and rec.content_length == 0:
                raise EOFError("response record cut short before its HTTP header ended")
            status = http.status_code if http is not None else None
            ctype = (http.get("Content-Type") or "") if http is not None else ""
            wanted = status == 200 and "html" in ctype.lower()
            body = _read_exactly(rec.reader, rec.content_length, keep=wanted)
            if wanted:
                if "chunked" in (http.get("Transfer-Encoding") or "").lower():
                    body = _dechunk(body)
                body = _undo_content_encoding(body, http.get("Content-Encoding") or "")
            yield (
                rec.headers.get("WARC-Target-URI") or "",
                rec.record_id or "",
                status,
                ctype,
                body,
            )


def _warcio_records(path: Path) -> Iterator[_Record]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for rec in records:
            if rec.rec_type != "response":
                continue
            http = rec.http_headers
            code = http.get_statuscode() if http else None
            status = int(code) if code and code.isdigit() else None
            ctype = (http.get_header("Content-Type") or "") if http else ""
            body = b""
            if status == 200 and "html" in ctype.lower():
                cenc = (http.get_header("Content-Encoding") or "").strip().lower()
                if cenc == "br":  # warcio's brotli hook fails with brotli>=1.2: decode it here
                    body = _undo_content_encoding(rec.raw_stream.read(), cenc)
                else:  # content_stream() undoes chunked transfer and gzip/deflate
                    body = rec.content_stream().read()
            else:
                while rec.raw_stream.read(1 << 16):  # drain here to see whether it is whole
                    pass
            if getattr(rec.raw_stream, "limit", 0):
                raise EOFError("record payload cut short")
            yield (
                rec.rec_headers.get_header("WARC-Target-URI") or "",
                rec.rec_headers.get_header("WARC-Record-ID") or "",
                status,
                ctype,
                body,
            )
        # warcio ends quietly inside a cut gzip member: bytes left after the last whole record.
        size = path.stat().st_size
        if getattr(records, "offset", size) < size:
            raise EOFError(f"{size - records.offset} bytes after the last whole record")


def read_warc(path: Path, rel: str, backend: str = "auto") -> Iterator[RawDoc | Reject]:
    """Yield one ``RawDoc`` per HTML response record with status 200; others become rejects.

    Ids are the target URI (else the WARC record id). WARC-Date is the crawl time, not the
    publication date, so ``published`` is left for the page to give.

    Args:
        path: the ``.warc`` or ``.warc.gz`` file.
        rel: its name relative to the input folder (ids of records without a URI).
        backend: "fastwarc", "warcio" or "auto" (FastWARC when installed).
    """
    use_fast = backend == "fastwarc" or (
        backend == "auto" and importlib.util.find_spec("fastwarc") is not None
    )
    if use_fast:
        records = _fastwarc_records(path)
        errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, ValueError)
    else:
        require("ingest.warc", "warcio", extra="warc")
        from warcio.exceptions import ArchiveLoadFailed

        records = _warcio_records(path)
        errors = (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError)
    src = str(path)
    n = 0
    try:
        for uri, record_id, status, ctype, body in records:
            n += 1
            rid = uri or record_id or f"{rel}#{n}"
            if status != 200:
                yield Reject(
                    source=src,
                    record=rid,
                    reason="warc_non_200",
                    detail=f"HTTP status {status}: only 200 responses are articles",
                )
                continue
            if "html" not in ctype.lower():
                yield Reject(
                    source=src,
                    record=rid,
                    reason="warc_non_html",
                    detail=f"content type {ctype or 'missing'}: not an HTML page",
                )
                continue
            try:
                html = decode_bytes(body, _charset(ctype), source=f"{src}:{rid}")
            except (InputError, zlib.error) as exc:
                yield Reject(source=src, record=rid, reason="warc_bad_body", detail=str(exc))
                continue
            yield RawDoc(id=rid, source=src, html=html, url=uri or None, input_format="warc")
    except errors as exc:
        yield Reject(
            source=src,
            reason="warc_truncated" if n else "unreadable",
            detail=f"{type(exc).__name__}: {exc} (after {n} response records); "
            "the file is damaged or cut short",
        )
        return
    if n == 0:
        yield Reject(source=src, reason="empty", detail="no response records in the WARC file")
