"""The in-process engine: runs map, per-key and global stages in this process.

Map stages run batch by batch (optionally with a tqdm progress bar); per-key stages group records
in a dict of lists, sorted by key and by id inside a group, so the output never depends on input
order. ``engine/ray.py`` runs the same stages on Ray Data.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from storyline.engine.base import Context, apply_batch, apply_group
from storyline.records import Reject

log = logging.getLogger(__name__)

A = TypeVar("A")
B = TypeVar("B")


class LocalEngine:
    """Run stage functions in this process."""

    name = "local"

    def __init__(self, ctx: Context, progress: bool = False) -> None:
        self.ctx = ctx
        self.progress = progress

    def _bar(self, total: int, desc: str) -> Any:
        if not self.progress:
            return None
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, unit="art", leave=False, dynamic_ncols=True)

    def map(
        self,
        fn: Callable[[list[A]], Sequence[B | Reject]],
        items: Sequence[A],
        *,
        batch_size: int,
        desc: str,
    ) -> list[B]:
        """Apply a map stage batch by batch; Rejects go to the context (see ``apply_batch``)."""
        out: list[B] = []
        bar = self._bar(len(items), desc)
        with self.ctx.timer(desc):
            for lo in range(0, len(items), batch_size):
                batch = list(items[lo : lo + batch_size])
                for r in apply_batch(fn, batch, desc, self.ctx.on_error):
                    if isinstance(r, Reject):
                        self.ctx.reject(r)
                    else:
                        out.append(r)
                if bar is not None:
                    bar.update(len(batch))
        if bar is not None:
            bar.close()
        return out

    def per_key(
        self,
        key: Callable[[A], str],
        fn: Callable[[str, list[A]], B],
        items: Iterable[A],
        *,
        desc: str,
    ) -> list[B]:
        """Group items by ``key`` and call ``fn(key, group)`` once per group, in key order."""
        groups: dict[str, list[A]] = defaultdict(list)
        for item in items:
            groups[key(item)].append(item)
        out: list[B] = []
        bar = self._bar(len(groups), desc)
        with self.ctx.timer(desc):
            for k in sorted(groups):
                r = apply_group(fn, k, groups[k], desc, self.ctx.on_error)
                if isinstance(r, Reject):
                    self.ctx.reject(r)
                else:
                    out.append(r)
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
        return out

    def global_(self, fn: Callable[..., B], *args: Any, desc: str) -> B:
        """Call a global stage on compact inputs gathered here."""
        with self.ctx.timer(desc):
            return fn(*args)


ENGINES = ("local", "ray")


def make_engine(
    name: str, ctx: Context, progress: bool = False, workers: int = 0,
    address: str | None = None,
) -> Any:
    """Build the engine named ``name`` (``ray`` is imported only when asked for).

    Raises:
        SettingsError: unknown engine name (the message lists the valid ones).
        MissingDependency: ``ray`` asked for but not installed.
    """
    from storyline.errors import SettingsError

    if name == "local":
        return LocalEngine(ctx, progress=progress)
    if name == "ray":
        from storyline.engine.ray import RayEngine

        return RayEngine(ctx, progress=progress, workers=workers, address=address)
    raise SettingsError(f"unknown engine {name!r}; valid engines: {', '.join(ENGINES)}")
