"""RSS 2.0 and Atom feeds: full-content items become articles, teasers are listed as rejects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.ingest import read_inputs
from storyline.ingest.rss import read_feed
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"


@pytest.mark.parametrize(
    "name,doc_id,title,published,author",
    [
        (
            "amn_feed.rss",
            "https://www.almasdarnews.com/article/secret-putin-phone-call-leaked/",
            "Secret Putin phone call leaked",
            "2022-07-08",
            "AMN Staff",
        ),
        (
            "straits_feed.atom",
            "https://www.straitstimes.com/world/europe/russia-slams-macron",
            "Russia slams France’s Macron for breaching diplomatic confidentiality",
            "2022-07-07",
            "Bloomberg",
        ),
    ],
)
def test_rss_full_item_becomes_article(
    name: str, doc_id: str, title: str, published: str, author: str
) -> None:
    docs = [d for d in read_feed(FIX / name, name) if isinstance(d, RawDoc)]
    assert len(docs) == 1
    doc = docs[0]
    assert (doc.id, doc.url, doc.title, doc.published, doc.author) == (
        doc_id,
        doc_id,
        title,
        published,
        author,
    )
    assert doc.html is not None and "Lavrov" in doc.html and doc.input_format == "rss"


@pytest.mark.parametrize(
    "name,record",
    [
        ("amn_feed.rss", "https://www.almasdarnews.com/article/lavrov-defends-putin/"),
        ("straits_feed.atom", "tag:straitstimes.com,2022:zakharova"),
    ],
)
def test_rss_summary_only_item_is_reported(name: str, record: str) -> None:
    rejects = [r for r in read_feed(FIX / name, name) if isinstance(r, Reject)]
    assert [(r.record, r.reason) for r in rejects] == [(record, "feed_summary_only")]


@pytest.mark.parametrize("name", ["amn_feed.rss"])
def test_rss_xml_extension_is_sniffed(tmp_path: Path, name: str) -> None:
    shutil.copy(FIX / name, tmp_path / "feed.xml")
    items = list(read_inputs([tmp_path / "feed.xml"]))
    assert [type(i).__name__ for i in items] == ["RawDoc", "Reject"]


@pytest.mark.parametrize(
    "content",
    [b"<?xml version='1.0'?><rss><channel></channel></rss>", b"<rss><channel><item><title>x"],
)
def test_rss_empty_or_broken_feed_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.rss"
    path.write_bytes(content)
    items = list(read_inputs([path]))
    assert items and all(isinstance(i, Reject) for i in items)
