#!/usr/bin/env python3
"""Story clustering on ECB+ (same-event documents) with the pipeline's own stages, no oracle k.

The split's label-free inputs (``inputs.jsonl.gz``: id + text, no dates, no titles) go through the
stages ``storyline.pipeline.run`` chains: ``read_inputs`` -> ``learn_furniture`` -> ``clean_batch``
-> ``_dedup`` -> ``_analyze`` (the ``Analyzer``: spaCy entities, dates, title+lead vectors) ->
``_cluster`` (``cluster_items`` + ``cluster_articles`` with ``ClusterSettings()``), then
``ecbplus/score.py --split``. Gold labels are read only after clustering, for the error analysis:
split pairs (same subtopic, different stories) vs merged pairs (same topic / other topic), with
the pair score, cosine and date gap that decided them.

``--sweep`` re-clusters the same analyses over a small grid of ``ClusterSettings`` (tune it on
``--split dev``; reporting a grid's best on test would be an oracle).

Usage:
    .venv/bin/python benchmarks/ecbplus_eval.py [--split test|dev|train|all]
        [--bench /work/shared/benchmarks] [--out /work/cache/bench] [--sweep]
        [--also threshold=0.6,average_threshold=0.45 ...] [--json]

The story level is scored against sub-topics (the headline) and topics; the topic level above
it (``Story.topic``: stories that share strong links, told apart as events) against topics: a
flat clustering cannot do both (a perfect sub-topic clustering scores 0.693 against topics).

Outputs under --out: ecbplus-<split>-inputs.jsonl, ecbplus-<split>-pred.json ({doc_id: story}),
ecbplus-<split>-topics.json ({doc_id: topic}),
ecbplus-<split>-items.json (the ClusterItems, with the inputs sha1, for re-clustering elsewhere),
ecbplus-<split>-diag.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import itertools
import json
import math
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from storyline.clean import clean_batch
from storyline.clean.boilerplate import learn_furniture
from storyline.cluster.block import day_number
from storyline.cluster.link import _entity_overlap, cluster_articles, other_people, pair_score
from storyline.engine.base import Context
from storyline.engine.local import LocalEngine
from storyline.ingest import read_inputs
from storyline.pipeline import _analyze, _cluster, _dedup
from storyline.records import Article, ClusterItem, RawDoc
from storyline.settings import ClusterSettings, Settings


def load(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(bench_dir: Path, pred: Path, split: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "score.py", str(pred), "--split", split],
                         cwd=bench_dir, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def run_pipeline(inputs: Path, settings: Settings) -> tuple[list[Article], list[ClusterItem],
                                                            dict[str, str], dict[str, Any]]:
    """Stages 1-6 of ``pipeline.run`` on one JSONL; returns articles, items, {id: story}, stats."""
    from storyline.cluster import cluster_items

    ctx = Context(on_error=settings.on_error)
    engine = LocalEngine(ctx, progress=False)
    t0 = time.perf_counter()
    with ctx.timer("ingest"):
        raw = [d for d in read_inputs([inputs]) if isinstance(d, RawDoc)]
    furniture = engine.global_(learn_furniture, raw, desc="furniture")
    articles: list[Article] = engine.map(lambda b: clean_batch(b, furniture), raw,
                                         batch_size=64, desc="clean")
    articles = _dedup(articles, settings, engine)
    analyses = _analyze(articles, settings, engine, None, ctx)
    items = cluster_items(articles, analyses)
    articles, stories = _cluster(articles, analyses, settings, engine)
    topic_of = {s.id: s.topic for s in stories}
    elapsed = time.perf_counter() - t0
    stats = {**ctx.stats(), "elapsed_s": round(elapsed, 2), "n_raw": len(raw),
             "n_articles": len(articles), "n_analyses": len(analyses),
             "rejects": dict(Counter(r.reason for r in ctx.rejects))}
    stats["topics"] = {a.id: topic_of.get(a.story or "") or f"none-{a.id}" for a in articles}
    return articles, items, {a.id: a.story or f"none-{a.id}" for a in articles}, stats


def pair_table(items: list[ClusterItem], settings: ClusterSettings) -> dict[tuple[str, str], dict]:
    """Cosine, entity overlap, full-text TF-IDF cosine, date gap and combined score of every item
    pair (as link.py does; the IDF from these items)."""
    import numpy as np

    from storyline.cluster.terms import pair_cosines, term_vectors

    ids = [i.id for i in items]
    vecs = np.asarray([i.embedding for i in items], dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    ents = [frozenset(i.entities) for i in items]
    df = Counter(e for s in ents for e in s)
    idf = {e: math.log(1.0 + len(items) / c) for e, c in df.items()}
    days = [day_number(i.date) for i in items]
    sims = vecs @ vecs.T
    terms = term_vectors([i.terms for i in items])
    pa, pb = np.triu_indices(len(items), 1)
    text_cos = pair_cosines(terms, pa, pb)
    out = {}
    for (a, b), tc in zip(itertools.combinations(range(len(items)), 2), text_cos, strict=True):
        gap = abs(days[a] - days[b]) if days[a] is not None and days[b] is not None else None
        ov = _entity_overlap(ents[a], ents[b], idf)
        text = (float(tc) if len(terms[a][0]) and len(terms[b][0])
                and (items[a].language or "") == (items[b].language or "") else None)
        out[(ids[a], ids[b])] = {"cos": float(sims[a, b]), "overlap": ov, "gap": gap,
                                 "text": text,
                                 "score": pair_score(float(sims[a, b]), ov, gap, settings, text,
                                                     other_people(items[a].lead, items[b].lead))}
    return out


def diagnose(pred: dict[str, str], docs: list[dict], items: list[ClusterItem],
             settings: ClusterSettings) -> dict[str, Any]:
    gold_sub = {d["id"]: d["subtopic"] for d in docs}
    gold_top = {d["id"]: d["topic"] for d in docs}
    table = pair_table([i for i in items if i.id in gold_sub], settings)
    kinds: dict[str, list[dict]] = defaultdict(list)
    for (a, b), row in table.items():
        same_pred = pred.get(a) == pred.get(b)
        if gold_sub[a] == gold_sub[b]:
            kind = "same_subtopic_together" if same_pred else "same_subtopic_split"
        elif gold_top[a] == gold_top[b]:
            kind = "same_topic_other_event_merged" if same_pred else "same_topic_other_event_apart"
        else:
            kind = "other_topic_merged" if same_pred else "other_topic_apart"
        kinds[kind].append(row)

    def summary(rows: list[dict]) -> dict[str, Any]:
        if not rows:
            return {"pairs": 0}
        srt = sorted(r["score"] for r in rows)
        gaps = [r["gap"] for r in rows if r["gap"] is not None]
        return {"pairs": len(rows), "score_median": round(srt[len(srt) // 2], 3),
                "cos_mean": round(sum(r["cos"] for r in rows) / len(rows), 3),
                "text_mean": round(sum(r["text"] or 0.0 for r in rows) / len(rows), 3),
                "score_ge_threshold": sum(r["score"] >= settings.threshold for r in rows),
                "both_dated": len(gaps),
                "gap_over_max_day_gap": sum(g > settings.max_day_gap for g in gaps),
                "gap_over_free_days": sum(g > settings.free_days for g in gaps)}

    clusters: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        clusters[pred.get(d["id"], d["id"])].append(d["id"])
    per_cluster = []
    for members in clusters.values():
        subs = Counter(gold_sub[m] for m in members)
        per_cluster.append({"size": len(members), "subtopics": dict(subs.most_common()),
                            "topics": len({gold_top[m] for m in members})})
    per_cluster.sort(key=lambda c: -c["size"])
    per_sub: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        per_sub[d["subtopic"]][pred.get(d["id"], d["id"])] += 1
    dated = [i for i in items if i.id in gold_sub and i.date]
    return {
        "pairs": {k: summary(v) for k, v in sorted(kinds.items())},
        "clusters_mixing_subtopics_of_one_topic": sum(
            1 for c in per_cluster if len(c["subtopics"]) > 1 and c["topics"] == 1),
        "clusters_mixing_topics": sum(1 for c in per_cluster if c["topics"] > 1),
        "singletons": sum(1 for c in per_cluster if c["size"] == 1),
        "largest_clusters": per_cluster[:12],
        "subtopic_fragments": {s: sorted(c.values(), reverse=True)
                               for s, c in sorted(per_sub.items())},
        "items_with_date": len(dated),
        "items_with_entities": sum(1 for i in items if i.id in gold_sub and i.entities),
        "mean_entities": round(sum(len(i.entities) for i in items if i.id in gold_sub)
                               / max(1, len(gold_sub)), 1),
    }


def parse_settings(spec: str) -> ClusterSettings:
    """``"threshold=0.6,average_threshold=0.45"`` -> ``ClusterSettings`` (other fields default)."""
    kw: dict[str, Any] = {}
    for part in filter(None, spec.split(",")):
        key, _, value = part.partition("=")
        kw[key.strip()] = float(value) if "." in value else int(value)
    return ClusterSettings(**kw)


def sweep(items: list[ClusterItem], bench: Path, out: Path, split: str) -> list[dict[str, Any]]:
    grid = {"threshold": [0.2, 0.3, 0.4, 0.5, 0.6],
            "average_threshold": [0.2, 0.25, 0.3, 0.4],
            "text_weight": [0.0, 0.4, 0.7],
            "text_scale": [0.5, 1.0],
            "max_day_gap": [30, 100000]}
    rows = []
    keys = list(grid)
    for values in itertools.product(*grid.values()):
        kw = dict(zip(keys, values, strict=True))
        cs = ClusterSettings(**kw, **({"day_penalty": 0.0} if kw["max_day_gap"] > 1000 else {}))
        pred = cluster_articles(items, cs)
        p = out / f"ecbplus-{split}-sweep.json"
        p.write_text(json.dumps(pred))
        s = score(bench / "ecbplus", p, split)
        rows.append({**kw, "no_dates": kw["max_day_gap"] > 1000,
                     "subtopic_f1": s["subtopic"]["b3_f1"], "topic_f1": s["topic"]["b3_f1"],
                     "clusters": s["n_pred_clusters"]})
    rows.sort(key=lambda r: -r["subtopic_f1"])
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["test", "dev", "train", "all"])
    ap.add_argument("--bench", type=Path, default=Path("/work/shared/benchmarks"))
    ap.add_argument("--out", type=Path, default=Path("/work/cache/bench"))
    ap.add_argument("--sweep", action="store_true", help="also re-cluster over a settings grid")
    ap.add_argument("--also", action="append", default=[], metavar="K=V,...",
                    help="also score these ClusterSettings on the same items (e.g. chosen on dev)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    a.out = a.out.resolve()  # score.py runs in the benchmark folder
    a.out.mkdir(parents=True, exist_ok=True)
    bdir = a.bench / "ecbplus"
    split_of = {d["id"]: d["split"] for d in load(bdir / "docs.jsonl.gz")}
    rows = [r for r in load(bdir / "inputs.jsonl.gz")
            if a.split == "all" or split_of[r["id"]] == a.split]
    inputs = a.out / f"ecbplus-{a.split}-inputs.jsonl"
    inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                      encoding="utf-8")
    digest = hashlib.sha1(inputs.read_bytes()).hexdigest()
    settings = Settings(store="files", progress=False)
    articles, items, pred, stats = run_pipeline(inputs, settings)
    pred_path = a.out / f"ecbplus-{a.split}-pred.json"
    pred_path.write_text(json.dumps(pred, indent=0))
    (a.out / f"ecbplus-{a.split}-items.json").write_text(json.dumps(
        {"inputs_sha1": digest, "items": [i.to_dict() for i in items]}))
    result = score(bdir, pred_path, a.split)
    # the topic level (stories that share strong links, ``Story.topic``) against gold topics
    topics_path = a.out / f"ecbplus-{a.split}-topics.json"
    topics_path.write_text(json.dumps(stats.pop("topics"), indent=0))
    topic_level = score(bdir, topics_path, a.split)
    docs = [d for d in load(bdir / "docs.jsonl.gz") if a.split == "all" or d["split"] == a.split]
    report: dict[str, Any] = {
        "split": a.split, "n_docs": len(rows), "settings": dataclasses.asdict(settings.cluster),
        "score": result, "topic_level": {"topic": topic_level["topic"],
                                          "subtopic": topic_level["subtopic"],
                                          "n_topics": topic_level["n_pred_clusters"]},
        "runtime": stats,
        "languages": dict(Counter(x.language for x in articles)),
        "titles_set": sum(1 for x in articles if x.title),
        "duplicates": sum(1 for x in articles if x.duplicate_of),
        "diagnostics": diagnose(pred, docs, items, settings.cluster),
    }
    for spec in a.also:
        cs = parse_settings(spec)
        p = a.out / f"ecbplus-{a.split}-also.json"
        p.write_text(json.dumps(cluster_articles(items, cs)))
        s_ = score(bdir, p, a.split)
        report.setdefault("also", []).append(
            {"settings": spec, "subtopic": s_["subtopic"], "topic": s_["topic"],
             "clusters": s_["n_pred_clusters"]})
    if a.sweep:
        report["sweep_top"] = sweep(items, a.bench, a.out, a.split)[:15]
    (a.out / f"ecbplus-{a.split}-diag.json").write_text(json.dumps(report, indent=1))
    if a.json:
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
        return
    s, t = result["subtopic"], result["topic"]
    sys.stdout.write(
        f"ECB+ {a.split}: {len(rows)} docs -> {result['n_pred_clusters']} stories "
        f"(gold {result['n_gold_subtopics']} subtopics / {result['n_gold_topics']} topics)\n"
        f"subtopic B3 P {s['b3_p']:.4f} R {s['b3_r']:.4f} F1 {s['b3_f1']:.4f} | "
        f"topic B3 F1 {t['b3_f1']:.4f} | pairwise F1 {s['pair_f1']:.4f}\n"
        f"topic level: {topic_level['n_pred_clusters']} topics, B3 F1 against topics "
        f"{topic_level['topic']['b3_f1']:.4f} (P {topic_level['topic']['b3_p']:.4f} "
        f"R {topic_level['topic']['b3_r']:.4f})\n"
        f"runtime {stats['elapsed_s']} s; stages {stats['seconds']}\n")
    for k, v in report["diagnostics"]["pairs"].items():
        sys.stdout.write(f"  {k}: {v}\n")
    for r in report.get("also", []):
        sys.stdout.write(f"  also {r['settings']}: subtopic B3 F1 {r['subtopic']['b3_f1']:.4f} "
                         f"topic {r['topic']['b3_f1']:.4f} clusters {r['clusters']}\n")
    for r in report.get("sweep_top", [])[:8]:
        sys.stdout.write(f"  sweep {r}\n")


if __name__ == "__main__":
    main()
