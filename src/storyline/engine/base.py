"""What every engine gives a stage: a context for counters, timers and rejects.

Stages are plain functions (or classes with ``__call__``) over batches of records; they never
know which engine runs them. Three shapes exist (see ``pipeline.py``): map, per key and global.
"""

from __future__ import annotations

import importlib.util
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import MissingDependency
from storyline.records import Reject


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
