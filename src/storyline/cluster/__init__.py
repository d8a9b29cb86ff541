"""Story clustering: articles about one event (in any language) become one story."""

from __future__ import annotations

import re
import sys

from storyline.cluster.marks import FIGURE_SENTENCES, lead_figures
from storyline.cluster.terms import MAX_TERMS, article_terms
from storyline.records import Article, ArticleAnalysis, ClusterItem

_KEY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "EVENT", "NORP", "OTHER"}
LEAD_SENTENCES = 2  # the people of the first sentences (and the title) lead the story


def entity_key(name: str) -> str:
    """Normalised, script-independent key of a name: transliterated, lower, no titles."""
    from anyascii import anyascii

    from storyline.reconcile.names import strip_titles

    key = anyascii(strip_titles(name)).lower()
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    return " ".join(key.split())


def cluster_items(
    articles: list[Article], analyses: list[ArticleAnalysis], *, max_terms: int = MAX_TERMS
) -> list[ClusterItem]:
    """Build the compact clustering input of each analysed article.

    Besides the analysis' embedding, entity keys and date, each item keeps the ``max_terms``
    most frequent content words of its title and text (``terms.article_terms``); their IDF is
    computed later, over the whole batch, by ``link.plan_blocks``. It also keeps its lead people
    (``lead_people``) and the figures of its first ``FIGURE_SENTENCES`` sentences outside the
    analysis' time mentions (``marks.lead_figures``).
    """
    by_id = {a.article: a for a in analyses}
    items = []
    for art in articles:
        an = by_id.get(art.id)
        if an is None:
            continue
        # interned, like the terms: a name common to many articles is held once for the run
        keys = sorted({sys.intern(entity_key(e.text)) for e in an.entities
                       if e.label in _KEY_TYPES} - {""})
        figures = lead_figures(art.text, an.lead_end(FIGURE_SENTENCES),
                               [(t.start, t.end) for t in an.times])
        items.append(ClusterItem(id=art.id, embedding=an.embedding, entities=tuple(keys),
                                 lead=tuple(sys.intern(k) for k in lead_people(an)),
                                 date=art.published or an.reference_date,
                                 language=art.language, duplicate_of=art.duplicate_of,
                                 terms=article_terms(f"{art.title or ''}\n{art.text}",
                                                     max_terms),
                                 lead_figures=figures))
    return items


def lead_people(analysis: ArticleAnalysis) -> tuple[str, ...]:
    """Entity keys of the people named in the article's first ``LEAD_SENTENCES`` sentences.

    Full names only: a lone surname in the lead counts as the article's full name(s) that end
    with it ("Jackson" -> "vincent jackson"), and a lone word with no such full name (often a
    company the tagger took for a person) does not count.
    """
    lead_end = analysis.lead_end(LEAD_SENTENCES)
    people = [(e.start, entity_key(e.text)) for e in analysis.entities if e.label == "PERSON"]
    full = {k for _, k in people if len(k.split()) >= 2}
    keys: set[str] = set()
    for start, key in people:
        if start >= lead_end or not key:
            continue
        if len(key.split()) >= 2:
            keys.add(key)
        else:
            keys.update(f for f in full if f.split()[-1] == key)
    return tuple(sorted(keys))
