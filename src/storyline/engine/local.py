"""The in-process engine: runs map, per-key and global stages in this process.

Map stages run batch by batch (optionally with a tqdm progress bar); per-key stages group records
in a dict of lists, sorted by key and by id inside a group, so the output never depends on input
order. This is the only engine in this release; ``engine/ray.py`` is where Ray Data will go.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from storyline.engine.base import Context
from storyline.errors import StageError
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
        key: Callable[[A], str] = lambda a: str(getattr(a, "id", "")),
    ) -> list[B]:
        """Apply a map stage batch by batch; Rejects go to the context.

        A batch that raises is retried record by record so one bad record is rejected alone
        (``on_error="raise"`` re-raises instead).
        """
        out: list[B] = []
        bar = self._bar(len(items), desc)
        with self.ctx.timer(desc):
            for lo in range(0, len(items), batch_size):
                batch = list(items[lo : lo + batch_size])
                try:
                    results = fn(batch)
                except Exception as exc:  # noqa: BLE001 - isolate the failing record below
                    if self.ctx.on_error == "raise":
                        raise StageError(f"stage {desc} failed on a batch: {exc}") from exc
                    results = []
                    for item in batch:
                        try:
                            results.extend(fn([item]))
                        except Exception as one_exc:  # noqa: BLE001 - becomes a Reject
                            log.warning("stage %s failed on %s: %s", desc, key(item), one_exc)
                            results.append(
                                Reject(
                                    source=str(getattr(item, "source", "") or key(item)),
                                    reason=f"{desc}_failed",
                                    detail=f"{type(one_exc).__name__}: {one_exc}",
                                    record=key(item),
                                )
                            )
                for r in results:
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
                group = sorted(groups[k], key=lambda a: str(getattr(a, "id", "")))
                try:
                    out.append(fn(k, group))
                except Exception as exc:  # noqa: BLE001 - one story must not stop the run
                    if self.ctx.on_error == "raise":
                        raise StageError(f"stage {desc} failed on group {k}: {exc}") from exc
                    log.warning("stage %s failed on group %s: %s", desc, k, exc)
                    self.ctx.reject(
                        Reject(source=k, reason=f"{desc}_failed", detail=f"{exc}", record=k)
                    )
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
        return out

    def global_(self, fn: Callable[..., B], *args: Any, desc: str) -> B:
        """Call a global stage on compact inputs gathered here."""
        with self.ctx.timer(desc):
            return fn(*args)


ENGINES = ("local",)


def make_engine(name: str, ctx: Context, progress: bool = False) -> LocalEngine:
    """Build the engine named ``name``.

    Raises:
        SettingsError: unknown engine name (the message lists the valid ones).
    """
    from storyline.errors import SettingsError

    if name == "local":
        return LocalEngine(ctx, progress=progress)
    raise SettingsError(f"unknown engine {name!r}; valid engines: {', '.join(ENGINES)}")
