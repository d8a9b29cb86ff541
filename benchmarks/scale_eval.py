#!/usr/bin/env python3
"""Throughput, per-stage cost and peak memory of the whole pipeline (not part of pytest).

Builds a synthetic corpus of N articles from real pages (a JSON Lines input such as the dev
corpus): each variant keeps one real article's paragraphs, drops or reorders a few, moves its
publication date by whole days and gives it another outlet, so it is parsed, quoted, dated and
clustered like a real page, while the batch keeps growing with new (near-)copies. With
``--epoch N`` the corpus is a stream of fresh stories instead: every N articles open a news cycle
45 days after the last, its pages dated and a third of their long words (names included) swapped
for others, so its stories are new ones and the largest story stays one cycle's size however
large the corpus (the memory measurement of issue #8: ``--sizes 1000 10000 100000 --epoch 380
--no-parse``).

Each measurement runs in a fresh subprocess (so peak RSS is that run's alone):

* ``parse``: the same articles through spaCy alone (same pipelines and batch size as the
  analyzer), the anchor of the throughput target;
* ``local``/``ray``: ``storyline.run`` with that engine and ``--workers``; the stage seconds come
  from the run's own timers.

With two or more ``--sizes``, each mode also gets its rate "once started": the articles between
the smallest and largest size over the seconds between them (start-up and model loading cancel).

    python benchmarks/scale_eval.py --input bench-out/dev.jsonl --sizes 200 --engines local ray \\
        [--workers 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

from storyline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def synthetic_corpus(source: Path, n: int, out: Path, seed: int = 0, epoch: int = 0,
                     max_paras: int = 0) -> Path:
    """Write ``n`` article variants of the rows of ``source`` to ``out`` (JSON Lines).

    With ``epoch`` 0 every round of variants copies the same pages a week later, so the stories
    grow with the corpus (n / len(rows) copies each). With ``epoch`` > 0 the corpus is a stream
    of fresh stories: each run of ``epoch`` articles is its own news cycle (``_fresh``).
    ``max_paras`` > 0 keeps each page's first paragraphs only (shorter pages: a cheaper run).
    """
    rows = [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    rng = random.Random(seed)
    vocab = _vocabulary(rows)
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            cycle, j = divmod(i, epoch) if epoch else (0, i)
            base = rows[j % len(rows)]
            copy = j // len(rows)
            paras = [p for p in base["text"].split("\n\n") if p.strip()]
            if max_paras:
                paras = paras[:max_paras]
            if copy and len(paras) > 3:
                drop = rng.randrange(1, len(paras))
                paras = paras[:drop] + paras[drop + 1 :]
                k = rng.randrange(1, len(paras) - 1)
                paras[k], paras[k + 1] = paras[k + 1], paras[k]
            text = "\n\n".join(paras)
            row = dict(base, id=f"v{i:06d}", text=text, outlet=f"{base.get('outlet') or 'outlet'}-{copy}")
            if epoch:
                row.update(_fresh(base, text, cycle, copy, vocab))
            elif base.get("published"):
                try:
                    day = date.fromisoformat(base["published"][:10])
                    row["published"] = (day + timedelta(days=7 * copy)).isoformat()
                except ValueError:
                    pass
            row.pop("url", None)
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


_WORD = re.compile(r"[^\W\d_]{5,}")
_CYCLE_DAYS = 45  # news cycles this far apart never share a story (cluster time gap: 30 days)
_UNDATED = date(2023, 1, 2)  # the day given to the cycle's copies of an undated page


def _vocabulary(rows: list[dict]) -> dict[str, list[str]]:
    """The long words of the source pages, per language, sorted (replacements for ``_fresh``)."""
    words: dict[str, set[str]] = {}
    for r in rows:
        words.setdefault(r.get("language") or "en", set()).update(
            w.lower() for w in _WORD.findall(r["text"]))
    return {lang: sorted(ws) for lang, ws in words.items()}


def _fresh(base: dict, text: str, cycle: int, copy: int, vocab: dict[str, list[str]]) -> dict:
    """Text and date of one page's variant in news cycle ``cycle`` (0: the page itself).

    Each cycle swaps about a third of the long words (names included) for other words of the
    page's language, by one mapping for the whole cycle: the cycle's copies stay near-copies
    of one another and cluster together, while pages of two cycles share too little to be
    near-duplicates. Every page is dated, ``_CYCLE_DAYS`` a cycle (copies a day apart), so
    cycles are apart in time too; the stories stay the size of one cycle as the corpus grows.
    """
    try:
        day = date.fromisoformat((base.get("published") or "")[:10])
    except ValueError:
        day = _UNDATED
    published = (day + timedelta(days=_CYCLE_DAYS * cycle + copy)).isoformat()
    if cycle == 0:
        return {"published": published}
    words = vocab.get(base.get("language") or "en") or [""]

    def swap(m: re.Match) -> str:
        w = m.group(0)
        h = zlib.crc32(f"{cycle}|{w.lower()}".encode())
        if h % 3:
            return w
        new = words[(h // 3) % len(words)]
        return new.capitalize() if w[0].isupper() else new

    return {"published": published, "text": _WORD.sub(swap, text)}


def _descendants(root: int) -> list[int]:
    """Process ids below ``root`` (children, grandchildren...), from /proc."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                parent[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process (shared pages split among their users), in kB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _MemorySampler:
    """Peak PSS of this process's descendants (worker processes, a fork server, Ray workers),
    sampled twice a second: forked workers are not children whose usage ``getrusage`` reports,
    and their copy-on-write pages are counted once, not once per worker."""

    def __init__(self) -> None:
        import os
        import threading

        self.peak_total = 0
        self.peak_one = 0
        self._stop = threading.Event()
        self._me = os.getpid()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            sizes = [_pss_kb(p) for p in _descendants(self._me)]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_one = max([self.peak_one, *sizes])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _status_mb(field: str) -> int:
    """A memory field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``), in MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) // 1024
    return 0


def _rss_mb() -> int:
    return _status_mb("VmRSS")


def _peak_mb() -> int:
    """The kernel's peak RSS of this process (VmHWM) since it started or was last reset."""
    return _status_mb("VmHWM")


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux: ``5`` into ``/proc/self/clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _watch_stages() -> tuple[dict[str, int], dict[str, int]]:
    """The driver's RSS (MB) at the end of each stage, highest per stage name, and its peak
    while each stage ran (``after:<stage>`` for the time between a stage and the next): where
    memory grows with the corpus, and where it peaks. The peak is the kernel's (VmHWM, reset
    at each change of stage, so a spike shorter than any sampling interval is counted), or,
    where it cannot be reset, RSS sampled four times a second. Hooks ``Context.timer``, which
    every engine times stages with."""
    import threading
    from contextlib import contextmanager

    from storyline.engine import base

    seen: dict[str, int] = {}
    during: dict[str, int] = {}
    label = ["start"]
    timer = base.Context.timer

    exact = _reset_peak()  # the kernel's peak RSS, reset at each change of stage

    def close(now: str) -> None:  # the peak since the last change goes to ``now``
        if exact:
            during[now] = max(during.get(now, 0), _peak_mb())
            _reset_peak()

    @contextmanager
    def watched(self, name):  # type: ignore[no-untyped-def]
        outer = label[0]
        close(outer)
        label[0] = name
        try:
            with timer(self, name):
                yield
        finally:
            close(name)
            label[0] = outer if not outer.startswith("after:") and outer != "start" \
                else f"after:{name}"
        seen[name] = max(seen.get(name, 0), _rss_mb())

    def sample() -> None:
        while True:
            time.sleep(0.25)
            now = label[0]
            during[now] = max(during.get(now, 0), _rss_mb())

    threading.Thread(target=sample, daemon=True).start()
    base.Context.timer = watched  # type: ignore[method-assign]
    return seen, during


def _child(mode: str, corpus: str, workers: int, out: str, chunk_size: int) -> dict:
    """Run one measurement in this process (called in a subprocess).

    The pipeline runs as the CLI does (``keep_records=False``: its records go to ``out``),
    so the driver's peak memory is the streamed run's.
    """
    sampler = _MemorySampler() if Path("/proc/self/smaps_rollup").exists() else None
    t0 = time.perf_counter()
    if mode == "parse":
        rows = [json.loads(x) for x in Path(corpus).read_text(encoding="utf-8").splitlines() if x]
        from storyline.analyze.nlp import load_pipeline
        from storyline.settings import AnalyzeSettings

        by_lang: dict[str, list[str]] = {}
        for r in rows:
            by_lang.setdefault((r.get("language") or "en").lower(), []).append(r["text"])
        for lang, texts in by_lang.items():
            for _ in load_pipeline(lang).pipe(texts, batch_size=AnalyzeSettings().batch_size):
                pass
        stats: dict = {}
    else:
        import storyline
        from storyline.settings import load_settings

        stage_rss, peak_in = _watch_stages()
        with open(corpus, encoding="utf-8") as f:
            rows = [None for line in f if line.strip()]  # the count only
        result = storyline.run([corpus], out, load_settings(
            progress=False, engine=mode, workers=workers, keep_records=False,
            chunk_size=chunk_size))
        stats = {"stage_seconds": result.stats["seconds"], "summary": result.summary(),
                 "driver_rss_mb_after_stage": stage_rss,
                 "driver_peak_rss_mb_during": dict(sorted(peak_in.items(),
                                                          key=lambda kv: -kv[1])),
                 "largest_story": max((len(s.articles) for s in result.stories), default=0)}
    seconds = time.perf_counter() - t0
    # (kilobytes; the stage watch resets the kernel's peak, which getrusage reads too, so the
    # run's peak is also the highest of its windows' and the last window's)
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, _peak_mb() * 1024,
                *(mb * 1024 for mb in stats.get("driver_peak_rss_mb_during", {}).values()))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    memory = {"peak_rss_worker_mb": round(kids / 1024)}
    if sampler is not None:
        sampler.stop()
        memory = {"peak_pss_workers_total_mb": round(sampler.peak_total / 1024),
                  "peak_pss_worker_mb": round(sampler.peak_one / 1024)}
    return {"mode": mode, "articles": len(rows), "seconds": round(seconds, 2),
            "articles_per_s": round(len(rows) / seconds, 2), "peak_rss_mb": round(usage / 1024),
            **memory, **stats}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", default=str(ROOT / "bench-out" / "dev.jsonl"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[200])
    ap.add_argument("--engines", nargs="+", default=["local"], choices=["local", "ray"])
    ap.add_argument("--workers", type=int, default=0, help="0 = every core")
    ap.add_argument("--no-parse", action="store_true", help="skip the parse-only anchor")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--chunk-size", type=int, default=Settings().chunk_size,
                    help="documents per streamed chunk (Settings.chunk_size)")
    ap.add_argument("--epoch", type=int, default=0,
                    help="articles per news cycle of fresh stories (0: the stories grow instead)")
    ap.add_argument("--max-paras", type=int, default=0,
                    help="keep the first paragraphs of each page only (0: all)")
    ap.add_argument("--child", nargs=5, metavar=("MODE", "CORPUS", "WORKERS", "OUT", "CHUNK"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, corpus, workers, out, chunk = args.child
        print(json.dumps(_child(mode, corpus, int(workers), out, int(chunk))))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = synthetic_corpus(Path(args.input), n, Path(tmp) / f"corpus-{n}.jsonl",
                                      epoch=args.epoch, max_paras=args.max_paras)
            modes = ([] if args.no_parse else ["parse"]) + list(args.engines)
            for mode in modes:
                out = Path(tmp) / f"out-{mode}-{n}"
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(corpus), str(args.workers),
                     str(out), str(args.chunk_size)], capture_output=True, text=True,
                    check=False)
                if proc.returncode != 0:
                    print(proc.stderr[-3000:], file=sys.stderr)
                    return proc.returncode
                row = json.loads(proc.stdout.strip().splitlines()[-1])
                row["workers"] = args.workers
                row["chunk_size"] = args.chunk_size
                row["epoch"] = args.epoch
                row["max_paras"] = args.max_paras
                results.append(row)
                print(json.dumps(row), flush=True)
            parse = next((r for r in results if r["mode"] == "parse" and r["articles"] == n),
                         None)
            for r in results:
                if parse and r["articles"] == n and r["mode"] != "parse":
                    r["share_of_parse_rate"] = round(
                        r["articles_per_s"] / parse["articles_per_s"], 3)
                    print(json.dumps({"articles": n, "engine": r["mode"],
                                      "share_of_parse_rate": r["share_of_parse_rate"]}))
    results += _marginal(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _marginal(results: list[dict]) -> list[dict]:
    """Rates "once started": the articles between the smallest and the largest size over the
    seconds between them, per mode, so start-up (Ray, model loading, pools) cancels out."""
    rows = []
    for mode in dict.fromkeys(r["mode"] for r in results):
        runs = sorted((r for r in results if r["mode"] == mode), key=lambda r: r["articles"])
        if len(runs) < 2 or runs[-1]["seconds"] <= runs[0]["seconds"]:
            continue
        lo, hi = runs[0], runs[-1]
        rate = (hi["articles"] - lo["articles"]) / (hi["seconds"] - lo["seconds"])
        rows.append({"mode": mode, "marginal_between": [lo["articles"], hi["articles"]],
                     "marginal_articles_per_s": round(rate, 2)})
    base = {r["mode"]: r["marginal_articles_per_s"] for r in rows}
    for r in rows:
        if "parse" in base and r["mode"] != "parse":
            r["marginal_share_of_parse"] = round(r["marginal_articles_per_s"] / base["parse"], 3)
        if "local" in base and r["mode"] == "ray":
            r["marginal_share_of_local"] = round(r["marginal_articles_per_s"] / base["local"], 3)
        print(json.dumps(r))
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
