"""Read inputs: files or folders of JSON Lines, .txt, .html, WARC and RSS/Atom.

``read_inputs`` streams ``RawDoc`` records and ``Reject`` records (one per unusable file or
record, with the reason); it never raises for a bad input.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

from storyline.records import RawDoc, Reject

log = logging.getLogger(__name__)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
        return "html"
    if name.endswith((".rss", ".atom", ".rss.gz", ".atom.gz")):
        return "rss"
    if name.endswith((".xml", ".xml.gz")):
        return "rss" if _sniff_feed(path) else None
    if name.endswith(".txt"):
        return "text"
    return None


def _sniff_feed(path: Path) -> bool:
    """Whether an ``.xml`` file is an RSS or Atom feed (``<rss`` or ``<feed`` near the top)."""
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:  # type: ignore[operator]
            head: bytes = fh.read(2048)
    except (OSError, EOFError):
        return False
    head = head.lower()
    return b"<rss" in head or b"<feed" in head


def _is_output(folder: Path) -> bool:
    """A folder a storyline run wrote (``articles.jsonl``, ``stats.json``, ``stories/``)."""
    return ((folder / "stats.json").is_file() and (folder / "articles.jsonl").is_file()
            and (folder / "stories").is_dir())


def _files(path: Path) -> Iterator[Path | Reject]:
    """The files below ``path`` (or ``path`` itself), sorted; an earlier run's output folder
    inside an input folder is skipped with a reject (its ``articles.jsonl`` and report would be
    read as articles: every story twice)."""
    if not path.is_dir():
        yield path
        return
    outputs = sorted(p.parent for p in path.rglob("stats.json") if _is_output(p.parent))
    for folder in outputs:
        yield Reject(source=str(folder), reason="storyline_output",
                     detail="an earlier storyline run's output folder: not read as input")
    for p in sorted(path.rglob("*")):
        if p.is_file() and not p.name.startswith(".") and not any(
                o in p.parents for o in outputs):
            yield p


def read_inputs(paths: Sequence[Path]) -> Iterator[RawDoc | Reject]:
    """Yield every article found in ``paths`` (files or folders, read recursively, sorted).

    Ids: the path relative to the INPUT folder (the file name for a file INPUT); JSON Lines keep
    their own ``id``; WARC records use the target URI; feed items their link.
    """
    from storyline.ingest import html, jsonl, rss, text, warc

    readers = {
        "jsonl": jsonl.read_jsonl,
        "text": text.read_text_file,
        "html": html.read_html_file,
        "warc": warc.read_warc,
        "rss": rss.read_feed,
    }
    for root in paths:
        root = Path(root)
        for path in _files(root):
            if isinstance(path, Reject):
                yield path
                continue
            rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
            kind = _kind(path)
            if kind is None:
                yield Reject(
                    source=str(path),
                    reason="unsupported_format",
                    detail=f"{path.suffix or 'no extension'}: not a kind storyline reads",
                )
                continue
            try:
                yield from readers[kind](path, rel)
            except OSError as exc:
                yield Reject(source=str(path), reason="unreadable", detail=str(exc))
