"""Quote mentions and speakers on the dev corpus gold (not part of pytest).

Runs entity and quote extraction on every article that a gold story names (spaCy pipeline per the
file's ``language:`` header, the body as article text) and prints, over the gold statement
mentions: mention recall (a predicted span shares at least half of the gold span's characters),
recall with the right speaker (score_story.py's rule: token subset or an alias of the gold
entity), kind accuracy over found mentions, and the number of predicted direct quotes.

Usage:
    .venv/bin/python benchmarks/quotes_dev.py [--corpus /work/shared/corpus/dev] [--json] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from storyline.analyze.entities import extract_entities
from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quotes import extract_quotes
from storyline.records import Article

_STOP = {"mr", "mrs", "ms", "dr", "the"}


def _norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in s.casefold()).split())


def _tokens(name: str) -> list[str]:
    return [t for t in _norm(name).split() if t not in _STOP]


def _speaker_ok(pred: str | None, gold: str, alias_sets: list[set[str]]) -> bool:
    if not pred or not pred.strip():
        return False
    p, g = _tokens(pred), _tokens(gold)
    if p and g and (p == g or set(p) <= set(g) or set(g) <= set(p)):
        return True
    return any(_norm(gold) in s and _norm(pred) in s for s in alias_sets)


def _read(path: Path) -> tuple[dict[str, str], str]:
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("---\n")
    meta = {}
    for line in head.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip()] = v.strip()
    return meta, body


def _find_all(body: str, text: str) -> list[tuple[int, int]]:
    out, i = [], body.find(text) if text else -1
    while i >= 0:
        out.append((i, i + len(text)))
        i = body.find(text, i + 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/work/shared/corpus/dev", type=Path)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses")
    args = ap.parse_args(argv)

    golds = []
    for path in sorted((args.corpus / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if "statements" in gold:
            golds.append(gold)
    files = sorted({m["file"] for g in golds for s in g["statements"] for m in s["mentions"]})
    preds: dict[str, list] = {}
    bodies: dict[str, str] = {}
    t0 = time.perf_counter()
    for rel in files:
        meta, body = _read(args.corpus / "articles" / rel)
        lang = meta.get("language", "en")
        article = Article(id=rel, text=body, language=lang)
        doc = load_pipeline(lang)(body)
        ents = extract_entities(doc, article)
        preds[rel] = extract_quotes(doc, article, ents)
        bodies[rel] = body
    elapsed = time.perf_counter() - t0

    n = found = speaker = kind = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for gold in golds:
        alias_sets = [{_norm(a) for a in [e["canonical"], *e.get("aliases", [])]}
                      for e in gold.get("entities", [])]
        for st in gold["statements"]:
            if st.get("off_story") or st.get("boilerplate"):
                continue
            for m in st["mentions"]:
                occ = _find_all(bodies[m["file"]], m["quote"])
                if not occ:
                    continue
                gs, ge = occ[(m.get("occurrence") or 1) - 1]
                n += 1
                by_kind[m["kind"]][0] += 1
                cands = [q for q in preds[m["file"]]
                         if 2 * max(0, min(q.end, ge) - max(q.start, gs)) >= ge - gs]
                if not cands:
                    misses.append(("MISS", m["file"], st["speaker"], m["kind"], m["quote"][:90]))
                    continue
                best = max(cands, key=lambda q: _speaker_ok(q.speaker_name, st["speaker"],
                                                            alias_sets))
                ok = _speaker_ok(best.speaker_name, st["speaker"], alias_sets)
                found += 1
                speaker += ok
                kind += best.kind == m["kind"]
                by_kind[m["kind"]][1] += 1
                by_kind[m["kind"]][2] += ok
                if not ok:
                    misses.append(("SPEAKER", m["file"], st["speaker"],
                                   f"{best.speaker_text!r}->{best.speaker_name!r}", m["quote"][:60]))
    direct = sum(q.kind == "direct" for qs in preds.values() for q in qs)
    result = {
        "gold_mentions": n,
        "mention_recall": round(found / n, 3) if n else 0.0,
        "speaker_recall": round(speaker / n, 3) if n else 0.0,
        "kind_accuracy": round(kind / found, 3) if found else 0.0,
        "predicted_mentions": sum(len(qs) for qs in preds.values()),
        "predicted_direct": direct,
        "by_kind": {k: {"n": v[0], "found": v[1], "speaker": v[2]} for k, v in by_kind.items()},
        "files": len(files),
        "seconds": round(elapsed, 2),
    }
    if args.json:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
    else:
        for k, v in result.items():
            sys.stdout.write(f"{k:20} {v}\n")
    if args.verbose:
        for row in misses:
            sys.stdout.write(" | ".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
