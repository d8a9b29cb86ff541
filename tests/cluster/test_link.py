"""Story clustering.

Near-miss fixtures: short paragraphs written for this test, summarising public reporting on the
Ever Given grounding in the Suez Canal (March 2021) and its release after a settlement (July 2021).
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storyline.cluster.link import cluster_articles
from storyline.records import ClusterItem
from storyline.settings import ClusterSettings

GROUNDING = [
    ("g1", "2021-03-24", "en", ("A giant container ship, the Ever Given, ran aground in the Suez "
     "Canal on Tuesday and blocked traffic in both directions, the canal authority said.")),
    ("g2", "2021-03-25", "fr", ("Le porte-conteneurs géant Ever Given s'est échoué mardi dans le "
     "canal de Suez et bloque la circulation dans les deux sens, selon l'autorité du canal.")),
]
RELEASE = [
    ("r1", "2021-07-07", "en", ("The Ever Given left the Suez Canal on Wednesday after its owners "
     "and the canal authority signed a compensation deal, ending a three-month impoundment.")),
]
ENTS = {"g1": ("ever given", "suez canal"), "g2": ("ever given", "suez"),
        "r1": ("ever given", "suez canal")}


@pytest.fixture(scope="module")
def embedder():
    from storyline.cluster.embed import Embedder

    return Embedder()


@pytest.mark.parametrize("cfg", [ClusterSettings()])
def test_link_same_ship_months_later_is_another_story(embedder, cfg: ClusterSettings) -> None:
    rows = GROUNDING + RELEASE
    vecs = embedder.encode([r[3] for r in rows])
    items = [ClusterItem(id=r[0], embedding=tuple(map(float, v)), entities=ENTS[r[0]],
                         date=r[1], language=r[2]) for r, v in zip(rows, vecs)]
    stories = cluster_articles(items, cfg)
    assert stories["g1"] == stories["g2"]
    assert stories["r1"] != stories["g1"]


def _items(n: int, seed: int) -> list[ClusterItem]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((3, 16))
    out = []
    for i in range(n):
        v = centres[i % 3] + 0.1 * rng.standard_normal(16)
        out.append(ClusterItem(id=f"a{i}", embedding=tuple(float(x) for x in v / np.linalg.norm(v)),
                               date="2021-03-2" + str(i % 3), duplicate_of="a0" if i == 7 else None))
    return out


@pytest.mark.parametrize("cfg", [ClusterSettings()])
@hsettings(max_examples=20, deadline=None)
@given(data=st.data())
def test_link_story_ids_ignore_input_order(cfg: ClusterSettings, data: st.DataObject) -> None:
    items = _items(9, seed=3)
    shuffled = data.draw(st.permutations(items))
    assert cluster_articles(list(shuffled), cfg) == cluster_articles(items, cfg)


@pytest.mark.parametrize("cfg", [ClusterSettings()])
def test_link_singleton_and_duplicate(cfg: ClusterSettings) -> None:
    one = ClusterItem(id="x", embedding=(1.0, 0.0))
    assert set(cluster_articles([one], cfg)) == {"x"}
    items = _items(9, seed=1)
    stories = cluster_articles(items, cfg)
    assert stories["a7"] == stories["a0"]


def _story_items(n_stories: int, per_story: int, seed: int) -> list[ClusterItem]:
    """Noisy copies of random story centres, some stories sharing a centre direction."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_stories, 16))
    out = []
    for s in range(n_stories):
        for m in range(per_story):
            v = centres[s] + rng.normal(0, 0.6, 16) + (centres[(s + 1) % n_stories] * 0.5
                                                         if m % 3 == 0 else 0)
            out.append(ClusterItem(id=f"s{s}m{m}", embedding=tuple(float(x) for x in v),
                                   entities=(f"e{s}", f"e{(s * 7) % 5}"),
                                   date=f"2021-03-{1 + (s * 3 + m) % 28:02d}"))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_link_components_give_the_global_average_link(seed: int) -> None:
    """Average-link per strong-link component partitions exactly as over the whole graph."""
    from storyline.cluster.link import _average_link, _core, score_pairs

    cfg = ClusterSettings(threshold=0.45, average_threshold=0.2)
    items = _story_items(8, 6, seed)
    core = _core(items)
    labels = _average_link(len(core), score_pairs(core, cfg), cfg)
    whole: dict[int, set[str]] = {}
    for idx, lab in enumerate(labels):
        whole.setdefault(lab, set()).add(core[idx].id)
    stories = cluster_articles(items, cfg)
    split: dict[str, set[str]] = {}
    for aid, sid in stories.items():
        split.setdefault(sid, set()).add(aid)
    assert sorted(map(sorted, whole.values())) == sorted(map(sorted, split.values()))
    assert 1 < len(split) < len(items)  # the fixture is neither one story nor all singletons


def _unit(v: np.ndarray) -> tuple[float, ...]:
    return tuple(float(x) for x in v / np.linalg.norm(v))


@pytest.mark.parametrize("cfg", [ClusterSettings(cannot_link_days=30)])
def test_link_similar_events_months_apart_stay_apart(cfg: ClusterSettings) -> None:
    """Two events whose reports read alike, five months apart, each with an undated report
    that links to everything: the two groups' dates disagree, so they stay two stories."""
    rng = np.random.default_rng(0)
    centre = rng.standard_normal(16)
    dates = {"a1": "2009-09-30", "a2": "2009-10-01", "a3": None,
             "b1": "2010-02-27", "b2": "2010-02-28", "b3": None}
    items = [ClusterItem(id=k, embedding=_unit(centre + 0.05 * rng.standard_normal(16)), date=d)
             for k, d in dates.items()]
    merged = cluster_articles(items, ClusterSettings(cannot_link_days=0))
    assert len(set(merged.values())) == 1  # the undated reports bridge the two events
    stories = cluster_articles(items, cfg)
    assert stories["a1"] == stories["a2"] != stories["b1"] == stories["b2"]


@pytest.mark.parametrize("cfg", [ClusterSettings(cannot_link_days=30)])
def test_link_one_misdated_report_does_not_split_its_story(cfg: ClusterSettings) -> None:
    """A group's median date ignores one wrong date (a year misread from the text)."""
    rng = np.random.default_rng(4)
    centre = rng.standard_normal(16)
    dates = ["2021-03-24", "2021-03-25", "2021-03-26", "2027-03-29", None, None]
    items = [ClusterItem(id=f"e{i}", embedding=_unit(centre + 0.05 * rng.standard_normal(16)),
                         date=d) for i, d in enumerate(dates)]
    assert len(set(cluster_articles(items, cfg).values())) == 1


_QUAKES = {
    "a1": "A 7.6 earthquake struck Padang in Sumatra; Padang hospitals filled, Sumatra mourned.",
    "a2": "Padang, Sumatra: the 7.6 quake flattened Padang hotels across western Sumatra.",
    "b1": "An 8.8 earthquake struck Concepcion in Chile; Concepcion bridges fell across Chile.",
    "b2": "Chile quake: the 8.8 earthquake left Concepcion without power, Chile said.",
}


@pytest.mark.parametrize("cfg", [ClusterSettings(), ClusterSettings(text_weight=0.5,
                                                                    text_scale=1.0,
                                                                    threshold=0.5)])
def test_link_full_text_terms_split_events_of_one_kind(cfg: ClusterSettings) -> None:
    """Four reports whose title+lead vectors are alike (two earthquakes): the places and
    magnitudes of the full text keep the two events apart."""
    from storyline.cluster.terms import article_terms

    rng = np.random.default_rng(1)
    centre = rng.standard_normal(16)
    items = [ClusterItem(id=k, embedding=_unit(centre + 0.35 * rng.standard_normal(16)),
                         language="en", terms=article_terms(t)) for k, t in _QUAKES.items()]
    merged = cluster_articles(items, ClusterSettings(text_weight=0.0))
    assert len(set(merged.values())) == 1  # the embeddings alone merge the two events
    stories = cluster_articles(items, cfg)
    assert stories["a1"] == stories["a2"] != stories["b1"] == stories["b2"]


@pytest.mark.parametrize("cfg", [ClusterSettings(text_weight=0.4, entity_weight=0.2),
                                 ClusterSettings(text_weight=0.7, text_scale=0.5)])
def test_link_block_scores_equal_pair_score(cfg: ClusterSettings) -> None:
    """The vectorised block scorer gives ``pair_score`` of each pair (one language with terms,
    one without, dates near and far)."""
    from storyline.cluster.link import (
        _entity_overlap,
        other_people,
        pair_score,
        plan_blocks,
        score_pairs,
    )
    from storyline.cluster.terms import article_terms, pair_cosines

    rng = np.random.default_rng(2)
    items = []
    for i in range(10):
        words = " ".join(rng.choice(["aceh", "padang", "chile", "quake", "7.6", "ship"], 6))
        items.append(ClusterItem(
            id=f"x{i}", embedding=_unit(rng.standard_normal(8)), entities=(f"e{i % 3}",),
            date=None if i % 4 == 0 else f"2021-0{1 + i % 3}-1{i % 7}",
            language="fr" if i == 5 else "en", terms=() if i == 7 else article_terms(words),
            lead=(("hugh jackman",), ("ellen degeneres",), ())[i % 3]))
    plan = plan_blocks(items, cfg)
    rows = {r[1]: r for r in plan.rows}
    for (a, b), s in score_pairs(items, cfg).items():
        ra, rb = rows[a], rows[b]
        gap = abs(ra[4] - rb[4]) if ra[4] is not None and rb[4] is not None else None
        text = None
        if len(ra[5][0]) and len(rb[5][0]) and ra[6] == rb[6]:
            text = float(pair_cosines([ra[5], rb[5]], np.array([0]), np.array([1]))[0])
        want = pair_score(float(ra[2] @ rb[2]), _entity_overlap(ra[3], rb[3], plan.idf), gap,
                          cfg, text, other_people(ra[7], rb[7]))
        assert s == pytest.approx(want, abs=1e-6)


@pytest.mark.parametrize(("a", "b", "others"), [
    (("hugh jackman",), ("ellen degeneres",), True),
    (("yevgeny prigozhin",), ("evgueni prigojine",), False),  # one man, two spellings
    (("vladimir putin",), ("putin",), False),
    (("hugh jackman",), (), False),  # no one in the lead: no evidence either way
])
def test_link_other_people(a: tuple[str, ...], b: tuple[str, ...], others: bool) -> None:
    from storyline.cluster.link import other_people

    assert other_people(a, b) is others


def test_link_lead_people_split_two_events_of_one_kind() -> None:
    """Two Oscar-host announcements, alike in words and vectors, led by different people."""
    from storyline.cluster.terms import article_terms

    rng = np.random.default_rng(5)
    centre = rng.standard_normal(16)
    shared = "oscars host "
    own = {"hugh jackman": "australian actor broadway kodak theatre musical number",
           "ellen degeneres": "talkshow comedian tweeted dolby theatre second time"}
    items = [ClusterItem(id=f"{who}{k}", embedding=_unit(centre + 0.05 * rng.standard_normal(16)),
                         language="en", terms=article_terms(shared + own[name]), lead=(name,))
             for who, name in (("j", "hugh jackman"), ("d", "ellen degeneres")) for k in (1, 2)]
    apart = cluster_articles(items, ClusterSettings())
    assert apart["j1"] == apart["j2"] != apart["d1"] == apart["d2"]
    together = cluster_articles(items, ClusterSettings(lead_penalty=0.0, mark_share=0.0))
    assert len(set(together.values())) == 1


@pytest.mark.parametrize("n", [40, 2600])  # exact neighbours, then LSH buckets read in chunks
def test_link_vectors_held_on_disk_score_as_in_memory(tmp_path, monkeypatch, n: int) -> None:
    """Blocking and scoring with the vectors in a row file (a streamed run's) give the same
    blocks, pairs, scores and stories as with the vectors in the items."""
    from storyline.cluster import block

    monkeypatch.setattr(block, "_PROJECT", 1000)  # LSH codes projected in several chunks
    from storyline.cluster.link import (
        ScoreBlock,
        _merge,
        _score_blocks_here,
        assign_stories,
        cluster_components,
        components,
        plan_blocks,
        unit_vectors,
    )
    from storyline.records import vector
    from storyline.store.spill import Spill

    cfg = ClusterSettings()
    items = _story_items(n // 4, 4, seed=5)
    items[3] = items[3].replace(embedding=vector())  # one article without a vector
    with Spill(tmp_path) as spill:
        held = []
        for lo in range(0, len(items), 1000):  # written chunk by chunk, as a run does
            part = items[lo:lo + 1000]
            first = spill.put_rows("vector", unit_vectors(part, 16))
            held.extend(i.replace(embedding=vector(), vector_row=first + k)
                        for k, i in enumerate(part))
        plan = plan_blocks(items, cfg)
        disk = plan_blocks(held, cfg, spill.rows("vector"))
        assert [(r[0], r[1]) for r in disk.rows] == [(r[0], r[1]) for r in plan.rows]
        assert all(r[2] is None for r in disk.rows) and disk.vectors is not None
        want = _merge(_score_blocks_here(plan, cfg))
        got = _merge(_score_blocks_here(disk, cfg))
        for w, g in zip(want, got, strict=True):
            assert np.array_equal(w, g)
        assert len(want[0]) > n  # the fixture scores many pairs
        scorer = pickle.loads(pickle.dumps(ScoreBlock(disk.idf, cfg, disk.vectors)))
        key = disk.rows[0][0]
        block = [r for r in disk.rows if r[0] == key]
        assert all(np.array_equal(x, y) for x, y in zip(
            scorer(key, block), ScoreBlock(plan.idf, cfg)(key, [r for r in plan.rows
                                                                 if r[0] == key]), strict=True))
        if n > 100:
            return  # (average link over this fixture's large components takes minutes)
        stories = assign_stories(held, cluster_components(
            components(disk, _score_blocks_here(disk, cfg), cfg), cfg))
    assert stories == cluster_articles(items, cfg)
