"""The default stage list and ``run()``: inputs in, stories out. No engine code here.

Stages, in order, and their shape (see ``engine/local.py``):

1. ingest      source     files -> RawDoc | Reject (streamed)
2. furniture   global     lines repeated across one outlet's pages -> Furniture
3. clean       map        RawDoc -> Article (extraction, normalisation, boilerplate, language)
4. dedup       map+global MinHash signatures -> LSH -> Article.duplicate_of
5. analyze     map        Article -> ArticleAnalysis (spaCy: entities, quotes, times, events, vector)
6. cluster     global     compact items (vector, entities, date) -> Article.story
7. reconcile   per key    one story's articles + analyses -> StoryReport
8. store       engine     articles.jsonl, stories/*.json, DuckDB, report/index.html
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.clean.headline import story_title
from storyline.engine.base import Context, single_blas_thread
from storyline.engine.local import make_engine
from storyline.errors import InputError
from storyline.records import (
    Article,
    ArticleAnalysis,
    RawDoc,
    Reject,
    Story,
    StoryReport,
)
from storyline.settings import Settings
from storyline.store.earlier import Kept, Window, open_stories

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What a run produced: the same records that are written to the output folder.

    A run with ``Settings.keep_records`` off (the CLI) leaves ``articles``, ``reports`` and
    ``analyses`` empty, so its memory stays flat; ``counts`` and ``stories`` are always there.
    A windowed ``--add`` (``Settings.add_window_days``) holds the records it rebuilt: the
    earlier articles it kept as written are in the output folder only (counted in
    ``summary()["kept_as_written"]``).
    """

    articles: list[Article]
    stories: list[Story]
    reports: list[StoryReport]
    rejects: list[Reject]  # without keep_records: the first REJECTS_SHOWN only
    stats: dict[str, Any] = field(default_factory=dict)
    analyses: list[ArticleAnalysis] = field(default_factory=list)
    counts: dict[str, Any] | None = None  # summary counts gathered while streaming

    def summary(self) -> dict[str, Any]:
        """Counts for the end-of-run summary."""
        counts = self.counts if self.counts is not None else _counts(
            self.articles, self.reports)
        reasons = counts.get("skipped_reasons")
        if reasons is None:
            reasons = {}
            for r in self.rejects:
                reasons[r.reason] = reasons.get(r.reason, 0) + 1
        # a windowed --add: the earlier articles it kept as written (in no story counted here)
        kept = ({"kept_as_written": counts["articles_kept_as_written"]}
                if "articles_kept_as_written" in counts else {})
        return {
            "articles": counts["articles"],
            **kept,
            "skipped": sum(reasons.values()),
            "skipped_reasons": dict(sorted(reasons.items())),
            "duplicates": counts["duplicates"],
            "stories": len(self.stories),
            "multi_article_stories": sum(1 for s in self.stories if len(s.articles) > 1),
            **{k: counts[k] for k in ("statements", "events", "claims", "conflicts")},
        }


REJECTS_SHOWN = 100  # rejects a RunResult holds without keep_records (all are in rejects.jsonl)


def _counts(articles: Sequence[Article], reports: Sequence[StoryReport]) -> dict[str, int]:
    counts = {"articles": len(articles),
              "duplicates": sum(1 for a in articles if a.duplicate_of)}
    counts.update(_report_counts(reports))
    return counts


def _report_counts(reports: Sequence[StoryReport]) -> dict[str, int]:
    return {"statements": sum(len(r.statements) for r in reports),
            "events": sum(len(r.events) for r in reports),
            "claims": sum(len(r.claims) for r in reports),
            "conflicts": sum(len(r.conflicts) for r in reports)}


def analysis_key(article: Article) -> str:
    """Cache key of an article's analysis: its id, text, language, date and the code version."""
    from storyline.analyze import ANALYSIS_VERSION

    h = hashlib.sha1()
    for part in (ANALYSIS_VERSION, article.id, article.text, article.language or "",
                 article.published or "", article.title or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def _split(items: Sequence[Any]) -> tuple[list[Any], list[Reject]]:
    good, bad = [], []
    for item in items:
        (bad if isinstance(item, Reject) else good).append(item)
    return good, bad


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _timed(items: Iterable[Any], ctx: Context, name: str) -> Iterator[Any]:
    """``items`` with the time spent producing them counted under ``name``."""
    it = iter(items)
    while True:
        with ctx.timer(name):
            item = next(it, _END)
        if item is _END:
            return
        yield item


_END = object()


def run(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None = None,
    settings: Settings | None = None,
) -> RunResult:
    """Rebuild the stories in ``inputs`` and, when ``out_dir`` is given, write them there.

    The input is streamed ``settings.chunk_size`` documents at a time; each chunk's articles and
    analyses are parked on disk (``store.spill``) and stories are rebuilt a batch at a time from
    there, so memory holds only the compact clustering state of the corpus.

    Args:
        inputs: files or folders (JSON Lines, .txt, .html, .warc(.gz), RSS/Atom).
        out_dir: output folder (articles.jsonl, stories/, storyline.duckdb, report/).
        settings: defaults when None.

    Returns:
        A ``RunResult`` holding the same records that were written (with
        ``settings.keep_records``; counts and stories only otherwise).

    Raises:
        InputError: no input path exists.
        SettingsError, StoreError, MissingDependency: the run cannot go on.
    """
    from storyline.store.spill import Spill

    settings = settings or Settings()
    ctx = Context(on_error=settings.on_error)
    engine = make_engine(settings.engine, ctx, progress=settings.progress,
                         workers=settings.workers, address=settings.ray_address,
                         local_below=settings.ray_local_below)
    t0 = time.perf_counter()

    paths = [Path(p) for p in inputs]
    missing = [str(p) for p in paths if not p.exists()]
    if missing and len(missing) == len(paths):
        raise InputError(f"no such input: {', '.join(missing)}", source=missing[0])
    for m in missing:
        ctx.reject(Reject(source=m, reason="missing_input", detail="no such file or folder"))

    store = None
    if out_dir is not None and settings.store != "files":
        from storyline.store.base import make_store

        store = make_store(settings.store, Path(out_dir))
    spill = Spill(Path(out_dir) if out_dir is not None else None)
    session = store.session() if store is not None else nullcontext()
    try:
        with session:  # one store connection for the whole run
            try:
                corpus = _stages([p for p in paths if p.exists()], settings, engine, store, ctx,
                                 Path(out_dir) if out_dir is not None else None, spill)
            finally:
                close = getattr(engine, "close", None)
                if close is not None:
                    close()  # the local engine's worker processes
            elapsed = time.perf_counter() - t0
            result = corpus.result(settings.keep_records)
            result.stats = {
                **ctx.stats(),
                "summary": result.summary(),
                "elapsed_s": round(elapsed, 3),
                "articles_per_s": (round(corpus.counts["articles"] / elapsed, 3)
                                   if elapsed else None),
                "words_per_s": round(corpus.words / elapsed, 1) if elapsed else None,
            }
            # 8. store and report
            if out_dir is not None:
                _write(Path(out_dir), corpus, result, store, ctx, settings)
    finally:
        spill.close()
    return result


@dataclass
class _Corpus:
    """A streamed run's state: its records on disk, the compact maps to read them back."""

    spill: Any  # store.spill.Spill: "article", "analysis" and "report" records
    story_of: dict[str, str]  # article id -> story id
    copies: dict[str, str]  # article id -> the article it duplicates
    stories: list[Story] = field(default_factory=list)
    shown: list[StoryReport] = field(default_factory=list)  # the page's (the largest) reports
    hidden: int = 0  # stories not on the page
    counts: dict[str, Any] = field(default_factory=dict)
    words: int = 0
    # a windowed --add: the earlier articles kept as written, and the earlier stories rebuilt
    # (None: this run rebuilds every story and replaces the whole earlier run)
    kept: Kept | None = None
    reopened: set[str] | None = None

    def article(self, a: Article) -> Article:
        """An article as written: with its story and duplicate link."""
        return a.replace(story=self.story_of.get(a.id), duplicate_of=self.copies.get(a.id))

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[list[Article]]:
        """The run's articles (or those of ``ids``), as written, a batch at a time."""
        if ids is None:
            for batch in self.spill.iter("article"):
                yield [self.article(a) for a in batch]
        else:
            for i in range(0, len(ids), 1000):
                yield [self.article(a) for a in self.spill.get("article", ids[i:i + 1000])]

    def reports(self, articles: int = 1000) -> Iterator[list[StoryReport]]:
        """The reports in story-id order, in batches of about ``articles`` articles (a large
        story's report is large: a batch never holds many of them)."""
        batch: list[StoryReport] = []
        n = 0
        for key in sorted(self.spill.keys("report")):
            report = self.spill.get("report", [key])[0]
            if batch and n + len(report.articles) > articles:
                yield batch
                batch, n = [], 0
            batch.append(report)
            n += len(report.articles)
        if batch:
            yield batch

    def rejects(self) -> Iterator[list[Reject]]:
        yield from self.spill.iter("reject")

    def result(self, keep: bool) -> RunResult:
        if not keep:
            shown = self.spill.get("reject", self.spill.keys("reject")[:REJECTS_SHOWN])
            return RunResult([], self.stories, [], shown, counts=self.counts)
        articles = [a for batch in self.articles() for a in batch]
        reports = [r for batch in self.reports() for r in batch]
        rejects = [r for batch in self.rejects() for r in batch]
        analyses = [x.replace(parsed=None) if x.parsed is not None else x
                    for batch in self.spill.iter("analysis") for x in batch]
        return RunResult(articles, self.stories, reports, rejects, analyses=analyses,
                         counts=self.counts)


def _drain(ctx: Context, spill: Any) -> None:
    """Move the context's rejects to disk (a CC-NEWS file skips more pages than it keeps); the
    context keeps counting them by reason."""
    numbers = itertools.count(spill.count("reject"))
    spill.put("reject", ctx.rejects, key=lambda _: f"{next(numbers):012d}")
    ctx.rejects.clear()


def _reject_reasons(ctx: Context) -> dict[str, int]:
    """Rejects per reason, from the counters ``Context.reject`` keeps."""
    return {k.removeprefix("rejected_"): v for k, v in ctx.counters.items()
            if k.startswith("rejected_")}


def _stages(
    paths: list[Path],
    settings: Settings,
    engine: Any,
    store: Any,
    ctx: Context,
    out_dir: Path | None,
    spill: Any,
) -> _Corpus:
    """Stages 1-7 on one engine, streamed: the run's records, on disk, not yet written.

    The output folder's previous articles (``out_dir/articles.jsonl``) give their story ids
    to stories that keep some of them; with ``settings.add`` they join this run's articles (an
    input article with the same id replaces its earlier copy).
    """
    from storyline.clean import clean_batch
    from storyline.clean.boilerplate import learn_furniture
    from storyline.cluster import cluster_items
    from storyline.cluster.ids import stable_story_ids, topic_ids
    from storyline.dedup.resolve import find_duplicates
    from storyline.ingest import read_inputs

    seen: set[str] = set()
    signatures: list[Any] = []
    words = 0
    new_days: set[str] = set()  # the input's dates: a windowed --add's window

    def absorb(articles: list[Article]) -> None:
        """4-5 for one chunk: its dedup signatures and analyses; the records go to disk, and
        so do the clustering items, their vectors and the signatures (row files: what stays
        in memory for the whole run is the dedup items and the spill's index)."""
        nonlocal words
        words += sum(len(a.text.split()) for a in articles)
        signatures.extend(_held_signatures(_signatures(articles, settings, engine), spill))
        analyses = _analyze(articles, settings, engine, store, ctx)
        spill.put("item", _held_vectors(cluster_items(articles, analyses), spill))
        spill.put("article", articles)
        spill.put("analysis", analyses, key=lambda x: x.article)
        _drain(ctx, spill)

    # 1-3. ingest (streamed), furniture (learned per chunk) and clean, chunk by chunk
    for chunk in _chunks(_timed(read_inputs(paths), ctx, "ingest"), settings.chunk_size):
        raw, rejects = _split(chunk)
        for r in rejects:
            ctx.reject(r)
        raw = _unique_ids(raw, ctx, seen)
        ctx.count("documents_read", len(raw) + len(rejects))
        furniture = engine.global_(learn_furniture, raw, desc="furniture")
        articles: list[Article] = engine.map(
            lambda b, f=furniture: clean_batch(b, f), raw, batch_size=64, desc="clean"
        )
        del raw  # the pages (HTML can be 100 KB each) are not needed past cleaning
        new_days.update(a.published[:10] for a in articles if a.published)
        absorb(articles)
    previous: dict[str, str] = {}
    as_written: Kept | None = None  # a windowed --add: earlier articles kept as they are
    reopened: set[str] | None = None  # ... and the earlier stories it rebuilds
    if out_dir is not None:  # an earlier run's articles: their story ids carry over
        from storyline.store.files import iter_article_lines

        window = _window(out_dir, settings, new_days)
        if window is not None:
            reopened = open_stories(out_dir, window, seen)
            as_written = Kept(spill.path)
        for batch in _chunks(iter_article_lines(out_dir), settings.chunk_size):
            live: list[Article] = []
            lines: list[str] = []  # kept as written (a window only)
            for line, a in batch:
                if window is not None and a.id not in seen and not (
                        a.story in reopened if a.story else window.covers(a.published)):
                    lines.append(line)
                else:
                    live.append(a)
            if as_written is not None:
                as_written.extend(lines)
            previous.update((a.id, a.story) for a in live if a.story)
            if settings.add:
                kept = [a.replace(story=None, duplicate_of=None) for a in live
                        if a.id not in seen]
                ctx.count("articles_added_to", len(kept))
                if kept:
                    absorb(kept)
        if as_written is not None:
            ctx.count("articles_kept_as_written", as_written.count)
            ctx.count("stories_reopened", len(reopened or ()))

    # 4. dedup, over the whole run's signatures
    copies = engine.global_(find_duplicates, signatures, settings.dedup,
                            spill.rows("signature"), desc="dedup")
    engine.ctx.count("duplicates", len(copies))
    signatures.clear()  # the LSH is built: the signatures are not needed again
    items = _run_items(spill, copies)

    # 6. cluster
    assignment, topics = _assign(items, settings, engine, spill.rows("vector"))  # empties items
    members = _members(spill.keys("article"), assignment)
    renamed = stable_story_ids(members, previous)
    topic_of = topic_ids(topics, renamed)
    story_of = {aid: renamed[sid] for sid, ids in members.items() for aid in ids}
    corpus = _Corpus(spill, story_of, copies, kept=as_written, reopened=reopened)

    # 7. reconcile, a batch of stories at a time
    groups = sorted((renamed[sid], ids) for sid, ids in members.items())
    shown = _largest(groups, settings.report_max_stories, settings.report_max_articles)
    counts = {"statements": 0, "events": 0, "claims": 0, "conflicts": 0}
    for batch in _story_batches(groups, settings.chunk_size):
        ids = [aid for _, aids in batch for aid in aids]
        by_id = {a.id: a for b in corpus.articles(ids) for a in b}
        stories = [Story(id=sid, articles=tuple(sorted(aids)),
                         title=story_title([by_id[i] for i in sorted(aids)], min(aids)),
                         topic=topic_of[sid])
                   for sid, aids in batch]
        analyses = spill.get("analysis", ids)
        reports = _reconcile([by_id[i] for i in ids], analyses, stories, settings, engine,
                             store)
        spill.put("report", reports)
        corpus.stories.extend(stories)
        corpus.shown.extend(r for r in reports if r.id in shown)
        for k, v in _report_counts(reports).items():
            counts[k] += v
    _drain(ctx, spill)
    corpus.hidden = len(groups) - len(shown)
    corpus.counts = {"articles": spill.count("article"), "duplicates": len(copies), **counts,
                     "skipped_reasons": _reject_reasons(ctx)}
    if as_written is not None:
        corpus.counts["articles_kept_as_written"] = as_written.count
    corpus.words = words
    return corpus


def _window(out_dir: Path, settings: Settings, new_days: set[str]) -> Window | None:
    """A windowed ``--add``'s window over the earlier articles (None: every earlier article
    is clustered again: no window asked, no earlier run, or no dated new article)."""
    if not settings.add or settings.add_window_days is None:
        return None
    if not (out_dir / "articles.jsonl").is_file():
        return None
    window = Window(new_days, settings.add_window_days)
    if not window:
        log.warning("no input article has a date, so no earlier story lies within %d days "
                    "of one: every earlier article is clustered again",
                    settings.add_window_days)
        return None
    return window


def _unique_ids(raw: list[RawDoc], ctx: Context, seen: set[str]) -> list[RawDoc]:
    """Keep the first document of each id (``seen``: the ids of the run so far); later ones
    are rejected (ids index every output)."""
    out = []
    for doc in raw:
        if doc.id in seen:
            ctx.reject(Reject(source=doc.source, reason="duplicate_id", record=doc.id,
                              detail=f"id {doc.id!r} already read; this copy is skipped"))
            continue
        seen.add(doc.id)
        out.append(doc)
    return out


def _signatures(articles: list[Article], settings: Settings, engine: Any) -> list[Any]:
    """The dedup stage's map half: (id, published, MinHash signature, text hash) per article."""
    from storyline.dedup.exact import text_hash
    from storyline.dedup.minhash import signature

    return engine.map(
        lambda b: [(a.id, a.published, signature(a, settings.dedup), text_hash(a.text)) for a in b],
        articles, batch_size=256, desc="minhash",
    )


def _held_signatures(items: list[Any], spill: Any) -> list[Any]:
    """Dedup items with their signatures moved to the spill's ``signature`` rows: each keeps
    its row number in the signature's place (``find_duplicates`` reads them back). They stay
    in memory until dedup, so the rest is packed: the date interned (a crawl's articles share
    a few hundred) and the text hash as its 20 bytes rather than 40 hex digits."""
    if not items:
        return items
    import sys

    import numpy as np

    first = spill.put_rows("signature", np.asarray([i[2] for i in items], dtype=np.uint32))
    return [(i[0], i[1] and sys.intern(i[1]), first + k, bytes.fromhex(i[3]))
            for k, i in enumerate(items)]


def _held_vectors(items: list[Any], spill: Any) -> list[Any]:
    """Cluster items with their unit vectors moved to the spill's ``vector`` rows (each item
    keeps its ``vector_row``); items are left as they are while no item has a vector."""
    from storyline.cluster.link import unit_vectors
    from storyline.records import vector

    held = spill.rows("vector")
    dims = held.width if held is not None else max((len(i.embedding) for i in items),
                                                   default=0)
    if not items or not dims:
        return items
    first = spill.put_rows("vector", unit_vectors(items, dims))
    return [i.replace(embedding=vector(), vector_row=first + k) for k, i in enumerate(items)]


def _run_items(spill: Any, copies: dict[str, str]) -> list[Any]:
    """The run's clustering items read back from the spill, in the order they were made: in
    full for what the blocking plan reads (``link.plan_blocks``: the originals), as an id and
    a copy link for the copies (all the last step reads of them). Near-copies are most of a
    news crawl (wire stories), so their terms and entity keys are never held."""
    from storyline.records import ClusterItem, vector

    ids = spill.keys("item")
    known = set(ids)
    full = {k for k in ids if copies.get(k) not in known}  # as link._core picks them
    if not full:  # only copies of one another (link._core then takes every item)
        full = known
    out: list[Any] = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        got = {i.id: i for i in spill.get("item", [k for k in chunk if k in full])}
        for k in chunk:
            item = got.get(k)
            if item is None:
                out.append(ClusterItem(id=k, embedding=vector(), duplicate_of=copies[k]))
            else:
                out.append(item.replace(duplicate_of=copies[k]) if k in copies else item)
    return out


def _dedup(articles: list[Article], settings: Settings, engine: Any) -> list[Article]:
    """Dedup of articles held in memory (``run`` streams the same two halves)."""
    from storyline.dedup.resolve import find_duplicates

    copies = engine.global_(find_duplicates, _signatures(articles, settings, engine),
                            settings.dedup, desc="dedup")
    engine.ctx.count("duplicates", len(copies))
    return [a.replace(duplicate_of=copies.get(a.id)) for a in articles]


def _analyze(
    articles: list[Article], settings: Settings, engine: Any, store: Any, ctx: Context
) -> list[ArticleAnalysis]:
    from storyline.analyze import Analyzer

    keys = {a.id: analysis_key(a) for a in articles}
    cached: dict[str, ArticleAnalysis] = {}
    if store is not None:
        cached = store.get_analyses(list(keys.values()))
    todo = [a for a in articles if keys[a.id] not in cached]
    ctx.count("analyses_reused", len(articles) - len(todo))
    fresh: list[ArticleAnalysis] = []
    if todo:
        languages = sorted({(a.language or "en").lower() for a in todo})
        analyzer = Analyzer(settings.analyze, languages=tuple(languages))
        sink = None
        if store is not None:  # checkpoint batch by batch: a killed run resumes from here
            def sink(done: list[ArticleAnalysis]) -> None:
                store.put_analyses({keys[x.article]: x for x in done})
        fresh = engine.map(analyzer, todo, batch_size=settings.analyze.batch_size,
                           desc="analyze", sink=sink)
    by_article = {x.article: x for x in fresh}
    for a in articles:
        if keys[a.id] in cached:
            by_article[a.id] = cached[keys[a.id]]
    return [by_article[a.id] for a in articles if a.id in by_article]


def _assign(
    items: list[Any], settings: Settings, engine: Any, vectors: Any = None,
) -> tuple[dict[str, str], list[list[str]]]:
    """Story clustering over the run's compact items: article id -> clusterer's story name, and
    the topics (``link.story_topics``: story names that share a strong-link component).

    Blocking keys (global) -> scored pairs per block (keyed shuffle) -> strong-link components
    (global) -> average link per component (map) -> copies join their originals (global).
    Once the blocking plan holds the vectors, terms and entities it needs, ``items`` (the
    caller's list, emptied) is cut to what the last step reads: ids and copy links.
    """
    from storyline.cluster.link import (
        ScoreBlock,
        assign_stories,
        block_key,
        cluster_components,
        components,
        plan_blocks,
        story_topics,
    )
    from storyline.records import ClusterItem, vector

    plan = engine.global_(plan_blocks, items, settings.cluster, vectors, desc="cluster_block")
    links = [ClusterItem(id=i.id, embedding=vector(), duplicate_of=i.duplicate_of)
             for i in items]
    items.clear()  # the plan has the rest (its vectors in memory or in the spill's rows)
    with single_blas_thread():  # many small products per block
        scorer = ScoreBlock(plan.idf, settings.cluster, plan.vectors)
        scored = engine.per_key(block_key, scorer, plan.rows, desc="cluster_pairs")
    comps = engine.global_(components, plan, scored, settings.cluster, desc="cluster_components")
    del plan, scored
    comps.sort(key=lambda c: -len(c.ids))  # big components first: they are the long tasks
    groups = engine.map(lambda b: cluster_components(b, settings.cluster), comps,
                        batch_size=64, desc="cluster")
    assignment = engine.global_(assign_stories, links, groups, desc="cluster_assign")
    return assignment, story_topics(comps, assignment)


def _cluster(
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    settings: Settings,
    engine: Any,
    previous: dict[str, str] | None = None,
) -> tuple[list[Article], list[Story]]:
    """Clustering of articles held in memory (``run`` streams the same steps)."""
    from storyline.cluster import cluster_items
    from storyline.cluster.ids import stable_story_ids, topic_ids

    assignment, topics = _assign(cluster_items(articles, analyses), settings, engine)
    members = _members([a.id for a in articles], assignment)
    # Story ids: an earlier run's id where the story shares articles with one, else a hash of
    # the member ids, whatever the clusterer named them.
    renamed = stable_story_ids(members, previous or {})
    topic_of = topic_ids(topics, renamed)
    articles = [a.replace(story=renamed.get(assignment.get(a.id, ""), None)) for a in articles]
    by_id = {a.id: a for a in articles}
    stories = []
    for sid, ids in members.items():
        ids = sorted(ids)
        stories.append(Story(id=renamed[sid], articles=tuple(ids), title=story_title(
            [by_id[i] for i in ids], ids[0]), topic=topic_of[renamed[sid]]))
    stories.sort(key=lambda s: s.id)
    return articles, stories


def _members(ids: Iterable[str], assignment: dict[str, str]) -> dict[str, list[str]]:
    """Story -> its article ids, in the order of ``ids`` (articles with no story left out)."""
    members: dict[str, list[str]] = {}
    for aid in ids:
        sid = assignment.get(aid)
        if sid is not None:
            members.setdefault(sid, []).append(aid)
    return members


def _largest(groups: list[tuple[str, list[str]]], n: int, max_articles: int) -> set[str]:
    """The ids of the stories the page shows: the largest first (ties by id), at most ``n`` of
    them and ``max_articles`` articles in all (the largest story always)."""
    ranked = sorted(groups, key=lambda g: (-len(g[1]), g[0]))
    shown: set[str] = set()
    total = 0
    for sid, ids in ranked[:n]:
        if shown and total + len(ids) > max_articles:
            continue  # a smaller story may still fit
        shown.add(sid)
        total += len(ids)
    return shown


def _story_batches(
    groups: list[tuple[str, list[str]]], size: int
) -> Iterator[list[tuple[str, list[str]]]]:
    """Stories in batches of about ``size`` articles (a larger story is a batch alone)."""
    batch: list[tuple[str, list[str]]] = []
    n = 0
    for group in groups:
        if batch and n + len(group[1]) > size:
            yield batch
            batch, n = [], 0
        batch.append(group)
        n += len(group[1])
    if batch:
        yield batch


def report_key(story: Story, members: list[Article], settings: Settings) -> str:
    """Cache key of a story's report: the reconcile code, its settings, the story and every
    member article (its fields and its analysis key). Any change to one of them misses."""
    from storyline.reconcile import RECONCILE_VERSION

    h = hashlib.sha1()
    # the topic is not the report's input: it is set on the report as it leaves (_reconcile)
    story_part = json.dumps(story.replace(topic=None).to_dict())
    for part in (RECONCILE_VERSION, repr(settings.reconcile), story_part):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    for a in sorted(members, key=lambda a: a.id):
        h.update(json.dumps(a.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(analysis_key(a).encode())
    return h.hexdigest()


def _reconcile(
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    stories: list[Story],
    settings: Settings,
    engine: Any,
    store: Any,
) -> list[StoryReport]:
    """Reports per story: from the store when the same story was reconciled from the same
    inputs before, else rebuilt (a per-key stage) and stored."""
    by_analysis = {x.article: x for x in analyses}
    by_story = {s.id: s for s in stories}
    members: dict[str, list[Article]] = {}
    for a in articles:
        if a.story:
            members.setdefault(a.story, []).append(a)
    keys = {sid: report_key(by_story[sid], arts, settings) for sid, arts in members.items()}
    cached: dict[str, StoryReport] = store.get_reports(list(keys.values())) if store else {}
    engine.ctx.count("reports_reused", sum(k in cached for k in keys.values()))
    todo = [(by_story[a.story], a, by_analysis.get(a.id)) for a in articles
            if a.story and keys[a.story] not in cached]
    fresh = engine.per_key(lambda item: item[0].id, ReconcileStory(settings), todo,
                           desc="reconcile")
    if store is not None and fresh:
        store.put_reports({keys[r.id]: r for r in fresh})
    reports = fresh + [cached[k] for k in keys.values() if k in cached]
    reports = [r if r.topic == by_story[r.id].topic else r.replace(topic=by_story[r.id].topic)
               for r in reports]
    return sorted(reports, key=lambda r: r.id)


class ReconcileStory:
    """The per-key reconcile stage: one story's (story, article, analysis) items -> its report.

    A stage object rather than a closure, so an engine can hold it in a worker (a process or a
    Ray actor); the reconciler (and its encoder) is built on the first story, in the worker
    that runs it, never in a driver that only hands the stage on. Each item carries its
    ``Story``, so the stage itself stays small however many stories the run has.
    """

    loads_models = True
    # a pool this stage starts (every analysis came from the store) preloads the encoder
    preload = (("storyline.cluster.embed", "warm_encoder", None),)

    def __init__(self, settings: Settings) -> None:
        from storyline.engine.base import require
        from storyline.reconcile import Reconciler

        require(Reconciler.name, *Reconciler.requires, extra="nlp")  # fail here, not per story
        self.settings = settings
        self._reconciler: Any = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReconcileStory, (self.settings,))  # a worker builds its own reconciler

    def __call__(
        self, story_id: str, group: list[tuple[Story, Article, ArticleAnalysis | None]]
    ) -> StoryReport:
        if self._reconciler is None:
            from storyline.reconcile import Reconciler

            self._reconciler = Reconciler(self.settings)  # loads the encoder
        arts = [a for _, a, _ in group]
        return self._reconciler(group[0][0], arts, [x for _, _, x in group if x is not None])


def _write(
    out_dir: Path, corpus: _Corpus, result: RunResult, store: Any, ctx: Context,
    settings: Settings,
) -> None:
    """Stream the run's records from disk into the contract's files, the store and the page."""
    from storyline.report.html import render_report
    from storyline.store.files import atomic_write, write_outputs

    out_dir.mkdir(parents=True, exist_ok=True)
    with ctx.timer("write"):
        write_outputs(out_dir, (a for b in corpus.articles() for a in b),
                      (r for b in corpus.reports() for r in b),
                      (r for b in corpus.rejects() for r in b), result.stats,
                      kept_lines=corpus.kept.lines() if corpus.kept is not None else (),
                      stale=corpus.reopened)
    if store is not None:
        with ctx.timer("store"):
            store.write_run_batches(_store_batches(corpus), (r for b in corpus.rejects()
                                                              for r in b),
                                    replace_stories=corpus.reopened)
    with ctx.timer("report"):
        ids = sorted({a for r in corpus.shown for a in r.articles})
        loose = [a for a in corpus.spill.keys("article") if a not in corpus.story_of]
        ids += loose[: settings.report_max_articles]  # articles in no story (no analysis)
        shown = [a for b in corpus.articles(ids) for a in b]
        render_report(out_dir, shown, corpus.shown, summary=result.summary(),
                      hidden=corpus.hidden)
    # again with the store's and the report's timings (a reader sees the old file or the new)
    atomic_write(out_dir / "stats.json", [json.dumps({**result.stats, **ctx.stats()}, indent=2,
                                                     ensure_ascii=False, default=str), "\n"])


# Articles (with their stories' reports) per staged batch of the run tables: each batch is one
# Parquet file per table, built in an in-memory DuckDB that holds the batch's rows (the store
# loads the files in one last transaction). A replay of a 20k-article write
# (benchmarks/store_write.py, 64 MB limit, the machine shared with a benchmark) peaked at
# 162 MB in batches of 100, 173 MB in batches of 250 and 452 MB in batches of 1,000 (the
# in-memory build ran out of the limit and was done again without it), from ~72 MB.
STORE_BATCH_ARTICLES = 250


def _store_batches(corpus: _Corpus) -> Iterator[tuple[list[Article], list[StoryReport]]]:
    """The run's records a batch of stories at a time (with their articles), then the articles
    in no story: what ``Store.write_run_batches`` inserts."""
    for reports in corpus.reports(STORE_BATCH_ARTICLES):
        ids = [a for r in reports for a in r.articles]
        yield [a for b in corpus.articles(ids) for a in b], reports
    loose = [a for a in corpus.spill.keys("article") if a not in corpus.story_of]
    for batch in corpus.articles(loose):
        yield batch, []
