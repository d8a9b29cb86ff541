#!/usr/bin/env python3
"""Score storyline on a gold corpus in one command, with throughput next to a spaCy-parse-only run.

Steps: ``to_jsonl.py CORPUS dev.jsonl --opaque-ids`` -> ``storyline.run`` -> ``score_story.py``;
then the same articles are parsed by spaCy alone (same pipelines per language, same batch size)
so the two rates come from one run on one machine.

Usage:
    python benchmarks/dev_eval.py [--shared ../shared] [--corpus dev] [--out bench-out/dev]
                                  [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_only(jsonl: Path, batch_size: int) -> dict[str, float]:
    """Time spaCy alone over the texts of the input (the anchor for end-to-end throughput).

    The same pipelines per language as storyline's, loaded afresh: ``seconds`` counts loading and
    parsing, as the end-to-end time does; ``parse_seconds`` counts parsing alone.
    """
    from storyline.analyze.nlp import load_pipeline

    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    by_lang: dict[str, list[str]] = {}
    for r in rows:
        by_lang.setdefault((r.get("language") or "en").lower(), []).append(r["text"])
    load_pipeline.cache_clear()
    t0 = time.perf_counter()
    for lang in by_lang:
        load_pipeline(lang)
    t1 = time.perf_counter()
    for lang, texts in by_lang.items():
        for _ in load_pipeline(lang).pipe(texts, batch_size=batch_size):
            pass
    t2 = time.perf_counter()
    words = sum(len(t.split()) for texts in by_lang.values() for t in texts)
    return {"seconds": round(t2 - t0, 3), "parse_seconds": round(t2 - t1, 3),
            "articles_per_s": round(len(rows) / (t2 - t0), 2),
            "words_per_s": round(words / (t2 - t0), 1),
            "parse_only_articles_per_s": round(len(rows) / (t2 - t1), 2)}


def markdown(report: dict) -> str:
    """The scores and throughput as Markdown tables (what the README shows)."""

    def fmt(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else ("n/a" if v is None else str(v))

    lines = ["| metric | value | count |", "|---|---|---|"]
    for key, m in report["scores"]["overall"].items():
        count = f"{m['num']}/{m['den']}" if m.get("den") not in (None, 0) and m.get("num") is not None else ""
        lines.append(f"| {key} | {fmt(m['value'])} | {count} |")
    t = report["throughput"]
    lines += ["", "| run | seconds | articles/s | words/s |", "|---|---|---|---|",
              (f"| storyline end to end | {t['end_to_end']['seconds']} | "
               f"{t['end_to_end']['articles_per_s']} | {t['end_to_end']['words_per_s']} |"),
              (f"| spaCy load + parse only | {t['spacy_parse_only']['seconds']} | "
               f"{t['spacy_parse_only']['articles_per_s']} | {t['spacy_parse_only']['words_per_s']} |"),
              (f"| spaCy parse only (models loaded) | {t['spacy_parse_only']['parse_seconds']} | "
               f"{t['spacy_parse_only']['parse_only_articles_per_s']} | |"),
              "", "stage seconds: " + ", ".join(f"{k} {v}" for k, v in t["stage_seconds"].items())]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", default="dev", help="corpus folder name under shared/corpus")
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "dev"))
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--markdown", action="store_true", help="print tables for the README")
    args = ap.parse_args()

    import storyline
    from storyline.settings import load_settings

    shared = Path(args.shared)
    corpus = shared / "corpus" / args.corpus
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out.parent / f"{args.corpus}.jsonl"
    subprocess.run([sys.executable, str(shared / "eval" / "to_jsonl.py"), str(corpus), str(jsonl),
                    "--opaque-ids"], check=True, stdout=subprocess.DEVNULL)
    # Fresh store: no cached analyses, so the timing covers every stage.
    for stale in out.glob("storyline.duckdb*"):
        stale.unlink()
    settings = load_settings(progress=False)
    t0 = time.perf_counter()
    result = storyline.run([jsonl], out, settings)
    end_to_end = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in result.articles)
    score = subprocess.run([sys.executable, str(shared / "eval" / "score_story.py"), "--corpus",
                            str(corpus), "--out", str(out), "--json"], check=True,
                           capture_output=True, text=True)
    scores = json.loads(score.stdout)
    anchor = parse_only(jsonl, settings.analyze.batch_size)
    rate = len(result.articles) / end_to_end
    report = {
        "corpus": args.corpus,
        "summary": result.summary(),
        "throughput": {
            "end_to_end": {"seconds": round(end_to_end, 3), "articles_per_s": round(rate, 2),
                           "words_per_s": round(words / end_to_end, 1)},
            "spacy_parse_only": anchor,
            "ratio_to_parse_only": round(rate / anchor["articles_per_s"], 3),
            "stage_seconds": result.stats.get("seconds", {}),
        },
        "scores": scores,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(markdown(report) if args.markdown else text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
