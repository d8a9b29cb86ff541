"""read_inputs: dispatch by file kind, ids, order, and bad inputs that never stop a run."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from storyline.ingest import read_inputs
from storyline.records import RawDoc, Reject

FIX = Path(__file__).parent.parent / "fixtures" / "ingest"
SEEDS = Path(__file__).parent.parent.parent / "samples" / "seeds"


def _split(items: list[RawDoc | Reject]) -> tuple[list[RawDoc], list[Reject]]:
    return (
        [d for d in items if isinstance(d, RawDoc)],
        [r for r in items if isinstance(r, Reject)],
    )


@pytest.mark.parametrize("folder", [FIX])
def test_inputs_folder_reads_every_kind_sorted(folder: Path) -> None:
    docs, rejects = _split(list(read_inputs([folder])))
    kinds = {d.input_format for d in docs}
    assert kinds == {"html", "jsonl", "rss", "text"}
    sources = [d.source.split(":")[0] for d in docs]
    assert sources == sorted(sources)
    assert {r.reason for r in rejects} >= {"invalid_json", "missing_id", "feed_summary_only"}


@pytest.mark.parametrize("name", ["000_fac84f17711a65d7.txt"])
def test_inputs_file_id_is_file_name(name: str) -> None:
    (doc,) = list(read_inputs([SEEDS / name]))
    assert isinstance(doc, RawDoc)
    assert doc.id == name
    assert doc.text is not None and doc.text.startswith("Join our brand new verified AMN")


@pytest.mark.parametrize("sub", ["a/b"])
def test_inputs_folder_ids_are_relative_paths(tmp_path: Path, sub: str) -> None:
    (tmp_path / sub).mkdir(parents=True)
    shutil.copy(SEEDS / "001_f6cdfdc212c4f800.txt", tmp_path / sub / "st.txt")
    shutil.copy(SEEDS / "000_fac84f17711a65d7.txt", tmp_path / "amn.txt")
    docs, _ = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == [f"{sub}/st.txt", "amn.txt"]  # sorted by path parts


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "unreadable"),
        ("blank.html", b"   \n\n", "unreadable"),
        ("binary.txt", bytes(range(256)) * 8, "unreadable"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 JFIF", "unsupported_format"),
        ("notes.xml", b"<?xml version='1.0'?><config><a>1</a></config>", "unsupported_format"),
        (
            "cut.jsonl.gz",
            gzip.compress(b'{"id": "a", "text": "hello world"}\n' * 50)[:40],
            "unreadable",
        ),
        ("empty.jsonl", b"\n\n", "empty"),
        ("cut.html.gz", gzip.compress(b"<html><body><p>x</p></body></html>")[:15], "unreadable"),
    ],
)
def test_inputs_bad_file_gives_reject(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    items = list(read_inputs([tmp_path]))
    assert items and all(isinstance(r, Reject) for r in items)
    assert items[0].reason == reason  # type: ignore[union-attr]
    assert items[0].source == str(tmp_path / name)  # type: ignore[union-attr]


@pytest.mark.parametrize("good", ["000_fac84f17711a65d7.txt"])
def test_inputs_bad_file_does_not_stop_the_run(tmp_path: Path, good: str) -> None:
    (tmp_path / "a_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    shutil.copy(SEEDS / good, tmp_path / "b_good.txt")
    docs, rejects = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == ["b_good.txt"]
    assert [r.reason for r in rejects] == ["unreadable"]


def test_inputs_an_earlier_runs_output_folder_is_skipped(tmp_path: Path) -> None:
    """An output folder left inside an input folder (``articles.jsonl``, ``stats.json``,
    ``stories/``, the report) is not read as articles, which would tell every story twice: one
    reject names it. The same files outside such a folder are read."""
    shutil.copy(SEEDS / "000_fac84f17711a65d7.txt", tmp_path / "a.txt")
    out = tmp_path / "out"
    (out / "stories").mkdir(parents=True)
    (out / "report").mkdir()
    (out / "articles.jsonl").write_text('{"id": "x", "text": "Old output text."}\n',
                                        encoding="utf-8")
    (out / "stats.json").write_text("{}", encoding="utf-8")
    (out / "report" / "index.html").write_text("<html><body>report</body></html>",
                                               encoding="utf-8")
    docs, rejects = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == ["a.txt"]
    assert [(r.reason, Path(r.source).name) for r in rejects] == [("storyline_output", "out")]
    (out / "stats.json").unlink()  # no longer an output folder: its files are inputs again
    docs, _ = _split(list(read_inputs([tmp_path])))
    assert "x" in [d.id for d in docs]
