#!/usr/bin/env python3
"""Growth of story clustering cost with corpus size (not part of pytest).

Synthetic clustering inputs (``ClusterItem``: unit 512-d vector, entity keys, date), built to
look like a news stream, so the blocking and linking code does the work it does on real data:

* topics (a random direction each) hold stories; a story's centre is its topic direction plus
  its own direction (stories of one topic have cosine ~0.5: same-topic, different-event pairs);
* an article is its story centre plus noise (cosine ~0.7 between two articles of a story, as
  title+lead USE vectors of one event across outlets), 1-12 articles per story (power law);
* entities: 2-4 story-specific names, 1-2 topic names, and common names (countries) drawn from
  a Zipf law over a 300-name pool;
* dates: story start uniform over a year, articles within 0-3 days of it; 10 % undated;
* terms (the full-text words, ``cluster.terms.top_terms``): each article repeats a few of its
  story's words (places, numbers) and its topic's words, plus 150-400 running words from a
  Zipf law over a 20,000-word vocabulary, cut to the top ``MAX_TERMS`` as real text is.

For each size it times blocking, per-block pair scoring and strong-link components and
``cluster_components`` (average link per component), as the pipeline calls them, and fits the
growth exponent of the total time between successive sizes (log t2/t1 / log n2/n1).

    python benchmarks/cluster_scale.py [--sizes 1000 10000 100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import time
from collections import Counter

import numpy as np

from storyline.cluster.link import (
    _score_blocks_here,
    assign_stories,
    cluster_components,
    components,
    plan_blocks,
)
from storyline.cluster.terms import top_terms
from storyline.records import ClusterItem, vector
from storyline.settings import ClusterSettings

DIM = 512


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def synthetic_items(n: int, seed: int = 0) -> tuple[list[ClusterItem], dict[str, int]]:
    """``n`` items and their true story numbers."""
    rng = np.random.default_rng(seed)
    items: list[ClusterItem] = []
    truth: dict[str, int] = {}
    n_topics = max(5, n // 200)
    topics = _unit(rng.standard_normal((n_topics, DIM)))
    common = [f"country {i}" for i in range(300)]
    zipf = 1.0 / np.arange(1, 301)
    zipf /= zipf.sum()
    words = np.array([f"w{i}" for i in range(20000)])
    word_p = 1.0 / np.arange(1, 20001) ** 1.1
    word_p /= word_p.sum()
    story = 0
    while len(items) < n:
        topic = int(rng.integers(n_topics))
        centre = _unit(topics[topic] + _unit(rng.standard_normal(DIM)))
        size = min(int(rng.pareto(1.2)) + 1, 12, n - len(items))
        names = [f"story {story} name {k}" for k in range(int(rng.integers(2, 5)))]
        story_words = [f"s{story}t{k}" for k in range(8)]
        topic_words = [f"t{topic}t{k}" for k in range(12)]
        topic_names = [f"topic {topic} name {k}" for k in range(2)]
        start = int(rng.integers(0, 365))
        # noise of norm ~0.65: cosine ~0.85 to the centre, ~0.7 between two articles
        vecs = _unit(centre + rng.standard_normal((size, DIM)) * (0.65 / math.sqrt(DIM)))
        for m in range(size):
            ents = set(rng.choice(names, size=min(len(names), 2), replace=False))
            ents.add(topic_names[int(rng.integers(2))])
            ents.update(rng.choice(common, size=int(rng.integers(1, 3)), p=zipf))
            day = start + int(rng.integers(0, 4))
            date = None if rng.random() < 0.1 else (
                f"2024-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}")
            aid = f"a{len(items):07d}"
            counts = Counter(rng.choice(words, size=int(rng.integers(150, 400)), p=word_p))
            counts.update(rng.choice(story_words, size=int(rng.integers(4, 12))))
            counts.update(rng.choice(topic_words, size=int(rng.integers(4, 12))))
            items.append(ClusterItem(id=aid, embedding=vector(vecs[m]),
                                     entities=tuple(sorted(ents)), date=date, language="en",
                                     terms=top_terms(Counter({str(k): v for k, v
                                                              in counts.items()}))))
            truth[aid] = story
        story += 1
    return items, truth


def _b3(pred: dict[str, str], truth: dict[str, int]) -> float:
    by_pred: dict[str, set[str]] = {}
    by_true: dict[int, set[str]] = {}
    for a, s in pred.items():
        by_pred.setdefault(s, set()).add(a)
    for a, s in truth.items():
        by_true.setdefault(s, set()).add(a)
    p = r = 0.0
    for a in truth:
        mine, gold = by_pred[pred[a]], by_true[truth[a]]
        both = len(mine & gold)
        p += both / len(mine)
        r += both / len(gold)
    p, r = p / len(truth), r / len(truth)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--also", default="", metavar="K=V,...",
                    help="ClusterSettings fields other than the defaults, e.g. text_weight=0.3")
    args = ap.parse_args()
    kw = {k: float(v) if "." in v else int(v) for k, _, v in
          (p.partition("=") for p in filter(None, args.also.split(",")))}
    settings = ClusterSettings(**kw)
    rows = []
    for n in args.sizes:
        items, truth = synthetic_items(n)
        t0 = time.perf_counter()
        plan = plan_blocks(items, settings)
        comps = components(plan, _score_blocks_here(plan, settings), settings)
        t1 = time.perf_counter()
        groups = cluster_components(comps, settings)
        t2 = time.perf_counter()
        stories = assign_stories(items, groups)
        t3 = time.perf_counter()
        pairs = sum(len(c.pairs) for c in comps)
        row = {"articles": n, "seconds": round(t3 - t0, 3), "pairs_seconds": round(t1 - t0, 3),
               "link_seconds": round(t2 - t1, 3), "assign_seconds": round(t3 - t2, 3),
               "pairs_in_components": pairs, "components": len(comps),
               "largest_component": max(len(c.ids) for c in comps),
               "stories": len(set(stories.values())), "true_stories": len(set(truth.values())),
               "b3_f1": round(_b3(stories, truth), 4),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    for a, b in zip(rows, rows[1:], strict=False):
        b["growth_exponent_from_previous"] = round(
            math.log(b["seconds"] / a["seconds"]) / math.log(b["articles"] / a["articles"]), 3)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        overall = math.log(last["seconds"] / first["seconds"]) / math.log(
            last["articles"] / first["articles"])
        print(json.dumps({"growth_exponent": round(overall, 3),
                          "steps": [r.get("growth_exponent_from_previous") for r in rows[1:]]}))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
