"""Union-find: roots are the smallest members, whatever order pairs are joined in."""

from __future__ import annotations

import random

import pytest

from storyline.union_find import UnionFind


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_union_find_labels_do_not_depend_on_join_order(seed: int) -> None:
    pairs = [(1, 4), (4, 7), (2, 5), (8, 9), (9, 3)]
    random.Random(seed).shuffle(pairs)
    sets = UnionFind(range(10))
    for a, b in pairs:
        sets.union(*((b, a) if seed % 2 else (a, b)))
    assert sets.groups() == {0: [0], 1: [1, 4, 7], 2: [2, 5], 3: [3, 8, 9], 6: [6]}
    assert not sets.union(7, 1)  # one set already


def test_union_find_key_orders_roots_and_adds_members() -> None:
    sets: UnionFind[str] = UnionFind(key=len)
    sets.union("ccc", "a")
    sets.union("bb", "ccc")
    assert sets.find("ccc") == "a" and sets.find("bb") == "a"
    assert sets.groups() == {"a": ["ccc", "a", "bb"]}
