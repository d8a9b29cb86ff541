#!/usr/bin/env python3
"""Events and their dates on the dev corpus gold (not part of pytest).

Per gold story: spaCy per the file's ``language:`` header, the body as article text, then
``find_times``/``extract_events`` per article and ``resolve_story_times``/``merge_events`` over the
story. Prints event recall (a predicted evidence span hits a gold evidence span: it shares at
least half of the gold span's characters or lies inside it), exact date accuracy over found gold
events, and how many predicted events hit a distractor date span (stamps, page furniture).

Usage:
    .venv/bin/python benchmarks/timeline_dev.py [--corpus /work/shared/corpus/dev] [--n N] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from storyline.analyze.dates import find_times, infer_reference
from storyline.analyze.entities import extract_entities
from storyline.analyze.events import extract_events
from storyline.analyze.nlp import load_pipeline
from storyline.reconcile.timeline import merge_events, resolve_story_times
from storyline.records import Article, ArticleAnalysis, Event, Sentence


def _read(path: Path, rel: str) -> Article:
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    published = meta.get("published")
    return Article(
        id=rel,
        text=body,
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        published=None if published in (None, "unknown") else published,
        language=meta.get("language", "en"),
    )


def _analyse(article: Article) -> ArticleAnalysis:
    nlp = load_pipeline(article.language)
    doc = nlp(article.text)
    reference, kind = infer_reference(article, doc)
    entities = extract_entities(doc, article)
    times = find_times(doc, article, reference, kind)
    return ArticleAnalysis(
        article=article.id,
        language=article.language or "en",
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        entities=tuple(entities),
        times=tuple(times),
        events=tuple(extract_events(doc, article, times, entities)),
        reference_date=reference,
        reference_kind=kind,
    )


def _locate(text: str, needle: str) -> tuple[int, int] | None:
    i = text.find(needle)
    return None if i < 0 else (i, i + len(needle))


def _hits(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    overlap = min(pred[1], gold[1]) - max(pred[0], gold[0])
    inside = gold[0] <= pred[0] and pred[1] <= gold[1]
    return overlap >= (gold[1] - gold[0]) / 2 or (inside and overlap > 0)


def evaluate(corpus: Path, n: int | None, verbose: bool) -> dict[str, Any]:
    from storyline.cluster.embed import Embedder

    embedder = Embedder()
    totals = {
        "gold_events": 0,
        "found": 0,
        "date_exact": 0,
        "predicted_events": 0,
        "distractor_hits": 0,
    }
    per_story = {}
    t0 = time.perf_counter()
    gold_files = sorted(p for p in (corpus / "gold").glob("*.json") if p.stem != "story-clusters")
    for gold_path in gold_files[:n]:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story_dir = corpus / "articles" / gold_path.stem
        articles = [_read(p, f"{gold_path.stem}/{p.name}") for p in sorted(story_dir.glob("*.txt"))]
        texts = {a.id: a.text for a in articles}
        analyses = resolve_story_times(articles, [_analyse(a) for a in articles])
        events: list[Event] = merge_events(articles, analyses, embedder)
        found = exact = 0
        for g in gold["events"]:
            hit_dates = []
            for ev in g["evidence"]:
                loc = _locate(texts.get(ev["file"], ""), ev["text"])
                if loc is None:
                    continue
                for e in events:
                    if any(
                        s.article == ev["file"] and _hits((s.start, s.end), loc) for s in e.evidence
                    ):
                        hit_dates.append(e.date)
            if hit_dates:
                found += 1
                ok = g["date"] in hit_dates
                exact += ok
                if verbose and not ok:
                    print(
                        f"  DATE {g['id']}: gold {g['date']} got {sorted(set(hit_dates))}",
                        file=sys.stderr,
                    )
            elif verbose:
                print(f"  MISS {g['id']}: {g['what'][:70]}", file=sys.stderr)
        distractors = 0
        for d in gold.get("distractor_dates", []):
            loc = _locate(texts.get(d["file"], ""), d["text"])
            if loc is None:
                continue
            for e in events:
                if any(
                    s.article == d["file"] and s.start < loc[1] and loc[0] < s.end
                    for s in e.evidence
                ):
                    distractors += 1
                    if verbose:
                        print(f"  DISTRACTOR {d['text']!r} in {e.summary!r}", file=sys.stderr)
        per_story[gold_path.stem] = {
            "gold_events": len(gold["events"]),
            "found": found,
            "date_exact": exact,
            "predicted_events": len(events),
            "distractor_hits": distractors,
        }
        for k, v in per_story[gold_path.stem].items():
            totals[k] += v
    return {
        "event_recall": round(totals["found"] / max(1, totals["gold_events"]), 3),
        "date_exact_on_found": round(totals["date_exact"] / max(1, totals["found"]), 3),
        "distractor_hits": totals["distractor_hits"],
        "totals": totals,
        "stories": per_story,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/dev"))
    parser.add_argument("--n", type=int, default=None, help="only the first N gold stories")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses on stderr")
    args = parser.parse_args()
    print(json.dumps(evaluate(args.corpus, args.n, args.verbose), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
