"""WARC: response records read with FastWARC and with warcio, in plain and gzip files."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import read_inputs
from storyline.ingest.warc import read_warc
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"
AMN_URL = "https://www.almasdarnews.com/article/secret-putin-phone-call-leaked/"
ST_URL = "https://www.straitstimes.com/world/europe/russia-slams-macron"


def _write_warc(path: Path, gz: bool) -> None:
    """Five responses: utf-8 page, 404, PDF, gzip-encoded cp1252 page, brotli page; plus a
    request record, which is not a response and is not counted."""
    amn = (FIX / "amn_seed.html").read_bytes()
    st = (FIX / "straits_seed_cp1252.html").read_bytes()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(uri: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=http
                )
            )

        req = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "www.almasdarnews.com")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(AMN_URL, "request", payload=io.BytesIO(b""), http_headers=req)
        )
        response(AMN_URL, "200 OK", [("Content-Type", "text/html; charset=UTF-8")], amn)
        response(
            "https://www.almasdarnews.com/gone",
            "404 Not Found",
            [("Content-Type", "text/html")],
            b"<html><body>Not found</body></html>",
        )
        response(
            "https://www.almasdarnews.com/report.pdf",
            "200 OK",
            [("Content-Type", "application/pdf")],
            b"%PDF-1.4 not a page",
        )
        response(
            ST_URL,
            "200 OK",
            [("Content-Type", 'text/html; charset="windows-1252"'), ("Content-Encoding", "gzip")],
            gzip.compress(st),
        )
        response(
            AMN_URL + "?br",
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")],
            brotli.compress(amn),
        )


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def warc_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    _write_warc(path, request.param)
    return path


@pytest.mark.parametrize("backend", ["fastwarc", "warcio"])
def test_warc_html_responses_become_docs(warc_file: Path, backend: str) -> None:
    items = list(read_warc(warc_file, warc_file.name, backend=backend))
    docs = [d for d in items if isinstance(d, RawDoc)]
    assert [d.id for d in docs] == [AMN_URL, ST_URL, AMN_URL + "?br"]
    assert all(d.url == d.id and d.input_format == "warc" and d.published is None for d in docs)
    assert docs[0].html == (FIX / "amn_seed.html").read_text(encoding="utf-8")
    assert docs[2].html == docs[0].html  # brotli undone
    assert docs[1].html is not None and "Macron’s decision" in docs[1].html  # gzip + cp1252


@pytest.mark.parametrize("backend", ["fastwarc", "warcio"])
def test_warc_non_200_and_non_html_are_counted(warc_file: Path, backend: str) -> None:
    rejects = [
        r for r in read_warc(warc_file, warc_file.name, backend=backend) if isinstance(r, Reject)
    ]
    assert [(r.record, r.reason) for r in rejects] == [
        ("https://www.almasdarnews.com/gone", "warc_non_200"),
        ("https://www.almasdarnews.com/report.pdf", "warc_non_html"),
    ]


@pytest.mark.parametrize("backend", ["fastwarc", "warcio"])
@pytest.mark.parametrize("keep", [0.5, 0.8])
def test_warc_truncated_keeps_records_before_the_cut(
    tmp_path: Path, backend: str, keep: float
) -> None:
    full = tmp_path / "full.warc.gz"
    _write_warc(full, gz=True)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * keep)])
    items = list(read_warc(cut, cut.name, backend=backend))
    assert isinstance(items[-1], Reject) and items[-1].reason == "warc_truncated"
    assert isinstance(items[0], RawDoc) and items[0].id == AMN_URL


@pytest.mark.parametrize("content", [b"", b"WARC/1.0\r\nnot really a warc"])
def test_warc_broken_file_gives_one_reject(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(content)
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Reject)


@pytest.mark.parametrize("name", ["crawl.warc.gz"])
def test_warc_read_inputs_dispatch(tmp_path: Path, name: str) -> None:
    _write_warc(tmp_path / name, gz=True)
    docs = [d for d in read_inputs([tmp_path]) if isinstance(d, RawDoc)]
    assert [d.id for d in docs] == [AMN_URL, ST_URL, AMN_URL + "?br"]
