"""The Ray Data engine: the same stage functions, run as Ray Data operators.

* map stages -> ``Dataset.map_batches``: functions and light stage objects run as tasks; a
  stage that loads models (``loads_models = True``, such as ``Analyzer``) runs in a pool of
  actors, each of which unpickles the stage once and so loads its models once;
* per-key stages -> ``Dataset.groupby(key).map_groups`` (a keyed shuffle, one call per group);
* global stages -> called here, on the compact inputs the pipeline gathers.

Records travel as pickled bytes (one ``b`` column), so every typed record crosses Ray unchanged;
map results come back in input order (``preserve_order``) and per-key results in key order, so
the output (and therefore every id) is the same as the local engine's. Failures are handled inside the workers by the same ``apply_batch``
/ ``apply_group`` as the local engine; Rejects come back as records and land in the context.

This is the only module that imports Ray (``pip install 'storyline[ray]'``).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np

from storyline.engine.base import (
    ONE_BLAS_THREAD_ENV,
    Context,
    apply_batch,
    apply_group,
    loads_models,
    require,
)
from storyline.errors import StageError
from storyline.records import Reject

log = logging.getLogger(__name__)

A = TypeVar("A")
B = TypeVar("B")


def _dump(records: Iterable[Any]) -> np.ndarray:
    out = np.empty(0, dtype=object)
    blobs = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in records]
    if blobs:
        out = np.empty(len(blobs), dtype=object)
        out[:] = blobs
    return out


def _run_map(
    batch: dict[str, np.ndarray], fn: Callable[[list[Any]], Sequence[Any]], desc: str,
    on_error: str,
) -> dict[str, np.ndarray]:
    order = np.argsort(batch["i"], kind="stable")
    records = [pickle.loads(batch["b"][j]) for j in order]
    return {"b": _dump(apply_batch(fn, records, desc, on_error))}


class _MapActor:
    """A Ray actor holding one unpickled stage object (its models load once per actor)."""

    def __init__(self, fn: Callable[[list[Any]], Sequence[Any]], desc: str, on_error: str):
        self.fn, self.desc, self.on_error = fn, desc, on_error

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return _run_map(batch, self.fn, self.desc, self.on_error)


def _run_group(
    batch: dict[str, np.ndarray], fn: Callable[[str, list[Any]], Any], desc: str, on_error: str
) -> dict[str, np.ndarray]:
    key = str(batch["k"][0])
    result = apply_group(fn, key, [pickle.loads(b) for b in batch["b"]], desc, on_error)
    return {"k": np.array([key]), "b": _dump([result])}


class _GroupActor:
    """A Ray actor holding one unpickled per-key stage object."""

    def __init__(self, fn: Callable[[str, list[Any]], Any], desc: str, on_error: str):
        self.fn, self.desc, self.on_error = fn, desc, on_error

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return _run_group(batch, self.fn, self.desc, self.on_error)


def _unwrap(exc: BaseException) -> BaseException | None:
    """The StageError inside Ray's exception wrappers, if any."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, StageError):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


@contextmanager
def _stage_errors(desc: str) -> Iterator[None]:
    """Re-raise a stage's own StageError from inside Ray's wrappers; anything else Ray raises
    becomes a StageError naming the stage."""
    try:
        yield
    except Exception as exc:
        inner = _unwrap(exc)
        if inner is not None:
            raise inner from None
        raise StageError(f"stage {desc} failed on Ray: {exc}") from exc


class RayEngine:
    """Run stage functions on Ray Data (a local Ray instance unless ``address`` is given)."""

    name = "ray"

    def __init__(
        self, ctx: Context, progress: bool = False, workers: int = 0, address: str | None = None,
        local_below: int = 0,
    ) -> None:
        require("engine ray", "ray", extra="ray")
        import ray
        from ray.data import DataContext

        from storyline.engine.local import LocalEngine

        self.ctx = ctx
        self.progress = progress
        # A light stage (no models) over fewer than ``local_below`` records runs here: handing
        # a few hundred records to Ray Data costs seconds of task start-up and imports, more
        # than the stage itself. Model-loading stages always run on Ray.
        self.local_below = local_below
        self._here = LocalEngine(ctx, progress=progress, workers=1)
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            ray.init(address=address, num_cpus=(workers or None) if address is None else None,
                     include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING, ignore_reinit_error=True,
                     runtime_env={"env_vars": dict(ONE_BLAS_THREAD_ENV)})
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(workers or cpus, cpus))
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        data_ctx = DataContext.get_current()
        data_ctx.execution_options.preserve_order = True
        data_ctx.enable_progress_bars = progress
        data_ctx.print_on_execution_start = False

    def _actors(self, cpus: float) -> dict[str, Any]:
        """Keyword arguments for a pool of ``workers`` actors using ``cpus`` cores each."""
        from ray.data import ActorPoolStrategy

        return {"compute": ActorPoolStrategy(size=self.workers), "num_cpus": cpus}

    def _kept(self, results: Iterable[Any]) -> Iterator[Any]:
        """The results that are not Rejects; Rejects go to the context."""
        for r in results:
            if isinstance(r, Reject):
                self.ctx.reject(r)
            else:
                yield r

    def map(
        self,
        fn: Callable[[list[A]], Sequence[B | Reject]],
        items: Sequence[A],
        *,
        batch_size: int,
        desc: str,
        sink: Callable[[list[B]], None] | None = None,
    ) -> list[B]:
        """``map_batches`` of ``fn``: an actor pool for a ``loads_models`` stage, else tasks.

        Results stream back in input order; ``sink`` gets them ``batch_size`` at a time as they
        arrive (as in the local engine).
        """
        import ray.data

        if not items:
            return []
        if not loads_models(fn) and len(items) < self.local_below:
            return self._here.map(fn, items, batch_size=batch_size, desc=desc, sink=sink)
        with self.ctx.timer(desc):
            ds = ray.data.from_items(
                [{"i": n, "b": b} for n, b in enumerate(_dump(items))],
                override_num_blocks=min(len(items), self.workers * 4),
            )
            args = (fn, desc, self.ctx.on_error)
            out: list[B] = []
            with _stage_errors(desc):
                if not loads_models(fn):
                    ds = ds.map_batches(_run_map, fn_args=args, batch_size=batch_size,
                                        batch_format="numpy")
                else:
                    ds = ds.map_batches(_MapActor, fn_constructor_args=args,
                                        batch_size=batch_size, batch_format="numpy",
                                        **self._actors(1.0))
                pending: list[B] = []
                rows = (pickle.loads(row["b"]) for row in ds.iter_rows())  # in input order
                for r in self._kept(rows):
                    out.append(r)
                    pending.append(r)
                    if sink is not None and len(pending) >= batch_size:
                        sink(pending)
                        pending = []
                if sink is not None and pending:
                    sink(pending)
        return out

    def per_key(
        self,
        key: Callable[[A], str],
        fn: Callable[[str, list[A]], B],
        items: Iterable[A],
        *,
        desc: str,
    ) -> list[B]:
        """``groupby(key).map_groups(fn)``: one call per group, results in key order; a
        model-loading stage runs in an actor pool, as in ``map``."""
        import ray.data

        items = list(items)
        if not items:
            return []
        if not loads_models(fn) and len(items) < self.local_below:
            return self._here.per_key(key, fn, items, desc=desc)
        with self.ctx.timer(desc):
            keys = [key(a) for a in items]
            ds = ray.data.from_items(
                [{"k": k, "b": b} for k, b in zip(keys, _dump(items), strict=True)],
                override_num_blocks=min(len(items), self.workers * 4),
            )
            args = (fn, desc, self.ctx.on_error)
            with _stage_errors(desc):
                grouped = ds.groupby("k")
                if not loads_models(fn):
                    ds = grouped.map_groups(_run_group, fn_args=args, batch_format="numpy")
                else:
                    # the shuffle's tasks need a core beside the actors, or they wait forever
                    ds = grouped.map_groups(_GroupActor, fn_constructor_args=args,
                                            batch_format="numpy",
                                            **self._actors(max(0.25, 1 - 1 / self.workers)))
                rows = sorted(ds.take_all(), key=lambda r: r["k"])  # key order, as locally
        return list(self._kept(pickle.loads(r["b"]) for r in rows))

    def global_(self, fn: Callable[..., B], *args: Any, desc: str) -> B:
        """Call a global stage here, on compact inputs the pipeline gathered."""
        with self.ctx.timer(desc):
            return fn(*args)
