#!/usr/bin/env python3
"""Why gold corroborated claims are missed: one line of diagnosis per missed claim.

Reads a storyline output folder (``stories/*.json``, ``articles.jsonl``, e.g. what
``dev_eval.py --out`` wrote) and a gold corpus, places spans with the scorer's own code
(``shared/eval/score_story.py``) and, for each gold corroborated claim that no predicted
``corroborated`` claim hits, prints the gold item's mentions (file, outlet, language,
independent source after ``duplicate_of``) with the predicted claims hitting each, and a reason:

- ``not extracted``: no predicted claim hits the mention in that file;
- ``one source``: the mentions' articles are one independent source (copies, ``duplicate_of``);
- ``split``: two or more outlets' mentions are hit, but by different single-source claims
  (with the encoder cosine of the two claims' support when ``--encoder`` is given, and whether
  the pair is cross-language);
- ``conflicting``: the hitting claim is ``conflicting``.

Gold single-source claims that no ``single_source`` claim hits are listed after them (with the
status and outlets of the claims that do hit them), to watch what joining claims costs.

Usage:
    python benchmarks/claims_dev.py --out bench-out/dev [--shared ../shared] [--corpus dev]
                                    [--encoder] [--json report.json] [--all]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _load_scorer(shared: Path) -> Any:
    sys.path.insert(0, str(shared / "eval"))
    import score_story  # type: ignore[import-not-found]

    return score_story


def _source(rel: str, pred: Any) -> str:
    """Independent source of a gold file under the predicted ``duplicate_of`` links."""
    rid = next((aid for aid, r in pred.idmap.items() if r == rel and aid in pred.records), None)
    rec = pred.records.get(rid) if rid else None
    seen: set[str] = set()
    while isinstance(rec, dict) and rec.get("duplicate_of") and rec["id"] not in seen:
        seen.add(rec["id"])
        rec = pred.records.get(rec["duplicate_of"], rec)
    if isinstance(rec, dict):
        return str(rec.get("outlet") or rec["id"])
    return pred.arts[rel]["meta"].get("outlet", rel)


def _support_text(claim: dict[str, Any], pred: Any, rel: str) -> str:
    for p in claim["spans"]:
        if p[0] == rel:
            return pred.arts[rel]["body"][p[1] : p[2]]
    p = claim["spans"][0]
    return pred.arts[p[0]]["body"][p[1] : p[2]]


def _raw_claims(pred: Any) -> list[dict[str, Any]]:
    """Predicted claims in the scorer's order, with their text and id added."""
    out = []
    for st in pred.stories:
        for x in pred.items(st, "claims"):
            out.append({"id": x.get("id"), "text": x.get("text", "")})
    return out


def diagnose(
    scorer: Any, corpus: Path, out: Path, encoder: Any = None, show_all: bool = False
) -> list[dict[str, Any]]:
    """One record per gold corroborated claim (missed ones only unless ``show_all``)."""
    arts = scorer.load_articles(str(corpus))
    _, golds = scorer.load_gold(str(corpus))
    pred = scorer.Prediction(str(out), arts)
    raw = _raw_claims(pred)
    claims = [dict(c, **r) for c, r in zip(pred.claims, raw, strict=True)]
    rows = []
    for slug, gold in sorted(golds.items()):
        refs = {s["id"]: ("statement", s["mentions"], "quote") for s in gold.get("statements", [])}
        refs.update({e["id"]: ("event", e["evidence"], "text") for e in gold.get("events", [])})
        for gc in gold.get("corroborated_claims", []):
            kind, items, key = refs[gc.get("statement") or gc.get("event")]
            mentions = []
            for it in items:
                rel = it["file"]
                alts = [
                    (rel,) + o
                    for o in scorer.gold_alts(arts[rel]["body"], it[key], it.get("occurrence"))
                ]
                hits = [c for c in claims if scorer.any_hit(c["spans"], alts)]
                mentions.append(
                    {
                        "file": rel,
                        "outlet": arts[rel]["meta"].get("outlet", ""),
                        "language": arts[rel]["meta"].get("language", ""),
                        "source": _source(rel, pred),
                        "text": it[key][:90],
                        "hits": hits,
                    }
                )
            found = any(c["status"] == "corroborated" for m in mentions for c in m["hits"])
            if found and not show_all:
                continue
            rows.append(
                {
                    "story": slug,
                    "claim": gc["claim"],
                    "kind": kind,
                    "found": found,
                    "reason": _reason(mentions, pred, encoder),
                    "mentions": mentions,
                }
            )
    return rows


def single_source_misses(scorer: Any, corpus: Path, out: Path) -> list[str]:
    """Gold single-source claims no ``single_source`` claim hits, with what hits them instead."""
    arts = scorer.load_articles(str(corpus))
    _, golds = scorer.load_gold(str(corpus))
    pred = scorer.Prediction(str(out), arts)
    claims = [dict(c, **r) for c, r in zip(pred.claims, _raw_claims(pred), strict=True)]
    lines = []
    for slug, gold in sorted(golds.items()):
        for gc in gold.get("single_source_claims", []):
            rel = gc["file"]
            alts = [
                (rel,) + o
                for o in scorer.gold_alts(arts[rel]["body"], gc["text"], gc.get("occurrence"))
            ]
            hits = [c for c in claims if scorer.any_hit(c["spans"], alts)]
            if any(c["status"] == "single_source" for c in hits):
                continue
            got = ", ".join(f"{c['status']} {sorted(c['outlets'])}" for c in hits[:3]) or "no claim"
            lines.append(f"[SS MISSED] {slug}: {gc['claim']} ({rel}): {got}")
    return lines


def _reason(mentions: Sequence[dict[str, Any]], pred: Any, encoder: Any) -> str:
    sources = {m["source"] for m in mentions}
    if len(sources) < 2:
        return f"one source: {len({m['outlet'] for m in mentions})} gold outlet(s) -> {sorted(sources)}"
    hit = [m for m in mentions if m["hits"]]
    missing = [m["file"] for m in mentions if not m["hits"]]
    parts = []
    if missing:
        parts.append("not extracted in " + ", ".join(missing))
    if any(c["status"] == "conflicting" for m in hit for c in m["hits"]):
        parts.append("conflicting claim hits a mention")
    by_claim: dict[str, dict[str, Any]] = {}
    for m in hit:
        for c in m["hits"]:
            by_claim.setdefault(c["id"], {"claim": c, "sources": set(), "files": []})
            by_claim[c["id"]]["sources"].add(m["source"])
            by_claim[c["id"]]["files"].append(m["file"])
    hit_sources = {m["source"] for m in hit}
    if len(hit_sources) >= 2 and not any(len(v["sources"]) >= 2 for v in by_claim.values()):
        parts.append(_split_detail(hit, pred, encoder))
    elif len(hit_sources) < 2:
        parts.append(f"only {len(hit_sources)} source hit")
    return "; ".join(parts) or "hit by a multi-source claim that is not corroborated"


def _split_detail(hit: Sequence[dict[str, Any]], pred: Any, encoder: Any) -> str:
    """The best cross-source pair of hitting claims, with cosine and language."""
    best = None
    for i, a in enumerate(hit):
        for b in hit[i + 1 :]:
            if a["source"] == b["source"]:
                continue
            ca, cb = a["hits"][0], b["hits"][0]
            ta, tb = _support_text(ca, pred, a["file"]), _support_text(cb, pred, b["file"])
            sim = None
            if encoder is not None:
                va, vb = encoder.encode([ta, tb])
                sim = float(va @ vb)
            key = (sim if sim is not None else 0.0, a["language"] != b["language"])
            if best is None or key > best[0]:
                best = (key, a, b, sim)
    if best is None:
        return "split"
    _, a, b, sim = best
    lang = f"{a['language']}/{b['language']}"
    cos = f" cos={sim:.3f}" if sim is not None else ""
    return f"split across claims ({lang}{cos}): {a['file']} vs {b['file']}"


def _print(rows: Sequence[dict[str, Any]]) -> None:
    for r in rows:
        flag = "FOUND" if r["found"] else "MISSED"
        print(f"[{flag}] {r['story']}: {r['claim']} ({r['kind']})")
        print(f"    reason: {r['reason']}")
        for m in r["mentions"]:
            print(f"    - {m['file']} [{m['language']}, {m['source']}] {m['text']!r}")
            for c in m["hits"][:3]:
                print(f"        {c['status']:<13} {sorted(c['outlets'])} {c['text'][:90]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="storyline output folder")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", default="dev")
    ap.add_argument("--encoder", action="store_true", help="add encoder cosines to splits")
    ap.add_argument("--all", action="store_true", help="list found claims too")
    ap.add_argument("--json", help="also write the rows here")
    args = ap.parse_args()
    shared = Path(args.shared)
    scorer = _load_scorer(shared)
    encoder = None
    if args.encoder:
        from storyline.cluster.embed import Embedder

        encoder = Embedder()
    rows = diagnose(scorer, shared / "corpus" / args.corpus, Path(args.out), encoder, args.all)
    _print(rows)
    missed = sum(not r["found"] for r in rows)
    print(f"missed corroborated claims: {missed}")
    ss = single_source_misses(scorer, shared / "corpus" / args.corpus, Path(args.out))
    print("\n".join(ss + [f"missed single-source claims: {len(ss)}"]))
    if args.json:
        for r in rows:
            for m in r["mentions"]:
                m["hits"] = [
                    {k: (sorted(v) if isinstance(v, set) else v) for k, v in c.items()}
                    for c in m["hits"]
                ]
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
