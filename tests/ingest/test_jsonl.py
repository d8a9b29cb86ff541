"""JSON Lines: one article per line, ids kept, a bad line rejected alone."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline.ingest.jsonl import read_jsonl
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"


@pytest.mark.parametrize("name", ["articles.jsonl"])
def test_jsonl_good_lines_survive_bad_ones(name: str) -> None:
    items = list(read_jsonl(FIX / name, name))
    docs = [d for d in items if isinstance(d, RawDoc)]
    rejects = {(r.record, r.reason) for r in items if isinstance(r, Reject)}
    assert [d.id for d in docs] == ["amn-putin-call", "st-russia-slams"]
    assert rejects == {("2", "invalid_json"), ("4", "missing_id"), ("no-body", "no_body")}


@pytest.mark.parametrize("name", ["articles.jsonl"])
def test_jsonl_fields_and_iso_datetime(name: str) -> None:
    amn, st = [d for d in read_jsonl(FIX / name, name) if isinstance(d, RawDoc)]
    assert (amn.outlet, amn.published, amn.language) == ("AMN", "2022-07-08", "en")
    assert amn.text is not None and amn.html is None
    assert st.html is not None and st.text is None
    assert st.published is None  # "unknown"
    assert st.source.endswith("articles.jsonl:3")


@pytest.mark.parametrize("name", ["articles.jsonl"])
def test_jsonl_gzip_reads_the_same(tmp_path: Path, name: str) -> None:
    gz = tmp_path / (name + ".gz")
    gz.write_bytes(gzip.compress((FIX / name).read_bytes()))
    plain = [d.to_dict() for d in read_jsonl(FIX / name, name) if isinstance(d, RawDoc)]
    packed = [d.to_dict() for d in read_jsonl(gz, gz.name) if isinstance(d, RawDoc)]
    strip = lambda rows: [{k: v for k, v in r.items() if k != "source"} for r in rows]
    assert strip(plain) == strip(packed)


@pytest.mark.parametrize("cut", [300])
def test_jsonl_truncated_gzip_keeps_lines_before_the_cut(tmp_path: Path, cut: int) -> None:
    rows = b"".join(
        b'{"id": "a%d", "text": "Body number %d of the file."}\n' % (i, i) for i in range(2000)
    )
    data = gzip.compress(rows)
    gz = tmp_path / "cut.jsonl.gz"
    gz.write_bytes(data[: len(data) - cut])
    items = list(read_jsonl(gz, gz.name))
    assert isinstance(items[-1], Reject) and items[-1].reason == "unreadable"
    assert sum(isinstance(d, RawDoc) for d in items) > 100
