#!/usr/bin/env python3
"""Seconds per story of the reconcile stage on a frozen input (not part of pytest).

The input is a pickle of a run's ``articles``, ``analyses`` and ``stories`` (the pipeline up to
clustering), so reconcile is timed alone and its output can be compared exactly between two
versions of the code: ``--out`` writes every report's ``to_dict()`` as JSON. One ``Reconciler``
rebuilds the stories in story-id order, as the local engine does with one worker, so the
encoder's cache fills in the same order as in a run (its vectors depend on which texts share a
batch: the same call order gives the same floats).

Undated articles are parsed again by ``resolve_story_times`` (spaCy, ``_reanalyse``). That
depends on the analysis code, not on reconcile: ``--reanalyse-cache PATH`` stores those results
on the first run and replays them afterwards, so two runs compare reconcile code alone.

    .venv/bin/python benchmarks/reconcile_speed.py --input /tmp/reconcile-bench.pkl \\
        [--out reports.json] [--reanalyse-cache /tmp/reanalyse.pkl] [--profile prof.out] \\
        [--repeat 2] [--json timing.json]

Building the input once (the pipeline up to clustering, with reconcile included)::

    result = storyline.run([jsonl], None, load_settings(progress=False, store="files"))
    pickle.dump({"articles": result.articles, "analyses": result.analyses,
                 "stories": result.stories}, open(path, "wb"))

The issue #8 input: ``jsonl = scale_eval.synthetic_corpus(Path("bench-out/dev.jsonl"), 400, out)``
(10 stories of ~40 near-copies). To compare two versions of reconcile alone, copy ``src/`` once,
put each version's ``reconcile/`` in its copy and run each with ``PYTHONPATH=<copy>``, in turn,
first with ``--encoder-replay`` (the rest of reconcile alone; 0 mismatches: same encoder calls).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pickle
import pstats
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


def _install_reanalyse_cache(path: Path) -> dict[str, Any]:
    """Replay ``timeline._reanalyse`` results from ``path`` (recorded there when missing)."""
    from storyline.reconcile import timeline

    stats: dict[str, Any] = {"seconds": 0.0, "calls": 0}
    cache: dict[tuple[str, str], Any] = {}
    if path.is_file():
        cache = pickle.loads(path.read_bytes())
    original = timeline._reanalyse

    def replay(article: Any, analysis: Any, reference: str) -> Any:
        key = (article.id, reference)
        if key not in cache:
            t = time.perf_counter()
            cache[key] = original(article, analysis, reference)
            stats["seconds"] += time.perf_counter() - t
            stats["calls"] += 1
            path.write_bytes(pickle.dumps(cache))
        return cache[key]

    timeline._reanalyse = replay  # type: ignore[assignment]
    return stats


def _install_encoder_replay(path: Path) -> dict[str, Any]:
    """Replay ``Embedder.encode`` results call by call from ``path`` (recorded when missing).

    A call whose texts differ from the recorded call at that position goes to the encoder and is
    counted as a mismatch (the call sequence changed: vectors may then differ in the last bits).
    """
    from storyline.cluster.embed import Embedder

    record = not path.is_file()
    calls: list[tuple[list[str], Any]] = [] if record else pickle.loads(path.read_bytes())
    stats: dict[str, Any] = {"path": str(path), "recorded": record, "calls": 0, "mismatches": []}
    original = Embedder.encode

    def encode(self: Any, texts: Any) -> Any:
        texts = list(texts)
        k = stats["calls"]
        stats["calls"] += 1
        if record:
            out = original(self, texts)
            calls.append((texts, out.copy()))
            path.write_bytes(pickle.dumps(calls))
            return out
        if k < len(calls) and set(calls[k][0]) == set(texts):
            # the encoder batches a call's new texts sorted by length: their order in the call
            # does not change the vectors
            rows = {t: row for t, row in zip(calls[k][0], calls[k][1], strict=True)}
            return np.stack([rows[t] for t in texts]) if texts else calls[k][1].copy()
        stats["mismatches"].append(k)
        return original(self, texts)

    Embedder.encode = encode  # type: ignore[method-assign]
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", type=Path, default=Path("/tmp/reconcile-bench.pkl"))
    ap.add_argument("--out", type=Path, help="write the reports' to_dict() here (JSON)")
    ap.add_argument("--reanalyse-cache", type=Path, help="record/replay spaCy re-analyses")
    ap.add_argument("--encoder-replay", type=Path,
                    help="record/replay the encoder's calls (times the rest of reconcile alone)")
    ap.add_argument("--profile", type=Path, help="write cProfile stats here (first repeat)")
    ap.add_argument("--top", type=int, default=25, help="profile entries to print")
    ap.add_argument("--repeat", type=int, default=1, help="runs, each with a fresh encoder")
    ap.add_argument("--n", type=int, default=0, help="only the first N stories (0: all)")
    ap.add_argument("--json", type=Path, help="write the timings here")
    args = ap.parse_args(argv)

    from storyline.pipeline import ReconcileStory
    from storyline.reconcile import Reconciler
    from storyline.settings import load_settings

    data = pickle.loads(args.input.read_bytes())
    articles, analyses, stories = data["articles"], data["analyses"], data["stories"]
    settings = load_settings(progress=False, store="files")
    reanalyse = _install_reanalyse_cache(args.reanalyse_cache) if args.reanalyse_cache else None
    replay = _install_encoder_replay(args.encoder_replay) if args.encoder_replay else None

    by_analysis = {x.article: x for x in analyses}
    by_story = {s.id: s for s in stories}
    groups: dict[str, list[Any]] = {}
    for a in articles:
        if a.story:
            groups.setdefault(a.story, []).append((by_story[a.story], a, by_analysis.get(a.id)))
    keys = sorted(groups)[: args.n or None]

    runs = []
    reports: list[Any] = []
    for rep in range(args.repeat):
        t = time.perf_counter()
        stage = ReconcileStory(settings)
        stage._reconciler = Reconciler(settings)  # built here, outside the story timings
        load_s = time.perf_counter() - t
        # the encoder loads its weights lazily: load them here, outside the story timings
        t = time.perf_counter()
        stage._reconciler.embedder._model._model  # noqa: B018 - property loads the weights
        load_s += time.perf_counter() - t
        if replay is not None:
            replay["calls"] = 0  # each run makes the same calls again
        prof = cProfile.Profile() if args.profile and rep == 0 else None
        per_story = {}
        reports = []
        t_all, c_all = time.perf_counter(), time.process_time()
        for k in keys:
            t = time.perf_counter()
            if prof is not None:
                prof.enable()
            reports.append(stage(k, groups[k]))
            if prof is not None:
                prof.disable()
            per_story[k] = round(time.perf_counter() - t, 4)
        total, cpu = time.perf_counter() - t_all, time.process_time() - c_all
        runs.append({"encoder_load_s": round(load_s, 3), "total_s": round(total, 3),
                     "cpu_s": round(cpu, 3), "per_story_s": per_story})
        print(f"run {rep}: {len(keys)} stories, {total:.2f} s (cpu {cpu:.2f} s) "
              f"({total / max(1, len(keys)):.3f} s/story), encoder load {load_s:.2f} s",
              file=sys.stderr)
        if prof is not None:
            prof.dump_stats(str(args.profile))
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(args.top)
    slowest = sorted(runs[0]["per_story_s"].items(), key=lambda kv: -kv[1])[:5]
    summary = {
        "input": str(args.input),
        "stories": len(keys),
        "articles": sum(len(groups[k]) for k in keys),
        "total_s": [r["total_s"] for r in runs],
        "cpu_s": [r["cpu_s"] for r in runs],
        "encoder_load_s": [r["encoder_load_s"] for r in runs],
        "slowest_stories_s": dict(slowest),
        "reanalyse": reanalyse,
        "encoder_replay": replay,
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps({**summary, "runs": runs}, indent=2), encoding="utf-8")
    if args.out:
        args.out.write_text(
            json.dumps([r.to_dict() for r in reports], indent=1, ensure_ascii=False,
                       sort_keys=True),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
