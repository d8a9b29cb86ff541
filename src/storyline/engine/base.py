"""What every engine gives a stage: a context for counters, timers and rejects.

Stages are plain functions (or classes with ``__call__``) over batches of records; they never
know which engine runs them. Three shapes exist (see ``pipeline.py``): map, per key and global.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import MissingDependency, RecordTimeout, StageError
from storyline.records import Reject

log = logging.getLogger(__name__)


@dataclass
class Context:
    """Counters, timers and rejects of one run (or one worker); merged by the engine."""

    counters: Counter[str] = field(default_factory=Counter)
    timings: Counter[str] = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    on_error: str = "skip"

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] += n

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)
        self.counters[f"rejected_{reject.reason}"] += 1

    @contextmanager
    def timer(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] += time.perf_counter() - t0

    def merge(self, other: Context) -> None:
        self.counters.update(other.counters)
        self.timings.update(other.timings)
        self.rejects.extend(other.rejects)

    def stats(self) -> dict[str, Any]:
        return {
            "counters": dict(sorted(self.counters.items())),
            "seconds": {k: round(v, 3) for k, v in sorted(self.timings.items())},
        }


# the environment of a process that runs one BLAS thread (the workers already use every core)
ONE_BLAS_THREAD_ENV = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                        "MKL_NUM_THREADS")}


def require(stage: str, *modules: str, extra: str) -> None:
    """Fail at construction when a stage's optional dependency is missing.

    Raises:
        MissingDependency: naming the module and the extra that installs it.
    """
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingDependency(
            f"stage {stage!r} needs {', '.join(missing)}: pip install 'storyline[{extra}]'"
        )


def code_digest(files: Iterable[Path], *extra: str) -> str:
    """A digest of source files (and ``extra`` strings): the version of the code a cache entry
    was made by, so entries made by other code are never reused, with no number to forget."""
    h = hashlib.sha1()
    for part in extra:
        h.update(part.encode())
    for f in sorted(files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def record_key(item: Any) -> str:
    """A record's name in logs and rejects: its ``id``, else the ids it groups, else ''."""
    if isinstance(item, tuple) and item:  # (record, its companion): named by the record
        return record_key(item[0])
    if getattr(item, "id", None):
        return str(item.id)
    ids = getattr(item, "ids", None)
    return ",".join(ids[:3]) if ids else ""


def apply_batch(
    fn: Callable[[list[Any]], Sequence[Any]], batch: list[Any], desc: str, on_error: str
) -> list[Any]:
    """Run a map stage on one batch, wherever the engine runs it; failures become Rejects.

    A batch that raises is retried record by record so one bad record is rejected alone
    (``on_error="raise"`` raises ``StageError`` instead).
    """
    try:
        return list(fn(batch))
    except Exception as exc:  # broad on purpose: isolate the failing record below
        if on_error == "raise":
            raise StageError(f"stage {desc} failed on a batch: {exc}") from exc
    results: list[Any] = []
    for item in batch:
        try:
            results.extend(fn([item]))
        except Exception as one_exc:  # noqa: BLE001 - becomes a Reject
            log.warning("stage %s failed on %s: %s", desc, record_key(item), one_exc)
            results.append(Reject(
                source=str(getattr(item, "source", "") or record_key(item)),
                reason=f"{desc}_failed",
                detail=f"{type(one_exc).__name__}: {one_exc}",
                record=record_key(item),
            ))
    return results


def apply_group(
    fn: Callable[[str, list[Any]], Any], key: str, group: list[Any], desc: str, on_error: str
) -> Any:
    """Run a per-key stage on one group (members sorted by id); a failure becomes a Reject."""
    group = sorted(group, key=record_key)
    try:
        return fn(key, group)
    except Exception as exc:  # broad on purpose: one story must not stop the run
        if on_error == "raise":
            raise StageError(f"stage {desc} failed on group {key}: {exc}") from exc
        log.warning("stage %s failed on group %s: %s", desc, key, exc)
        return Reject(source=key, reason=f"{desc}_failed", detail=f"{exc}", record=key)


def loads_models(fn: Any) -> bool:
    """Whether a stage declares it loads models (``loads_models = True`` on its class): engines
    give such stages long-lived workers (a process pool, Ray actors) that load them once."""
    return bool(getattr(fn, "loads_models", False))


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise ``RecordTimeout`` inside the block once it has run ``seconds`` (wall clock).

    One record must not hold up a run for ever (a rule that loops on a parse no one foresaw):
    the caller turns the timeout into that record's reject. It uses SIGALRM, so it only acts
    in the main thread of a process (the local engine's workers, an in-process run); elsewhere,
    or with ``seconds`` 0, the block runs unguarded. The timer interrupts Python code, not one
    long call into C.
    """
    import signal
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise RecordTimeout(f"{what} ran past its {seconds:g} s limit")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread (many small matrix products: threads only contend).

    A no-op when ``threadpoolctl`` is missing.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency; kept optional for embedding
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
