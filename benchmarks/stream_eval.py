#!/usr/bin/env python3
"""A day's batch added to a growing archive: memory and time of ``--add`` with and without a
window (``--window-days``), against the archive's size (issue #8, streaming; not part of pytest).

For each archive size S: a synthetic stream of fresh stories (``scale_eval.synthetic_corpus``
with ``--epoch``: every ``epoch`` articles a new news cycle, 45 days after the last, its pages a
day apart) is cut into the first S articles (the archive, built by one run) and the next
``--batch`` articles (the new day: the end of the archive's last news cycle and the start of
the next). The batch is then added twice, each in a fresh subprocess: into the archive's folder
with ``--add --window-days W`` and into a copy of it with a plain ``--add`` (every earlier
article clustered again). By default (``--dates stream``) the articles are dated in stream
order, so the batch's window holds the archive's last news cycle only. Per run: seconds, the driver's peak RSS (VmHWM), the workers' peak
PSS, the articles kept as written and the stories re-opened; and whether the two runs wrote
the same outputs (``articles.jsonl`` rows, story files, by content).

    .venv/bin/python benchmarks/stream_eval.py --input bench-out/dev.jsonl \\
        --archives 1000 10000 --batch 380 --epoch 380 --window 7 --max-paras 3 --workers 2
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_eval import (  # the benchmark folder is no package: its path, above
    _CYCLE_DAYS,
    _MemorySampler,
    _peak_mb,
    _watch_stages,
    synthetic_corpus,
)

ROOT = Path(__file__).resolve().parent.parent


STREAM_START = date(2024, 1, 1)


def _stream_dates(corpus: Path, pages: int, epoch: int) -> None:
    """Re-date ``corpus`` as a stream in time order: article ``i`` of news cycle ``c`` (``epoch``
    articles each) on day ``45 c + copy`` from ``STREAM_START`` (copy: which copy of its page
    it is, one a day, as ``synthetic_corpus`` dates them). The pages keep their own years
    there, so cycles of different pages overlap in time; here a later batch meets only the
    archive's last cycle, as a day of news meets the last days'."""
    rows = [json.loads(x) for x in corpus.read_text("utf-8").splitlines() if x.strip()]
    for row in rows:
        cycle, j = divmod(int(row["id"].removeprefix("v")), epoch)
        day = STREAM_START + timedelta(days=_CYCLE_DAYS * cycle + j // pages)
        row["published"] = day.isoformat()
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def _child(corpus: str, out: str, workers: int, add: bool, window: int | None) -> dict:
    """One run in this process (a subprocess of ``main``), as the CLI runs it."""
    import storyline
    from storyline.settings import load_settings

    _, peak_in = _watch_stages()  # (resets the kernel's peak at each stage change)
    sampler = _MemorySampler() if Path("/proc/self/smaps_rollup").exists() else None
    t0 = time.perf_counter()
    result = storyline.run([corpus], out, load_settings(
        progress=False, workers=workers, keep_records=False, add=add or None,
        add_window_days=window))
    seconds = time.perf_counter() - t0
    if sampler is not None:
        sampler.stop()
    counters = result.stats["counters"]
    return {
        "seconds": round(seconds, 2),
        # the kernel's peak of this process, window by window (VmHWM, reset at each stage
        # change) and since the last change; not getrusage's ru_maxrss, which a process
        # started by fork and exec inherits from its parent (this script's own parent holds
        # the whole corpus: every run of a 50k bench read 382 MB that way)
        "peak_rss_mb": max(_peak_mb(), *peak_in.values()),
        "peak_rss_mb_after_last_stage": _peak_mb(),
        "driver_peak_rss_mb_during": dict(sorted(peak_in.items(), key=lambda kv: -kv[1])[:6]),
        "peak_pss_workers_mb": round(sampler.peak_total / 1024) if sampler else None,
        "articles_processed": result.summary()["articles"],
        "kept_as_written": counters.get("articles_kept_as_written", 0),
        "stories_reopened": counters.get("stories_reopened"),
        "analyses_reused": counters.get("analyses_reused", 0),
        "reports_reused": counters.get("reports_reused", 0),
        "stage_seconds": result.stats["seconds"],
    }


def _run(corpus: Path, out: Path, workers: int, add: bool, window: int | None) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(corpus), str(out), str(workers),
         "1" if add else "0", "" if window is None else str(window)],
        capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # the store's retries without DuckDB's memory limit (logged as warnings)
    result["store_retries_unlimited"] = proc.stderr.count("memory limit in")
    return result


def _outputs(out: Path) -> tuple[list[str], dict[str, str]]:
    rows = sorted((out / "articles.jsonl").read_text("utf-8").splitlines())
    stories = {p.name: json.dumps(json.loads(p.read_text("utf-8")), sort_keys=True)
               for p in sorted((out / "stories").glob("*.json"))}
    return rows, stories


def _truth(source: Path, corpus: Path, gold: Path, epoch: int) -> dict[str, str]:
    """Article id -> its true story: the gold story of the page it was made from (row
    ``(i % epoch) % len(rows)`` of ``source``, as ``synthetic_corpus`` makes it; its url looked
    up in the gold corpus's files) and its news cycle (``epoch`` articles each)."""
    pages = [json.loads(x) for x in source.read_text("utf-8").splitlines() if x.strip()]
    story_of = {}
    for f in gold.glob("articles/*/*.txt"):
        head = f.read_text("utf-8").split("\n---\n", 1)[0]
        for line in head.splitlines():
            if line.startswith("url:"):
                story_of[line[4:].strip()] = f.parent.name
    out = {}
    for line in corpus.read_text("utf-8").splitlines():
        row = json.loads(line)
        cycle, j = divmod(int(row["id"].removeprefix("v")), epoch)
        page = pages[j % len(pages)]
        out[row["id"]] = f"{cycle}:{story_of.get(page.get('url') or '', page['id'])}"
    return out


def _b_cubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` (same ids), by counts."""
    from collections import Counter

    both = Counter((pred[i], gold[i]) for i in gold)
    size_p = Counter(pred[i] for i in gold)
    size_g = Counter(gold.values())
    n = len(gold)
    p = sum(k * k / size_p[c] for (c, _), k in both.items()) / n
    r = sum(k * k / size_g[t] for (_, t), k in both.items()) / n
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def _stories(out: Path) -> dict[str, str]:
    """Article id -> story id in an output folder (an article in no story: its own)."""
    rows = [json.loads(x) for x in (out / "articles.jsonl").read_text("utf-8").splitlines()]
    return {r["id"]: r.get("story") or f"alone:{r['id']}" for r in rows}


def _compare(windowed: Path, full: Path, args: argparse.Namespace, corpus: Path) -> dict:
    """Whether the windowed and the plain add wrote the same outputs, and (with the gold
    corpus) the B-cubed of each against the synthetic truth."""
    a, b = _outputs(windowed), _outputs(full)
    row = {"same_articles_rows": a[0] == b[0], "same_story_files": a[1] == b[1],
           "story_files": [len(a[1]), len(b[1])]}
    if args.gold.is_dir():
        truth = _truth(Path(args.input), corpus, args.gold, args.epoch)
        row["b_cubed_window"] = _b_cubed(_stories(windowed), truth)
        row["b_cubed_full"] = _b_cubed(_stories(full), truth)
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", default=str(ROOT / "bench-out" / "dev.jsonl"))
    ap.add_argument("--archives", type=int, nargs="+", default=[1000])
    ap.add_argument("--batch", type=int, default=380, help="articles of the added batch")
    ap.add_argument("--epoch", type=int, default=380, help="articles per news cycle")
    ap.add_argument("--window", type=int, default=7, help="--window-days of the windowed add")
    ap.add_argument("--max-paras", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dates", choices=["stream", "pages"], default="stream",
                    help="stream: cycles in time order from one start day (a batch meets the "
                    "archive's last cycle only); pages: each page's own date moved by cycle "
                    "(cycles of different pages overlap in time)")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev",
                    help="the gold corpus the input was made from (B-cubed against the "
                    "synthetic truth: gold story and news cycle)")
    ap.add_argument("--windowed-only", action="store_true",
                    help="leave out the plain --add (and the comparisons)")
    ap.add_argument("--work", type=Path,
                    help="keep the corpora and runs in this folder (default: a temporary one); "
                    "an archive already built there (its out-archive/ folder) is reused, so "
                    "the adds can be measured again on other code")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        corpus, out, workers, add, window = args.child
        print(json.dumps(_child(corpus, out, int(workers), add == "1",
                                int(window) if window else None)))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.archives:
            work = (args.work or Path(tmp)) / str(size)
            work.mkdir(parents=True, exist_ok=True)
            corpus = work / "all.jsonl"
            archive, windowed, full = (work / "out-archive", work / "out-window",
                                       work / "out-full")
            # an archive built by an earlier call with the same corpus settings is reused
            # (its corpus too); any other is built again
            made = {"input": str(Path(args.input).resolve()), "archive": size,
                    "batch": args.batch, "epoch": args.epoch, "max_paras": args.max_paras,
                    "dates": args.dates, "workers": args.workers}
            done = work / "archive-run.json"
            kept = json.loads(done.read_text("utf-8")) if done.exists() else {}
            if kept.get("made") != made or not (work / "batch.jsonl").exists():
                synthetic_corpus(Path(args.input), size + args.batch, corpus,
                                 epoch=args.epoch, max_paras=args.max_paras)
                if args.dates == "stream":
                    pages = sum(1 for x in Path(args.input).read_text("utf-8").splitlines()
                                if x.strip())
                    _stream_dates(corpus, pages, args.epoch)
                lines = corpus.read_text("utf-8").splitlines(keepends=True)
                (work / "archive.jsonl").write_text("".join(lines[:size]), "utf-8")
                (work / "batch.jsonl").write_text("".join(lines[size:]), "utf-8")
                shutil.rmtree(archive, ignore_errors=True)
                kept = {"made": made,
                        "run": _run(work / "archive.jsonl", archive, args.workers, False, None)}
                done.write_text(json.dumps(kept), "utf-8")
            for out in (windowed,) if args.windowed_only else (windowed, full):
                shutil.rmtree(out, ignore_errors=True)
                shutil.copytree(archive, out)
            row = {"archive": size, "batch": args.batch, "window_days": args.window,
                   "archive_run": kept["run"],
                   "add_window": _run(work / "batch.jsonl", windowed, args.workers, True,
                                      args.window),
                   "add_full": (None if args.windowed_only else
                                _run(work / "batch.jsonl", full, args.workers, True, None))}
            if not args.windowed_only:  # the comparisons
                row.update(_compare(windowed, full, args, corpus))
            results.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
