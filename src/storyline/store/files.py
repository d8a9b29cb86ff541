"""The contract's output files: ``articles.jsonl``, ``stories/<id>.json``, ``rejects.jsonl``,
``stats.json``.

Every file is written to a temporary name in the same folder and renamed into place, so a reader
never sees half a file, and story files left by an earlier run into the same folder are removed.
``validate_outputs`` re-reads a folder and checks the contract, above all that every span's text
is the slice of its article's text that its offsets name.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from storyline.errors import ContractError, StoreError
from storyline.records import Article, ArticleAnalysis, Reject, StoryReport

log = logging.getLogger(__name__)

ARTICLE_KEYS = ("id", "url", "outlet", "published", "language", "title", "text", "story",
                "duplicate_of")
_SPAN_KEYS = ("article", "start", "end", "text")


def article_row(article: Article) -> dict[str, Any]:
    """An article as its ``articles.jsonl`` object: contract keys first, extras after."""
    data = article.to_dict()
    out = {k: data.pop(k) for k in ARTICLE_KEYS}
    out.update(data)
    return out


def read_articles(out_dir: Path) -> list[Article]:
    """The articles an earlier run wrote to ``out_dir/articles.jsonl`` (none when absent).

    A line that is no article (cut short, edited by hand) is logged and skipped; the rest load.
    """
    return list(iter_articles(out_dir))


def iter_articles(out_dir: Path) -> Iterator[Article]:
    """``read_articles`` one article at a time (the file is read line by line)."""
    for _, article in iter_article_lines(out_dir):
        yield article


def iter_article_lines(out_dir: Path) -> Iterator[tuple[str, Article]]:
    """``iter_articles`` with each article's line as written (its newline stripped), for a
    run that keeps some earlier articles as they are."""
    path = Path(out_dir) / "articles.jsonl"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                article = Article.from_dict(json.loads(line))
            except (ValueError, TypeError) as exc:
                log.warning("%s:%d: not an article, skipped: %s", path, n, exc)
                continue
            yield line.rstrip("\n"), article


def _span(span: Any, **extra: Any) -> dict[str, Any]:
    out = {"article": span.article, "start": span.start, "end": span.end, "text": span.text}
    out.update(extra)
    return out


def story_document(report: StoryReport, outlets: Mapping[str, str | None] | None = None) -> dict[
    str, Any
]:
    """A story report as the contract's ``stories/<id>.json`` object.

    Args:
        report: the reconciled story.
        outlets: article id -> outlet, used to fill a mention's or position's outlet when the
            record lacks it.
    """
    outlets = outlets or {}
    return {
        "id": report.id,
        "title": report.title,
        "topic": report.topic,
        "articles": list(report.articles),
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
             "mentions": [_span(m) for m in e.mentions]}
            for e in report.entities
        ],
        "statements": [
            {"id": s.id, "speaker": {"name": s.speaker.name, "entity": s.speaker.entity},
             "said_on": s.said_on,
             "mentions": [
                 _span(m, kind=m.kind, speaker_text=m.speaker_text, language=m.language,
                       outlet=m.outlet or outlets.get(m.article))
                 for m in s.mentions
             ],
             "said_on_basis": s.said_on_basis}
            for s in report.statements
        ],
        "events": [
            {"id": e.id, "summary": e.summary, "date": e.date,
             "evidence": [_span(sp) for sp in e.evidence], "date_basis": e.date_basis,
             "outlets": list(e.outlets)}
            for e in report.events
        ],
        "claims": [
            {"id": c.id, "text": c.text, "status": c.status, "outlets": list(c.outlets),
             "support": [_span(sp) for sp in c.support],
             "contradicted_by": [_span(sp) for sp in c.contradicted_by]}
            for c in report.claims
        ],
        "conflicts": [
            {"id": c.id, "about": c.about, "kind": c.kind,
             "positions": [_span(p, outlet=p.outlet) for p in c.positions]}
            for c in report.conflicts
        ],
    }


def atomic_write(path: Path, chunks: Iterable[str]) -> int:
    """Write text to ``path`` through a temporary file in the same folder and a rename.

    The chunks are written as they come (a long page is never held whole); a failed write
    leaves the old file and no temporary one. The file gets the permissions a plain new file
    gets (the umask): ``mkstemp``'s owner-only ones would keep a shared output folder's files
    from being read by anyone else.

    Returns:
        The characters written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    size = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return size


def _jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def write_outputs(
    out_dir: Path,
    articles: Iterable[Article],
    reports: Iterable[StoryReport],
    rejects: Iterable[Reject] = (),
    stats: Mapping[str, Any] | None = None,
    kept_lines: Iterable[str] = (),
    stale: Collection[str] | None = None,
) -> None:
    """Write a run's records as the contract's files into ``out_dir``.

    Args:
        out_dir: output folder, created when missing.
        articles: every article of the run (``articles.jsonl``, in this order); read once,
            so a generator streams.
        reports: one ``stories/<id>.json`` each; other story files in the folder are removed.
        rejects: skipped inputs (``rejects.jsonl``).
        stats: counters and timings (``stats.json``).
        kept_lines: earlier ``articles.jsonl`` lines kept as they are (a windowed ``--add``:
            articles of stories this run did not rebuild), written after ``articles``.
        stale: with it, only the story files of these ids that ``reports`` does not write
            are removed (the stories this run rebuilt); the other files are kept.

    Raises:
        StoreError: the folder cannot be written.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        outlets: dict[str, str | None] = {}

        def rows() -> Iterator[dict[str, Any]]:
            for a in articles:
                outlets[a.id] = a.outlet
                yield article_row(a)

        def lines() -> Iterator[str]:
            yield from _jsonl(rows())
            for line in kept_lines:
                yield line + "\n"

        atomic_write(out_dir / "articles.jsonl", lines())
        stories = out_dir / "stories"
        stories.mkdir(exist_ok=True)
        keep = set()
        for report in reports:
            name = f"{report.id}.json"
            if "/" in name or name.startswith("."):
                raise StoreError(f"story id {report.id!r} cannot name a file")
            keep.add(name)
            doc = story_document(report, outlets)
            atomic_write(stories / name, [json.dumps(doc, ensure_ascii=False, indent=2), "\n"])
        candidates = (stories.glob("*.json") if stale is None
                      else (stories / f"{sid}.json" for sid in stale
                            if "/" not in sid and not sid.startswith(".")))
        for old in candidates:
            if old.name not in keep and old.is_file():
                old.unlink()
                log.debug("removed stale story file %s", old)
        atomic_write(out_dir / "rejects.jsonl", _jsonl(r.to_dict() for r in rejects))
        atomic_write(
            out_dir / "stats.json",
            [json.dumps(dict(stats or {}), ensure_ascii=False, indent=2, default=str), "\n"],
        )
    except OSError as exc:
        raise StoreError(f"cannot write outputs into {out_dir}: {exc}") from exc


def read_outputs(out_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read ``articles.jsonl`` and ``stories/*.json`` back as plain dicts.

    Raises:
        StoreError: the folder holds no ``articles.jsonl`` or a file is not valid JSON.
    """
    out_dir = Path(out_dir)
    path = out_dir / "articles.jsonl"
    if not path.is_file():
        raise StoreError(f"{out_dir} holds no articles.jsonl")
    try:
        articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        stories = [json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted((out_dir / "stories").glob("*.json"))]
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"cannot read outputs in {out_dir}: {exc}") from exc
    return articles, stories


def _story_spans(story: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for e in story.get("entities", []):
        for sp in e.get("mentions", []):
            yield f"entity {e.get('id')}", sp
    for s in story.get("statements", []):
        for sp in s.get("mentions", []):
            yield f"statement {s.get('id')}", sp
    for ev in story.get("events", []):
        for sp in ev.get("evidence", []):
            yield f"event {ev.get('id')}", sp
    for c in story.get("claims", []):
        for sp in [*c.get("support", []), *c.get("contradicted_by", [])]:
            yield f"claim {c.get('id')}", sp
    for c in story.get("conflicts", []):
        for sp in c.get("positions", []):
            yield f"conflict {c.get('id')}", sp


def validate_outputs(out_dir: Path, *, strict: bool = False) -> list[str]:
    """Check a written output folder against the contract.

    Checks article keys, that each story file is named by its id and lists known articles, and
    that every span's ``text`` equals ``articles[article].text[start:end]``.

    Args:
        out_dir: the output folder of a run.
        strict: raise on the first check that finds problems instead of returning them.

    Returns:
        One line per problem; empty when the folder is valid.

    Raises:
        StoreError: the folder cannot be read.
        ContractError: ``strict`` and some output violates the contract.
    """
    out_dir = Path(out_dir)
    articles, stories = read_outputs(out_dir)
    problems: list[str] = []
    texts: dict[str, str] = {}
    for row in articles:
        missing = [k for k in ARTICLE_KEYS if k not in row]
        if missing:
            problems.append(f"article {row.get('id')!r} lacks {', '.join(missing)}")
        if isinstance(row.get("id"), str) and isinstance(row.get("text"), str):
            texts[row["id"]] = row["text"]
    files = sorted((out_dir / "stories").glob("*.json"))
    for path, story in zip(files, stories, strict=True):
        sid = story.get("id")
        if path.stem != sid:
            problems.append(f"{path.name} holds story {sid!r}")
        for aid in story.get("articles", []):
            if aid not in texts:
                problems.append(f"story {sid}: unknown article {aid!r}")
        for where, sp in _story_spans(story):
            missing = [k for k in _SPAN_KEYS if k not in sp]
            if missing:
                problems.append(f"story {sid} {where}: span lacks {', '.join(missing)}")
                continue
            text = texts.get(sp["article"])
            if text is None:
                problems.append(f"story {sid} {where}: span of unknown article {sp['article']!r}")
                continue
            start, end = sp["start"], sp["end"]
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end
                    <= len(text)):
                problems.append(f"story {sid} {where}: offsets {start}:{end} out of range")
            elif text[start:end] != sp["text"]:
                problems.append(
                    f"story {sid} {where}: span {sp['article']}[{start}:{end}] is "
                    f"{text[start:end]!r}, not {sp['text']!r}"
                )
    if strict and problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ContractError(f"{out_dir}: {problems[0]}{more}")
    return problems


class FileStore:
    """The ``files`` store: no database and no analysis cache (the JSON files are the output)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)

    def get_analyses(self, keys: Sequence[str]) -> dict[str, ArticleAnalysis]:
        """Nothing is cached without a database."""
        return {}

    def put_analyses(self, analyses: Mapping[str, ArticleAnalysis]) -> None:
        """Nothing is cached without a database."""

    def get_reports(self, keys: Sequence[str]) -> dict[str, StoryReport]:
        """Nothing is cached without a database."""
        return {}

    def put_reports(self, reports: Mapping[str, StoryReport]) -> None:
        """Nothing is cached without a database."""

    def write_run(
        self, articles: Sequence[Article], reports: Sequence[StoryReport], rejects: Sequence[Reject]
    ) -> None:
        """Nothing beyond ``write_outputs``' files."""

    def write_run_batches(
        self, batches: Iterable[tuple[Sequence[Article], Sequence[StoryReport]]],
        rejects: Iterable[Reject],
        replace_stories: Collection[str] | None = None,
    ) -> None:
        for _ in batches:  # nothing to store; the JSON files are the record
            pass

    def session(self) -> AbstractContextManager[None]:
        """Nothing to hold open."""
        return nullcontext()

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Raises StoreError: the files store has no database."""
        raise StoreError(
            f"{self.out_dir} was written with the 'files' store, which has no database; "
            "run again with --store duckdb to query it"
        )
