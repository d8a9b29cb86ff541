#!/usr/bin/env python3
"""Statement alignment on a gold corpus: scores and the errors behind them (not part of pytest).

Two ways in:

* ``--run-out DIR``: an existing ``storyline run`` output folder (``articles.jsonl`` and
  ``stories/``), scored as it is.
* ``--frozen PKL`` (default): the pipeline up to statements, frozen once (articles, the analyses
  after ``resolve_story_times`` and the merged entities of every story; built by a full run when
  the file is missing). Each call re-runs ``align_statements`` alone on it and writes a minimal
  output folder (``--out``), so alignment changes are measured apart from the other stages.

Both print the scorer's statement metrics (``shared/eval/score_story.py``: every gold mention
takes the best predicted mention covering half of it, then pairwise agreement of the gold and the
predicted statement ids) and, with ``--errors``, every gold statement with its found mentions,
then the split pairs (one gold statement, two predicted ones) and merged pairs (two gold
statements, one predicted) with their features: encoder cosine of the two mention texts, the
resolved speaker entity of each (``-`` when none), their ``said_on`` and whether the predicted
mention spans more than one gold mention (a cut problem rather than an alignment one).
The scores also give an oracle alignment of these mentions as they are cut (each predicted
mention placed in the gold statement most of the gold mentions it takes belong to), about the
ceiling of alignment alone: the gap to it is the alignment's, the rest the mentions'.

``--scores`` (frozen input) also prints, per story, histograms of the internal pair score
(``statements.pair_scores``) of gold-same and gold-different mention pairs, split by whether
their speakers resolve to one entity, to different ones or to none (speaker gating), and with
``--errors`` every split pair with that score (thresholds).

    .venv/bin/python benchmarks/alignment_dev.py [--corpus dev] [--frozen PKL] [--errors]
    .venv/bin/python benchmarks/alignment_dev.py --run-out bench-out/dev --errors
    .venv/bin/python benchmarks/alignment_dev.py --frozen PKL --scores [--errors]
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _scorer(shared: Path) -> Any:
    sys.path.insert(0, str(shared / "eval"))
    import score_story

    return score_story


def freeze(shared: Path, corpus: str, path: Path) -> dict[str, Any]:
    """Run the pipeline once and keep what statement alignment reads, per multi-article story."""
    import storyline
    from storyline.reconcile.entities import merge_entities
    from storyline.reconcile.timeline import resolve_story_times
    from storyline.settings import load_settings

    jsonl = path.with_suffix(".jsonl")
    subprocess.run([sys.executable, str(shared / "eval" / "to_jsonl.py"),
                    str(shared / "corpus" / corpus), str(jsonl), "--opaque-ids"],
                   check=True, stdout=subprocess.DEVNULL)
    from storyline.cluster.embed import Embedder

    result = storyline.run([jsonl], None, load_settings(progress=False, store="files"))
    embedder = Embedder()
    by_id = {a.id: a for a in result.articles}
    an_by = {a.article: a for a in result.analyses}
    stories = []
    for st in sorted(result.stories, key=lambda s: s.id):
        arts = sorted((by_id[i] for i in st.articles if i in by_id), key=lambda a: a.id)
        ans = sorted((an_by[a.id] for a in arts if a.id in an_by), key=lambda x: x.article)
        ents = merge_entities(st.id, arts, ans, embedder=embedder)
        ans = sorted(resolve_story_times(arts, ans), key=lambda x: x.article)
        stories.append({"id": st.id, "articles": arts, "analyses": ans, "entities": ents})
    frozen = {"articles": result.articles, "stories": stories}
    path.write_bytes(pickle.dumps(frozen))
    return frozen


def realign(frozen: dict[str, Any], out: Path, embedder: Any) -> dict[str, Any]:
    """Align statements on the frozen stories; write ``articles.jsonl`` and ``stories/``."""
    from storyline.reconcile.statements import align_statements
    from storyline.settings import Settings

    out.mkdir(parents=True, exist_ok=True)
    (out / "stories").mkdir(exist_ok=True)
    for old in (out / "stories").glob("*.json"):
        old.unlink()
    with (out / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in frozen["articles"]:
            fh.write(json.dumps({"id": a.id, "text": a.text, "story": None,
                                 "duplicate_of": a.duplicate_of}, ensure_ascii=False) + "\n")
    t0 = time.perf_counter()
    settings = Settings()
    internal: dict[str, Any] = {}
    for st in frozen["stories"]:
        stmts = align_statements(st["id"], st["articles"], st["analyses"], st["entities"],
                                 embedder, settings)
        doc = {"id": st["id"], "articles": [a.id for a in st["articles"]],
               "statements": [s.to_dict() for s in stmts]}
        (out / "stories" / f"{st['id']}.json").write_text(json.dumps(doc, ensure_ascii=False),
                                                         encoding="utf-8")
        internal[st["id"]] = st
    return {"seconds": round(time.perf_counter() - t0, 3), "stories": internal}


def _quote_of(raw: tuple[str, int, int] | None, frozen: dict[str, Any] | None) -> Any:
    """The extracted quote (with said_on) that holds a predicted mention, when frozen input.

    ``raw`` is the mention as the tool wrote it (its article id and offsets into its text).
    """
    if frozen is None or raw is None:
        return None
    aid, start, end = raw
    span = (aid, start, end)
    for st in frozen["stories"]:
        for an in st["analyses"]:
            if an.article != aid:
                continue
            for q in an.quotes:
                if q.start <= span[1] and span[2] <= q.end:
                    return q, st["entities"]
    return None


def _unit_scores(frozen: dict[str, Any], embedder: Any) -> dict[str, Any]:
    """Per article id: the story's units, their speakers and the pairwise score matrix."""
    from storyline.reconcile import statements as S

    out: dict[str, Any] = {}
    for st in frozen["stories"]:
        quotes = sorted((q for an in st["analyses"] for q in an.quotes),
                        key=lambda q: (q.article, q.start, q.end))
        if not quotes:
            continue
        units, parent, sentence = S._units(quotes)
        ents_q = [S._speaker_entity(q, st["entities"]) for q in quotes]
        ents = [ents_q[k] for k in parent]
        kin_q = S._kin(quotes, ents_q, st["entities"])
        passages = [(a.language, a.text[x:y]) for a in st["articles"]
                    for x, y in pairwise([0, *S.sentence_ends(a.text), len(a.text)])]
        score = S.pair_scores(units, parent, ents, embedder, sentence, S.LEXICAL_WEIGHT,
                              [t for _, t in passages], [kin_q[k] for k in parent],
                              [lang for lang, _ in passages])
        info = {"units": units, "parent": parent, "ents": ents, "score": score}
        for a in st["articles"]:
            out[a.id] = info
    return out


def _unit_of(raw: tuple[str, int, int] | None, table: dict[str, Any]) -> tuple[Any, int] | None:
    """The unit overlapping a predicted mention most."""
    if raw is None or raw[0] not in table:
        return None
    info = table[raw[0]]
    best, k = 0, -1
    for i, u in enumerate(info["units"]):
        if u.article == raw[0]:
            o = min(u.end, raw[2]) - max(u.start, raw[1])
            if o > best:
                best, k = o, i
    return (info, k) if k >= 0 else None


def score_report(found: list[Any], raw_of: dict, table: dict[str, Any], verbose: bool) -> None:
    """Histogram of the internal pair score for gold-same and gold-different mention pairs."""
    rows = []
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            ua, ub = _unit_of(raw_of.get(a[2]["span"]), table), _unit_of(raw_of.get(b[2]["span"]), table)
            if ua is None or ub is None or ua[0] is not ub[0] or ua[1] == ub[1]:
                continue
            info = ua[0]
            ea, eb = info["ents"][ua[1]], info["ents"][ub[1]]
            spk = ("unk" if ea is None or eb is None else "same" if ea.id == eb.id else "diff")
            rows.append((a[0] == b[0], spk, float(info["score"][ua[1], ub[1]])))
            if verbose and a[0] == b[0] and a[1] != b[1]:
                print(f"    split {rows[-1][2]:.2f} {spk} {a[0]}: "
                      f"{info['units'][ua[1]].text[:60]!r} | {info['units'][ub[1]].text[:60]!r}")
    bins = [-2, -0.5, 0.01, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 9]
    for same in (True, False):
        for spk in ("same", "diff", "unk"):
            vals = [r[2] for r in rows if r[0] == same and r[1] == spk]
            hist = [sum(lo <= v < hi for v in vals) for lo, hi in pairwise(bins)]
            print(f"  gold-{'same' if same else 'diff'} speaker={spk:4} n={len(vals):4} "
                  + " ".join(f"{lo:.2f}:{h}" for lo, h in zip(bins, hist)))


def print_errors(found: list[Any], arts: dict[str, Any], raw_of: dict, frozen: dict[str, Any] | None,
                 embedder: Any) -> None:
    """Every gold statement with its found mentions, then the split, merged and cut pairs."""
    from storyline.reconcile.statements import _speaker_entity

    texts = sorted({f[2]["span"] for f in found})
    body = {s: arts[s[0]]["body"][s[1]:s[2]] for s in texts}
    vecs = dict(zip(texts, embedder.encode([body[s] for s in texts]), strict=True))
    feats = {}  # predicted mention -> (resolved speaker, said_on)
    for s in texts:
        hold = _quote_of(raw_of.get(s), frozen)
        if hold is None:
            feats[s] = ("?", None)
        else:
            e = _speaker_entity(hold[0], hold[1])
            feats[s] = (e.name if e else "-", hold[0].said_on)
    takers = defaultdict(set)  # how many gold statements each predicted mention took
    for f in found:
        takers[f[2]["span"]].add(f[0])
    labels: dict[Any, str] = {}
    for f in found:
        labels.setdefault(f[1], f"P{len(labels)}")
    for gid in dict.fromkeys(f[0] for f in found):
        print(f"  {gid}")
        for f in (x for x in found if x[0] == gid):
            s = f[2]["span"]
            spk, day = feats[s]
            multi = " CUT>1" if len(takers[s]) > 1 else ""
            print(f"    {labels[f[1]]:>4} {s[0].split('/')[-1][:22]:22} spk={spk[:18]:18} "
                  f"day={day} {body[s][:70]!r}{multi}")
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            sa, sb = a[2]["span"], b[2]["span"]
            if a[0] == b[0] and a[1] != b[1]:
                kind = "SPLIT "
            elif a[0] != b[0] and a[1] == b[1] and sa != sb:
                kind = "MERGED"
            else:
                continue
            cos = float(vecs[sa] @ vecs[sb])
            same_art = "same-art" if sa[0] == sb[0] else ""
            print(f"  {kind} cos={cos:.2f} spk={feats[sa][0][:14]}|{feats[sb][0][:14]} "
                  f"day={feats[sa][1]}|{feats[sb][1]} {same_art} {a[0]}|{b[0]}\n"
                  f"       {body[sa][:80]!r}\n       {body[sb][:80]!r}")
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a[0] != b[0] and a[2]["span"] == b[2]["span"]:
                print(f"  CUT one predicted mention takes {a[0]} and {b[0]}: "
                      f"{body[a[2]['span']][:80]!r}")


def diagnose(sc: Any, corpus_dir: Path, out: Path, frozen: dict[str, Any] | None,
             embedder: Any, errors: bool, scores: bool = False) -> dict[str, Any]:
    """Score statements as ``score_story`` does and print the alignment errors."""
    arts = sc.load_articles(str(corpus_dir))
    pred = sc.Prediction(str(out), arts)
    raw_of = {}  # placed span (gold body offsets) -> the tool's own (article, start, end)
    for st in pred.stories:
        for x in pred.items(st, "statements"):
            for m in pred.items(x, "mentions"):
                placed = pred.place(m, "statement mention")
                if placed:
                    raw_of[placed] = (m["article"], m["start"], m["end"])
    totals = defaultdict(int)
    table = _unit_scores(frozen, embedder) if (scores and frozen is not None) else None
    for gpath in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if not gold.get("statements"):
            continue
        alias_sets = [{sc.norm_name(a) for a in [e["canonical"]] + e["aliases"]}
                      for e in gold.get("entities", [])]
        by_rel = defaultdict(list)
        for m in pred.mentions:
            by_rel[m["span"][0]].append(m)
        found = []  # (gold id, pred stmt, pred mention, gold mention)
        for st in gold["statements"]:
            if st.get("off_story") or st.get("boilerplate"):
                continue
            for m in st["mentions"]:
                alts = sc.gold_alts(arts[m["file"]]["body"], m["quote"], m.get("occurrence"))
                g = (m["file"],) + alts[0]
                cands = [p for p in by_rel[g[0]] if sc.hit50(p["span"], g)]
                totals["n"] += 1
                if not cands:
                    if errors:
                        print(f"  MISSED {st['id']}: {m['file']} {m['quote'][:90]!r}")
                    continue
                best = max(cands, key=lambda p: (sc.speaker_ok(p["speaker"], st["speaker"],
                                                               alias_sets), sc.iou(p["span"], g)))
                found.append((st["id"], best["stmt"], best, m))
        tp, fp, fn = sc.pairs([(f[0], f[1]) for f in found])
        for key, n in zip(("ctp", "cfp", "cfn"), sc.pairs(_oracle_labels(found)), strict=True):
            totals[key] += n
        totals["tp"] += tp
        totals["fp"] += fp
        totals["fn"] += fn
        totals["found"] += len(found)
        if table is not None:
            print(f"== {gpath.stem}")
            score_report(found, raw_of, table, errors)
        if not errors:
            continue
        print(f"\n=== {gpath.stem}: pairs tp {tp} fp {fp} fn {fn}")
        print_errors(found, arts, raw_of, frozen, embedder)
    p, r, f1 = _prf(totals["tp"], totals["fp"], totals["fn"])
    cp, cr, cf1 = _prf(totals["ctp"], totals["cfp"], totals["cfn"])
    return {"mention recall": round(totals["found"] / max(1, totals["n"]), 3),
            "pair precision": round(p, 3), "pair recall": round(r, 3), "pair F1": round(f1, 3),
            "tp": totals["tp"], "fp": totals["fp"], "fn": totals["fn"],
            "oracle on these mentions P/R/F1": [round(cp, 3), round(cr, 3), round(cf1, 3)]}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of pair counts."""
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _oracle_labels(found: list[Any]) -> list[tuple[str, str]]:
    """(gold, oracle) labels: the best alignment of the predicted mentions as they are cut.

    Each predicted mention joins the gold statement most of the gold mentions it takes belong
    to (ties: the first); a mention taking two gold statements still pairs them (a cut error).
    """
    votes: dict[Any, list[str]] = defaultdict(list)
    for f in found:
        votes[f[2]["span"]].append(f[0])
    return [(f[0], max(votes[f[2]["span"]], key=votes[f[2]["span"]].count)) for f in found]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", default="dev")
    ap.add_argument("--run-out", help="score this existing storyline output folder instead")
    ap.add_argument("--frozen", help="frozen pipeline input (built when missing)")
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "alignment"))
    ap.add_argument("--errors", action="store_true", help="print every statement and error")
    ap.add_argument("--scores", action="store_true",
                    help="histograms of the internal pair score (frozen input only)")
    ap.add_argument("--json", help="also write the scores here")
    args = ap.parse_args()

    from storyline.cluster.embed import Embedder

    shared = Path(args.shared)
    sc = _scorer(shared)
    embedder = Embedder()
    frozen, timing = None, {}
    if args.run_out:
        out = Path(args.run_out)
    else:
        path = Path(args.frozen or ROOT / "bench-out" / f"alignment-{args.corpus}.pkl")
        if path.is_file():
            frozen = pickle.loads(path.read_bytes())
        else:
            frozen = freeze(shared, args.corpus, path)
        out = Path(args.out)
        timing = realign(frozen, out, embedder)
        timing.pop("stories")
    scores = diagnose(sc, shared / "corpus" / args.corpus, out, frozen, embedder, args.errors,
                      args.scores)
    report = {"corpus": args.corpus, "scores": scores, **timing}
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
