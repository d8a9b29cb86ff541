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
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What a run produced: the same records that are written to the output folder."""

    articles: list[Article]
    stories: list[Story]
    reports: list[StoryReport]
    rejects: list[Reject]
    stats: dict[str, Any] = field(default_factory=dict)
    analyses: list[ArticleAnalysis] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts for the end-of-run summary."""
        reasons: dict[str, int] = {}
        for r in self.rejects:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return {
            "articles": len(self.articles),
            "skipped": len(self.rejects),
            "skipped_reasons": dict(sorted(reasons.items())),
            "duplicates": sum(1 for a in self.articles if a.duplicate_of),
            "stories": len(self.stories),
            "multi_article_stories": sum(1 for s in self.stories if len(s.articles) > 1),
            "statements": sum(len(r.statements) for r in self.reports),
            "events": sum(len(r.events) for r in self.reports),
            "claims": sum(len(r.claims) for r in self.reports),
            "conflicts": sum(len(r.conflicts) for r in self.reports),
        }


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


def run(
    inputs: Sequence[str | Path],
    out_dir: str | Path | None = None,
    settings: Settings | None = None,
) -> RunResult:
    """Rebuild the stories in ``inputs`` and, when ``out_dir`` is given, write them there.

    Args:
        inputs: files or folders (JSON Lines, .txt, .html, .warc(.gz), RSS/Atom).
        out_dir: output folder (articles.jsonl, stories/, storyline.duckdb, report/).
        settings: defaults when None.

    Returns:
        A ``RunResult`` holding the same records that were written.

    Raises:
        InputError: no input path exists.
        SettingsError, StoreError, MissingDependency: the run cannot go on.
    """
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
    earlier: list[Article] = []
    if out_dir is not None:  # an earlier run's articles: their story ids carry over
        from storyline.store.files import read_articles

        earlier = read_articles(Path(out_dir))
    try:
        result = _stages([p for p in paths if p.exists()], settings, engine, store, ctx, earlier)
    finally:
        close = getattr(engine, "close", None)
        if close is not None:
            close()  # the local engine's worker processes
    elapsed = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in result.articles)
    result.stats = {
        **ctx.stats(),
        "summary": result.summary(),
        "elapsed_s": round(elapsed, 3),
        "articles_per_s": round(len(result.articles) / elapsed, 3) if elapsed else None,
        "words_per_s": round(words / elapsed, 1) if elapsed else None,
    }

    # 8. store and report
    if out_dir is not None:
        _write(Path(out_dir), result, store, ctx)
    return result


def _stages(
    paths: list[Path],
    settings: Settings,
    engine: Any,
    store: Any,
    ctx: Context,
    earlier: list[Article],
) -> RunResult:
    """Stages 1-7 on one engine: the run's records, not yet written.

    ``earlier`` are the articles of the output folder's previous run: stories that keep some of
    them keep their ids, and with ``settings.add`` they join this run's articles (an input
    article with the same id replaces its earlier copy).
    """
    from storyline.clean import clean_batch
    from storyline.clean.boilerplate import learn_furniture
    from storyline.ingest import read_inputs

    # 1. ingest (streamed; the list holds RawDocs, which the boilerplate learner needs together)
    with ctx.timer("ingest"):
        raw, rejects = _split(list(read_inputs(paths)))
    for r in rejects:
        ctx.reject(r)
    raw = _unique_ids(raw, ctx)
    ctx.count("documents_read", len(raw) + len(rejects))

    # 2-3. clean
    furniture = engine.global_(learn_furniture, raw, desc="furniture")
    articles: list[Article] = engine.map(
        lambda b: clean_batch(b, furniture), raw, batch_size=64, desc="clean"
    )
    del raw  # the pages (HTML can be 100 KB each) are not needed past cleaning
    if settings.add and earlier:
        new = {a.id for a in articles}
        kept = [a.replace(story=None, duplicate_of=None) for a in earlier if a.id not in new]
        ctx.count("articles_added_to", len(kept))
        articles = kept + articles

    # 4. dedup
    articles = _dedup(articles, settings, engine)

    # 5. analyze (with the store's cache of earlier runs)
    analyses = _analyze(articles, settings, engine, store, ctx)

    # 6. cluster
    previous = {a.id: a.story for a in earlier if a.story}
    articles, stories = _cluster(articles, analyses, settings, engine, previous)

    # 7. reconcile per story
    reports = _reconcile(articles, analyses, stories, settings, engine, store)
    analyses = [x.replace(parsed=None) if x.parsed is not None else x for x in analyses]
    return RunResult(articles, stories, reports, list(ctx.rejects), analyses=analyses)
def _unique_ids(raw: list[RawDoc], ctx: Context) -> list[RawDoc]:
    """Keep the first document of each id; later ones are rejected (ids index every output)."""
    seen: set[str] = set()
    out = []
    for doc in raw:
        if doc.id in seen:
            ctx.reject(Reject(source=doc.source, reason="duplicate_id", record=doc.id,
                              detail=f"id {doc.id!r} already read; this copy is skipped"))
            continue
        seen.add(doc.id)
        out.append(doc)
    return out


def _dedup(articles: list[Article], settings: Settings, engine: Any) -> list[Article]:
    from storyline.dedup.exact import text_hash
    from storyline.dedup.minhash import signature
    from storyline.dedup.resolve import find_duplicates

    items = engine.map(
        lambda b: [(a.id, a.published, signature(a, settings.dedup), text_hash(a.text)) for a in b],
        articles, batch_size=256, desc="minhash",
    )
    copies = engine.global_(find_duplicates, items, settings.dedup, desc="dedup")
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


def _cluster(
    articles: list[Article],
    analyses: list[ArticleAnalysis],
    settings: Settings,
    engine: Any,
    previous: dict[str, str] | None = None,
) -> tuple[list[Article], list[Story]]:
    from storyline.cluster import cluster_items
    from storyline.cluster.ids import stable_story_ids
    from storyline.cluster.link import (
        ScoreBlock,
        assign_stories,
        block_key,
        cluster_components,
        components,
        plan_blocks,
    )

    items = cluster_items(articles, analyses)
    # blocking keys (global) -> scored pairs per block (keyed shuffle) -> strong-link components
    # (global) -> average link per component (map) -> copies join their originals (global)
    plan = engine.global_(plan_blocks, items, settings.cluster, desc="cluster_block")
    with single_blas_thread():  # many small products per block
        scored = engine.per_key(block_key, ScoreBlock(plan.idf, settings.cluster), plan.rows,
                                desc="cluster_pairs")
    comps = engine.global_(components, plan, scored, settings.cluster, desc="cluster_components")
    comps.sort(key=lambda c: -len(c.ids))  # big components first: they are the long tasks
    groups = engine.map(lambda b: cluster_components(b, settings.cluster), comps,
                        batch_size=64, desc="cluster")
    assignment: dict[str, str] = engine.global_(assign_stories, items, groups,
                                                desc="cluster_assign")
    members: dict[str, list[str]] = {}
    for a in articles:
        sid = assignment.get(a.id)
        if sid is not None:
            members.setdefault(sid, []).append(a.id)
    # Story ids: an earlier run's id where the story shares articles with one, else a hash of
    # the member ids, whatever the clusterer named them.
    renamed = stable_story_ids(members, previous or {})
    articles = [a.replace(story=renamed.get(assignment.get(a.id, ""), None)) for a in articles]
    by_id = {a.id: a for a in articles}
    stories = []
    for sid, ids in members.items():
        ids = sorted(ids)
        stories.append(Story(id=renamed[sid], articles=tuple(ids), title=_story_title(
            [by_id[i] for i in ids])))
    stories.sort(key=lambda s: s.id)
    return articles, stories


def _story_title(members: list[Article]) -> str:
    originals = [a for a in members if not a.duplicate_of] or members
    dated = sorted(originals, key=lambda a: (a.published is None, a.published or "", a.id))
    for a in dated:
        if a.title:
            return a.title
    first = dated[0].text.strip().splitlines()
    return first[0][:200] if first else dated[0].id


def report_key(story: Story, members: list[Article], settings: Settings) -> str:
    """Cache key of a story's report: the reconcile code, its settings, the story and every
    member article (its fields and its analysis key). Any change to one of them misses."""
    from storyline.reconcile import RECONCILE_VERSION

    h = hashlib.sha1()
    for part in (RECONCILE_VERSION, repr(settings.reconcile), json.dumps(story.to_dict())):
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


def _write(out_dir: Path, result: RunResult, store: Any, ctx: Context) -> None:
    from storyline.report.html import render_report
    from storyline.store.files import write_outputs

    out_dir.mkdir(parents=True, exist_ok=True)
    with ctx.timer("write"):
        write_outputs(out_dir, result.articles, result.reports, result.rejects, result.stats)
        if store is not None:
            store.write_run(result.articles, result.reports, result.rejects)
    with ctx.timer("report"):
        render_report(out_dir, result.articles, result.reports)
    (out_dir / "stats.json").write_text(
        json.dumps({**result.stats, **ctx.stats()}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
