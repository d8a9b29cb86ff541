"""The topic level above stories: stories that share strong links but are two events.

Fixtures are synthetic clustering items (unit vectors and lead figures) written for these tests:
two piracy arrests that read alike but state their own pirate counts, and an unrelated report.
"""

from __future__ import annotations

import numpy as np

from storyline.cluster.ids import topic_ids
from storyline.cluster.link import (
    _score_blocks_here,
    assign_stories,
    cluster_components,
    components,
    plan_blocks,
    story_topics,
)
from storyline.records import ClusterItem
from storyline.settings import ClusterSettings

from .test_marks import _unit, piracy_items


def _items() -> list[ClusterItem]:
    rng = np.random.default_rng(5)
    return [*piracy_items(), ClusterItem(id="z1", embedding=_unit(rng.standard_normal(16)))]


def _cluster(items: list[ClusterItem], settings: ClusterSettings) -> tuple[dict, list]:
    """The pipeline's ``_assign`` steps, in process."""
    plan = plan_blocks(items, settings)
    comps = components(plan, _score_blocks_here(plan, settings), settings)
    assignment = assign_stories(items, cluster_components(comps, settings))
    return assignment, story_topics(comps, assignment)


def test_topics_join_two_events_of_one_kind() -> None:
    assignment, topics = _cluster(_items(), ClusterSettings())
    assert assignment["a1"] != assignment["b1"]  # two stories (the event marks)...
    assert topics == [sorted({assignment["a1"], assignment["b1"]})]  # ...of one topic
    assert all(assignment["z1"] not in t for t in topics)


def test_topics_one_story_is_no_topic_of_several() -> None:
    assignment, topics = _cluster(_items(), ClusterSettings(mark_share=0.0))
    assert len({assignment[k] for k in ("a1", "a2", "b1", "b2")}) == 1
    assert topics == []


def test_topic_ids_name_a_topic_after_its_smallest_story() -> None:
    story_ids = {"k1": "s-bbb", "k2": "s-aaa", "k3": "s-ccc"}
    topic_of = topic_ids([["k1", "k2"]], story_ids)
    assert topic_of == {"s-aaa": "t-aaa", "s-bbb": "t-aaa", "s-ccc": "t-ccc"}
    assert topic_ids([["k2", "k1"]], dict(reversed(story_ids.items()))) == topic_of
