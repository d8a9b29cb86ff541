"""The local engine: runs map, per-key and global stages on this machine.

Map stages run batch by batch (optionally with a tqdm progress bar); per-key stages group records
in a dict of lists, sorted by key and by id inside a group, so the output never depends on input
order. Stage objects that load models use a process pool across the machine's cores. ``engine/ray.py`` runs the same stages on Ray Data.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import Any, Self, TypeVar

from storyline.engine.base import (
    ONE_BLAS_THREAD_ENV,
    Context,
    apply_batch,
    apply_group,
    loads_models,
)
from storyline.records import Reject

log = logging.getLogger(__name__)

A = TypeVar("A")
B = TypeVar("B")


_STAGES: dict[str, Any] = {}  # the stage objects of a pool worker process, by token


def _init_worker() -> None:
    try:  # one BLAS thread per worker: the workers already use every core
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
    except ImportError:  # pragma: no cover
        pass


def _stage(token: str, blob: bytes) -> Any:
    """The stage a task names, unpickled once per worker process (one stage at a time).

    Models that stages load through per-process caches (spaCy pipelines, the sentence encoder)
    stay loaded from one stage to the next: the reconcile stage reuses what analysis loaded.
    """
    stage = _STAGES.get(token)
    if stage is None:
        _STAGES.clear()
        stage = _STAGES[token] = pickle.loads(blob)
    return stage


def _worker_batch(token: str, blob: bytes, batch: list[Any], desc: str, on_error: str) -> list[Any]:
    return apply_batch(_stage(token, blob), batch, desc, on_error)


def _worker_group(
    token: str, blob: bytes, key: str, group: list[Any], desc: str, on_error: str
) -> Any:
    return apply_group(_stage(token, blob), key, group, desc, on_error)


def _context(preload: Sequence[tuple[str, str, Any]]) -> Any:
    """The start method for worker processes: a preloaded fork server where there is one.

    The fork server runs ``engine/preload.py`` with ``preload`` (the first model-loading
    stage's ``[module, function, argument]`` calls) and forks every worker from there, so models
    load once per run, not once per worker. Elsewhere (no fork server), workers are spawned and
    load lazily. A fork server already running (an earlier run of this process) is reused.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["__main__", "storyline.engine.preload"])
    env = {"STORYLINE_PRELOAD": json.dumps([list(c) for c in preload]), **ONE_BLAS_THREAD_ENV}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the server inherits the environment when it starts
    try:
        forkserver.ensure_running()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return ctx


class LocalEngine:
    """Run stage functions on this machine.

    Plain functions and light stage objects run in this process. A stage that loads models
    (``loads_models = True``, such as ``Analyzer`` or the reconcile stage) runs in a pool of
    ``workers`` processes when there is more than one batch (or group) to do, one copy of the
    stage per process; batches are formed here, in order, so the output does not depend on
    ``workers``. The pool lives from the first such stage to ``close()`` (``run()`` closes it),
    and its workers fork from a server that preloaded the models the first stage named
    (``preload``), so the models load once per run.
    """

    name = "local"

    def __init__(self, ctx: Context, progress: bool = False, workers: int = 1) -> None:
        self.ctx = ctx
        self.progress = progress
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._executor: Any = None

    def _pool(self, fn: Any, tasks: int) -> tuple[Any, str, bytes] | None:
        """The worker pool and the stage's token and pickle, when a pool pays for ``fn``.

        A pool pays for a model-loading stage with more than one task and more than one
        worker; once started it lives until ``close()``, so every later model-loading stage
        runs in the same processes, whose models are already loaded.
        """
        if self.workers < 2 or not loads_models(fn) or (tasks < 2 and self._executor is None):
            return None
        if self._executor is None:
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=_context(getattr(fn, "preload", ())),
                initializer=_init_worker)
        return self._executor, uuid.uuid4().hex, pickle.dumps(fn)

    def close(self) -> None:
        """Stop the worker processes (a later stage starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        sink: Callable[[list[B]], None] | None = None,
    ) -> list[B]:
        """Apply a map stage batch by batch; Rejects go to the context (see ``apply_batch``).

        ``sink`` gets each batch's results as soon as they are done, in order (the pipeline
        checkpoints analyses in the store with it, so a killed run resumes where it stopped).
        """
        out: list[B] = []
        bar = self._bar(len(items), desc)
        batches = [list(items[lo : lo + batch_size]) for lo in range(0, len(items), batch_size)]
        on_error = self.ctx.on_error
        with self.ctx.timer(desc):
            pool = self._pool(fn, len(batches))
            if pool is None:
                done = (apply_batch(fn, b, desc, on_error) for b in batches)
            else:
                executor, token, blob = pool
                done = executor.map(_worker_batch, repeat(token), repeat(blob), batches,
                                    repeat(desc), repeat(on_error))
            try:
                for batch, results in zip(batches, done, strict=True):
                    kept = []
                    for r in results:
                        if isinstance(r, Reject):
                            self.ctx.reject(r)
                        else:
                            kept.append(r)
                    if sink is not None and kept:
                        sink(kept)
                    out.extend(kept)
                    if bar is not None:
                        bar.update(len(batch))
            except BaseException:
                self.close()  # no queued work of a failed stage runs on
                raise
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
        keys = sorted(groups)
        on_error = self.ctx.on_error
        with self.ctx.timer(desc):
            pool = self._pool(fn, len(keys))
            if pool is None:
                done = (apply_group(fn, k, groups[k], desc, on_error) for k in keys)
            else:
                executor, token, blob = pool
                done = executor.map(_worker_group, repeat(token), repeat(blob), keys,
                                    [groups[k] for k in keys], repeat(desc), repeat(on_error))
            try:
                for r in done:
                    if isinstance(r, Reject):
                        self.ctx.reject(r)
                    else:
                        out.append(r)
                    if bar is not None:
                        bar.update(1)
            except BaseException:
                self.close()  # no queued work of a failed stage runs on
                raise
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
    address: str | None = None, local_below: int = 0,
) -> Any:
    """Build the engine named ``name`` (``ray`` is imported only when asked for).

    Raises:
        SettingsError: unknown engine name (the message lists the valid ones).
        MissingDependency: ``ray`` asked for but not installed.
    """
    from storyline.errors import SettingsError

    if name == "local":
        return LocalEngine(ctx, progress=progress, workers=workers)
    if name == "ray":
        from storyline.engine.ray import RayEngine

        return RayEngine(ctx, progress=progress, workers=workers, address=address,
                         local_below=local_below)
    raise SettingsError(f"unknown engine {name!r}; valid engines: {', '.join(ENGINES)}")
