"""Story ids that stay put from one run to the next.

A story's id is first the hash of its member ids (``records.story_id_for``). When the output
folder holds an earlier run, each new story takes the id of the earlier story it shares the most
articles with, so a story that gains articles (a new batch joins it) keeps its id; each earlier
id goes to one story at most (the one sharing most; ties by size, then id). Stories that share
nothing with the earlier run get a fresh hash id. A topic (stories that share strong links,
``link.story_topics``) is named after its smallest story id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.records import story_id_for


def stable_story_ids(
    members: Mapping[str, Sequence[str]], previous: Mapping[str, str]
) -> dict[str, str]:
    """Name each new story.

    Args:
        members: new story key -> its article ids.
        previous: article id -> story id in the earlier run (empty when there is none).

    Returns:
        new story key -> story id.
    """
    votes: list[tuple[int, int, str, str]] = []
    for key, ids in members.items():
        shared = Counter(previous[i] for i in ids if i in previous)
        for old, n in shared.items():
            votes.append((n, len(ids), key, old))
    # most shared articles first; then the larger new story; then ids, for a fixed order
    votes.sort(key=lambda v: (-v[0], -v[1], v[2], v[3]))
    named: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, key, old in votes:
        if key not in named and old not in taken:
            named[key] = old
            taken.add(old)
    for key, ids in members.items():
        if key not in named:
            fresh = story_id_for(ids)
            # a fresh hash equal to an earlier id held by another story cannot happen unless the
            # members are that story's exactly (then it shared them all and took the id)
            named[key] = fresh if fresh not in taken else story_id_for([*ids, key])
    return named


def topic_ids(topics: Sequence[Sequence[str]], story_ids: Mapping[str, str]) -> dict[str, str]:
    """Story id -> topic id, for every story of ``story_ids`` (story key -> story id).

    A topic's id is ``t-`` and the hash of its smallest story id (a lone story's topic, its
    own), so it stays put from run to run while that story does (``stable_story_ids``).
    """
    topic_of = {sid: "t-" + sid.removeprefix("s-") for sid in story_ids.values()}
    for keys in topics:
        ids = sorted(story_ids[k] for k in keys)
        for sid in ids:
            topic_of[sid] = topic_of[ids[0]]
    return topic_of
