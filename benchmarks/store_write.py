#!/usr/bin/env python3
"""Peak memory of the run-table write alone (``DuckStore.write_run_batches``; not part of pytest).

Replays the write of a large run without running the pipeline: the articles and story reports of
a finished run's store (``--from DIR``, e.g. a ``storyline run`` of the dev corpus) are copied
with fresh ids until ``--articles`` articles are written, in batches of ``--batch`` articles
(stories kept whole, as ``pipeline._store_batches`` does). The process's RSS is sampled every
20 ms in a thread; the figures are the RSS before the write, its peak, and the seconds.

    python benchmarks/store_write.py --from bench-out/devrun --articles 100000 \\
        [--batch 250] [--limit 64MB] [--checkpoint 16MB] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from scale_eval import _rss_mb  # (this folder is on the path of a script run from it)

from storyline.records import StoryReport
from storyline.store import duckdb as store_mod


def _copies(articles, reports, n: int, batch: int):
    """Batches of (articles, reports), copies of the source run with fresh ids, ``n`` articles."""
    by_id = {a.id: a for a in articles}
    done = 0
    round_ = 0
    out_a, out_r = [], []
    while done < n:
        for rep in reports:
            ids = {a: f"{a}~{round_}" for a in rep.articles}
            data = rep.to_dict()
            text = json.dumps(data)
            for old, new in ids.items():
                text = text.replace(f'"{old}"', f'"{new}"')
            data = json.loads(text)
            data["id"] = f"{rep.id}~{round_}"
            out_r.append(StoryReport.from_dict(data))
            out_a += [replace(by_id[a], id=ids[a]) for a in rep.articles if a in by_id]
            done += len(ids)
            if len(out_a) >= batch:
                yield out_a, out_r
                out_a, out_r = [], []
            if done >= n:
                break
        round_ += 1
    if out_a:
        yield out_a, out_r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=250)
    ap.add_argument("--limit", default=store_mod.MEMORY_LIMIT)
    ap.add_argument("--checkpoint", default="", help="DuckDB checkpoint_threshold ('' default)")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: one per core)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    src = store_mod.DuckStore(args.source)
    articles, reports = src.load_articles(), src.load_reports()
    with tempfile.TemporaryDirectory(dir=args.source.parent) as tmp:
        shutil.copy(src.path, Path(tmp) / store_mod.DB_NAME)
        store = store_mod.DuckStore(Path(tmp))
        store.memory_limit = args.limit
        store.threads = args.threads
        if args.checkpoint:
            store.checkpoint_threshold = args.checkpoint
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _rss_mb())
                time.sleep(0.02)

        before = _rss_mb()
        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        t0 = time.perf_counter()
        with store.session():
            store.write_run_batches(_copies(articles, reports, args.articles, args.batch), [])
        seconds = time.perf_counter() - t0
        stop.set()
        thread.join()
        size = store.path.stat().st_size
        n = store.query("SELECT count(*) FROM articles")[0][0]
    result = {"articles": n, "batch": args.batch, "limit": args.limit,
              "checkpoint": args.checkpoint or "default", "threads": args.threads, "rss_before_mb": before,
              "peak_mb": peak[0], "seconds": round(seconds, 1), "file_mb": size // 2**20}
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
