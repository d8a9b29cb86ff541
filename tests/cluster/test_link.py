"""Story clustering.

Near-miss fixtures: short paragraphs written for this test, summarising public reporting on the
Ever Given grounding in the Suez Canal (March 2021) and its release after a settlement (July 2021).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from storyline.cluster.link import cluster_articles
from storyline.records import ClusterItem
from storyline.settings import ClusterSettings

GROUNDING = [
    ("g1", "2021-03-24", "en", "A giant container ship, the Ever Given, ran aground in the Suez "
     "Canal on Tuesday and blocked traffic in both directions, the canal authority said."),
    ("g2", "2021-03-25", "fr", "Le porte-conteneurs géant Ever Given s'est échoué mardi dans le "
     "canal de Suez et bloque la circulation dans les deux sens, selon l'autorité du canal."),
]
RELEASE = [
    ("r1", "2021-07-07", "en", "The Ever Given left the Suez Canal on Wednesday after its owners "
     "and the canal authority signed a compensation deal, ending a three-month impoundment."),
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
