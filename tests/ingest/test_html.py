"""HTML files: decoding (declared, undeclared), gzip, id."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline.ingest.html import declared_charset, read_html_file
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"


@pytest.mark.parametrize("name", ["amn_seed.html", "straits_seed_cp1252.html"])
def test_html_file_is_read_and_decoded(name: str) -> None:
    (doc,) = list(read_html_file(FIX / name, name))
    assert isinstance(doc, RawDoc)
    assert doc.id == name and doc.input_format == "html" and doc.text is None
    assert doc.html is not None and "Macron’s" in doc.html  # curly quote decoded right


@pytest.mark.parametrize("name", ["straits_seed_cp1252.html"])
def test_html_gzip(tmp_path: Path, name: str) -> None:
    path = tmp_path / (name + ".gz")
    path.write_bytes(gzip.compress((FIX / name).read_bytes()))
    (doc,) = list(read_html_file(path, path.name))
    assert isinstance(doc, RawDoc)
    assert doc.html == next(iter(read_html_file(FIX / name, name))).html  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "head,expected",
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "iso-8859-1"),
        (b"<title>x</title>", None),
    ],
)
def test_html_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head></html>") == expected


@pytest.mark.parametrize("content", [b"just some words, no markup at all"])
def test_html_without_markup_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.html"
    path.write_bytes(content)
    (rej,) = list(read_html_file(path, path.name))
    assert isinstance(rej, Reject) and rej.reason == "not_html"
