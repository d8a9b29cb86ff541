#!/usr/bin/env python3
"""Where a windowed ``--add`` peaks after its last stage: the driver's RSS and peak RSS (VmHWM)
read before and after each store commit and around the close of the run's held DuckDB
connection (issue #8; not part of pytest). Run it on a copy of an archive that
``stream_eval.py --work DIR`` kept (the run changes the folder it adds to).

    cp -r DIR/100000/out-archive /tmp/o
    .venv/bin/python benchmarks/store_close.py DIR/100000/batch.jsonl /tmp/o [--checkpoint]

``--checkpoint`` runs DuckDB's ``CHECKPOINT`` on the held connection, under the store's
memory limit, before it closes (stop 26: it ran out of the 64 MB limit at a 100k archive).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_eval import _peak_mb, _reset_peak, _rss_mb, _watch_stages  # (the folder is no package)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batch", help="the new articles (JSONL)")
    ap.add_argument("out", help="the archive's output folder (a copy: it is added to)")
    ap.add_argument("--window", type=int, default=7, help="--window-days")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--checkpoint", action="store_true",
                    help="an explicit CHECKPOINT before the connection closes")
    args = ap.parse_args()

    import storyline
    from storyline.settings import load_settings
    from storyline.store import duckdb as store

    marks: list[tuple[str, int, int]] = []  # (point, RSS, peak since the last point), MB

    def mark(name: str) -> None:
        marks.append((name, _rss_mb(), _peak_mb()))
        _reset_peak()

    session, commit = store.DuckStore.session, store.DuckStore._commit

    @contextmanager
    def watched_session(self: Any) -> Any:
        with session(self):
            yield
            mark("before close")
            if args.checkpoint:
                self._held.execute("CHECKPOINT")
                mark("after CHECKPOINT")
        mark("after close")

    def watched_commit(self: Any, con: Any, work: Any) -> Any:
        mark("before commit")
        now = commit(self, con, work)
        mark("after commit")
        return now

    store.DuckStore.session = watched_session
    store.DuckStore._commit = watched_commit
    _, peak_in = _watch_stages()
    t0 = time.perf_counter()
    storyline.run([args.batch], args.out, load_settings(
        progress=False, workers=args.workers, keep_records=False, add=True,
        add_window_days=args.window))
    print(json.dumps({"seconds": round(time.perf_counter() - t0, 1),
                      "last_marks": marks[-6:],
                      "stage_peaks_mb": dict(sorted(peak_in.items(), key=lambda kv: -kv[1])[:8])}))
    return 0


if __name__ == "__main__":  # (the local engine's worker processes import this module)
    sys.exit(main())
