"""Disjoint sets for the stages that join things pairwise (stories, entities, claims, conflicts).

The root of a set is its smallest member (by ``key`` when given), so the labels a partition gets
never depend on the order in which pairs were joined.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Union-find with path halving over hashable members (added on first sight)."""

    def __init__(self, members: Iterable[T] = (), key: Callable[[T], Any] | None = None) -> None:
        self.parent: dict[T, T] = {m: m for m in members}
        self._key = key

    def find(self, x: T) -> T:
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> bool:
        """Join the sets of ``a`` and ``b``; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._key is None:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        else:
            lo, hi = (ra, rb) if self._key(ra) < self._key(rb) else (rb, ra)
        self.parent[hi] = lo
        return True

    def groups(self) -> dict[T, list[T]]:
        """Root -> members, members in the order they were first seen."""
        out: dict[T, list[T]] = {}
        for m in list(self.parent):
            out.setdefault(self.find(m), []).append(m)
        return out
