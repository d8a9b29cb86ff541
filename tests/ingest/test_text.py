"""Plain-text files: optional header, undeclared encodings, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import read_inputs
from storyline.ingest.text import normalize_date, split_header
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"
SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"


@pytest.mark.parametrize("name", ["straits_header.txt"])
def test_text_header_fills_metadata(name: str) -> None:
    (doc,) = list(read_inputs([FIX / name]))
    assert isinstance(doc, RawDoc)
    assert (doc.url, doc.outlet, doc.published, doc.language) == (
        "https://www.straitstimes.com/world/europe/russia-slams-macron",
        "The Straits Times",
        "2022-07-07",
        "en",
    )
    assert doc.title is not None and doc.title.startswith("Russia slams")
    assert doc.text is not None and doc.text.startswith("Skip to content")
    assert "---" not in doc.text.split("\n")[0]


@pytest.mark.parametrize("name", ["000_fac84f17711a65d7.txt", "001_f6cdfdc212c4f800.txt"])
def test_text_without_header_is_read_whole(name: str) -> None:
    (doc,) = list(read_inputs([SEEDS / name]))
    assert isinstance(doc, RawDoc)
    assert doc.text == (SEEDS / name).read_text(encoding="utf-8")
    assert (doc.url, doc.outlet, doc.published, doc.language) == (None, None, None, None)


@pytest.mark.parametrize("value", ["unknown", ""])
def test_text_published_unknown_is_none(tmp_path: Path, value: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"outlet: X\npublished: {value}\nlanguage: unknown\n---\nBody text here.\n")
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDoc)
    assert (doc.outlet, doc.published, doc.language, doc.text) == (
        "X",
        None,
        None,
        "Body text here.\n",
    )


@pytest.mark.parametrize("text", ["Note: this is not a header\n---\nmore", "title only\n\nbody"])
def test_text_header_needs_known_keys(text: str) -> None:
    assert split_header(text) == ({}, text)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2022-07-08", "2022-07-08"),
        ("2022-07-08T10:21:00+03:00", "2022-07-08"),
        ("unknown", None),
        (None, None),
        ("2022-13-01", None),
        ("July 8", None),
    ],
)
def test_text_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_text_undeclared_encoding_is_detected(tmp_path: Path, encoding: str) -> None:
    body = (SEEDS / "001_f6cdfdc212c4f800.txt").read_text(encoding="utf-8")
    body = body.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    body = body.replace("•", "*")
    body += "\nLe café est fermé à Noël, déclare le maître d'hôtel.\n"
    path = tmp_path / "page.txt"
    path.write_bytes(body.encode(encoding))
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDoc)
    assert "Le café est fermé à Noël, déclare le maître d'hôtel." in (doc.text or "")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_text_undeclared_cyrillic_is_detected(tmp_path: Path, encoding: str) -> None:
    # Opening of the RBC report on the Wagner talks (dev corpus style, a real Russian sentence).
    body = (
        "Песков объяснил выбор Лукашенко для проведения переговоров с Пригожиным. "
        "В переговорах с основателем ЧВК Вагнер участвовал президент Белоруссии.\n"
    )
    path = tmp_path / "ru.txt"
    path.write_bytes(body.encode(encoding))
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDoc)
    assert doc.text == body


@pytest.mark.parametrize("encoding", ["cp1252"])
def test_text_undeclared_cp1252_curly_quotes(tmp_path: Path, encoding: str) -> None:
    body = (SEEDS / "000_fac84f17711a65d7.txt").read_text(encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_bytes(body.encode(encoding))
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDoc)
    assert doc.text == body


@pytest.mark.parametrize("content", [b"url: https://a.example/x\n---\n   \n"])
def test_text_header_without_body_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    (rej,) = list(read_inputs([path]))
    assert isinstance(rej, Reject) and rej.reason == "empty"
