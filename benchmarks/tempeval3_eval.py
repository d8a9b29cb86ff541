#!/usr/bin/env python3
"""Time expressions (finding + normalisation) on TempEval-3 platinum (not part of pytest).

Per document of ``inputs.jsonl``: an ``Article`` with the document creation time (DCT) as
``published``, the English spaCy pipeline (``nlp.pipe`` as ``Analyzer`` does), then
``infer_reference`` + ``find_times`` exactly as ``Analyzer.analyze_doc`` calls them. Each
``TimeMention`` becomes a TIMEX3 prediction ``{"start", "end", "type", "value"}``; the file is
scored with the benchmark's own ``score.py`` (subprocess) and its JSON is printed with docs/s.

Type mapping (``TimeMention.kind`` -> TIMEX3 type and value):
    "duration" -> DURATION, value ``duration`` ("P3Y", "PXY")
    "set"      -> SET, value ``duration`` (the period: "every week" -> "P1W")
    "present" / "past" / "future" -> DATE PRESENT_REF / PAST_REF / FUTURE_REF
    "time"     -> TIME, ``<day>T<time_of_day>`` ("2013-03-22T15:00", "2013-03-22TMO"); a bare
                  clock time (``value`` None) takes the DCT as its day, TimeML's convention
    "date"     -> DATE, the value mapping below

Value mapping (storyline date value -> TIMEX3 value; the granularity is read off the range
bounds, storyline having no granularity field):
    YYYY-MM-DD                              -> YYYY-MM-DD            (DATE)
    Jan 1 .. Dec 31 of one year             -> YYYY
    Jan 1-Apr 30 / May 1-Aug 31 / Sep 1-Dec 31 (storyline's early/mid/late year) -> YYYY
    1st .. last day of one month            -> YYYY-MM               (also early/mid/late month:
                                               1-10, 11-20, 21-end; TIMEX3 keeps the month and
                                               puts the part in ``mod``, which is not scored)
    1st of a month .. a day of that month   -> YYYY-MM               ("earlier this month")
    Monday .. Sunday, or Monday .. a day of that week ("earlier this week") -> YYYY-Www
    Saturday .. Sunday                      -> YYYY-Www-WE           (weekends)
    Mar-May / Jun-Aug / Sep-Nov / Dec-Feb   -> YYYY-SP/SU/FA/WI      (seasons)
    Jan-Mar / Apr-Jun / Jul-Sep / Oct-Dec   -> YYYY-Q1..Q4           (quarters)
    Jan 1 of 1990 (+0/4/7) .. Dec 31 of that decade -> 199           (decades, early/mid/late)
    Jan 1 1900 (+0/33/67) .. Dec 31 of that century -> 19            (centuries: TimeML's "19")
    any other range                         -> the range string unchanged (counted "unmapped")
    value None with anchor (offset_days)    -> span cut before the "before/after" word
                                               (storyline extends it over the anchor phrase);
                                               "N units before X" -> DURATION P<n>{Y,M,W,D}
                                               from |offset_days| (365/30/7 multiples);
                                               "the day before X" -> DATE with value ""
    value None otherwise                    -> DATE with value "" (found, not resolved)
Publication stamps (``is_stamp``) are kept: they are time expressions in the text.

``--data`` scores any folder in the same format, e.g. the TBAQ training folder that
``benchmarks/tempeval3_train_data.py`` builds (tune there, not on the platinum test).

``--task norm`` is the README's normalisation-only variant: the gold spans of
``spans-only.jsonl`` resolved by ``resolve_expression`` alone (DCT reference, sentence tense as
``find_times`` computes it). "ago"/"later"/anchor handling lives in ``_make_mention`` and is not
exercised there.

Build the data first (kept out of the repository):
    python3 /work/shared/benchmarks/tempeval3/make_data.py \\
        --git-dir <fetched StructTempRel-EMNLP17 git dir> --out /work/cache/tempeval3

Usage:
    .venv/bin/python benchmarks/tempeval3_eval.py [--data /work/cache/tempeval3]
        [--scorer /work/shared/benchmarks/tempeval3/score.py] [--task full|norm]
        [--pred PATH] [--json] [-v]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storyline.analyze import time_mentions as tm
from storyline.analyze.dates import find_times, infer_reference, resolve_expression
from storyline.analyze.nlp import load_pipeline
from storyline.records import Article, TimeMention
from storyline.settings import AnalyzeSettings

_DEFAULT_DATA = Path("/work/cache/tempeval3")
_DEFAULT_SCORER = Path("/work/shared/benchmarks/tempeval3/score.py")
_SEASONS = {(3, 5): "SP", (6, 8): "SU", (9, 11): "FA", (12, 2): "WI"}
_RELATION = re.compile(
    r"\s+(?:before|after|following|prior to|ahead of|avant|après|vor|nach|antes de|después de|"
    r"до|после)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- value mapping


def _last_day(y: int, m: int) -> date:
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return nxt - timedelta(days=1)


def timex_value(value: str) -> tuple[str, bool]:
    """TIMEX3 value of a storyline date/range value, and whether the range had a mapping."""
    if "/" not in value:
        return value, True
    a_s, b_s = value.split("/", 1)
    a, b = date.fromisoformat(a_s), date.fromisoformat(b_s)
    days = (b - a).days
    # Monday..Sunday, or Monday..reference ("earlier this week"), before the month parts (a
    # Mar 11-17 week is no "mid March"); a Monday the 1st .. reference reads as "earlier this month".
    if a.weekday() == 5 and days == 1:  # Saturday..Sunday: a weekend
        iy, iw, _ = a.isocalendar()
        return f"{iy}-W{iw:02d}-WE", True
    if a.weekday() == 0 and (days == 6 or (0 < days < 6 and a.day != 1)):
        iy, iw, _ = a.isocalendar()
        return f"{iy}-W{iw:02d}", True
    if a.year == b.year:
        y = a.year
        if (a, b) in {
            (date(y, 1, 1), date(y, 12, 31)),
            (date(y, 1, 1), date(y, 4, 30)),  # storyline's early/mid/late year
            (date(y, 5, 1), date(y, 8, 31)),
            (date(y, 9, 1), date(y, 12, 31)),
        }:
            return str(y), True
        if a.month == b.month and a.day in {1, 11, 21}:
            # whole month, early (1-10) / mid (11-20) / late (21-end), "earlier this month" (1-ref)
            return f"{y}-{a.month:02d}", True
        if a.day == 1 and b == _last_day(y, b.month):
            if (a.month, b.month) in _SEASONS:
                return f"{y}-{_SEASONS[(a.month, b.month)]}", True
            if b.month - a.month == 2 and a.month % 3 == 1:
                return f"{y}-Q{(a.month + 2) // 3}", True
    if (a.month, a.day) == (12, 1) and b.year == a.year + 1 and b == _last_day(b.year, 2):
        return f"{a.year}-WI", True
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and b.year > a.year:
        # storyline's decades (1990-1999; early 0-3, mid 4-6, late 7-9) and centuries
        # (1900-1999, TimeML's "19"; thirds for early/mid/late): TIMEX3 keeps the decade or
        # century and puts the part in ``mod``
        if a.year // 100 == b.year // 100 and b.year - a.year >= 30:
            return str(a.year // 100), True
        if a.year // 10 == b.year // 10 and b.year - a.year >= 2:
            return str(a.year // 10), True
    return value, False


def _duration(days: int) -> str:
    n = abs(days)
    for unit, size in (("Y", 365), ("M", 30), ("W", 7)):
        if n >= size and n % size == 0:
            return f"P{n // size}{unit}"
    return f"P{n}D"


def to_timex(m: TimeMention, stats: Counter[str], dct: str) -> dict[str, Any]:
    """One TIMEX3 prediction from a storyline time mention (see the module docstring)."""
    start, end = m.start, m.end
    if m.value is None and m.offset_days is not None:
        rel = _RELATION.search(m.text)
        if rel is not None:
            end = start + rel.start()
        stats["anchored"] += 1
        if re.match(r"(?i)(?:on\s+)?the\s", m.text):  # "the day before X": a date, unresolved
            return {"start": start, "end": end, "type": "DATE", "value": ""}
        return {"start": start, "end": end, "type": "DURATION", "value": _duration(m.offset_days)}
    if m.kind in {"duration", "set"}:
        stats[m.kind] += 1
        return {"start": start, "end": end, "type": m.kind.upper(), "value": m.duration or ""}
    if m.kind in {"present", "past", "future"}:
        stats["ref"] += 1
        return {"start": start, "end": end, "type": "DATE", "value": f"{m.kind.upper()}_REF"}
    if m.kind == "time":
        stats["time"] += 1
        day = m.value or dct  # a bare clock time: TimeML anchors it to the DCT
        if "/" in day or m.time_of_day is None:
            return {"start": start, "end": end, "type": "TIME", "value": timex_value(day)[0]}
        return {"start": start, "end": end, "type": "TIME", "value": f"{day}T{m.time_of_day}"}
    if m.value is None:
        stats["unresolved"] += 1
        return {"start": start, "end": end, "type": "DATE", "value": ""}
    value, mapped = timex_value(m.value)
    if not mapped:
        stats["unmapped_range"] += 1
    if m.is_stamp:
        stats["stamp"] += 1
    return {"start": start, "end": end, "type": "DATE", "value": value}


# --------------------------------------------------------------------------- running


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def predict_full(inputs: list[dict[str, Any]], stats: Counter[str]) -> list[dict[str, Any]]:
    nlp = load_pipeline("en")
    articles = [
        Article(id=r["id"], text=r["text"], published=r["dct"], language="en", title=r["title"])
        for r in inputs
    ]
    out = []
    docs = nlp.pipe((a.text for a in articles), batch_size=AnalyzeSettings().batch_size)
    for article, doc in zip(articles, docs, strict=True):
        reference, kind = infer_reference(article, doc)  # = (dct, "published")
        times = find_times(doc, article, reference, kind)
        stats["mentions"] += len(times)
        out.append(
            {
                "id": article.id,
                "timexes": [to_timex(t, stats, article.published or "") for t in times],
            }
        )
    return out


def predict_norm(
    inputs: list[dict[str, Any]], spans: list[dict[str, Any]], stats: Counter[str]
) -> list[dict[str, Any]]:
    nlp = load_pipeline("en")
    by_id = {r["id"]: r for r in inputs}
    out = []
    for rec in spans:
        text, dct = by_id[rec["id"]]["text"], rec["dct"]
        doc = nlp(text)
        tx = []
        for g in rec["timexes"]:
            lo, hi = tm._sentence_bounds(doc, text, g["start"])  # as _make_mention does
            value = resolve_expression(g["text"], dct, "en", tm._tense(text[lo:hi]))
            if value is None:
                stats["unresolved"] += 1
                tv = ""
            else:
                tv, mapped = timex_value(value)
                stats["unmapped_range"] += 0 if mapped else 1
            tx.append({"start": g["start"], "end": g["end"], "type": "DATE", "value": tv})
        out.append({"id": rec["id"], "timexes": tx})
    return out


def _score(scorer: Path, pred: Path, gold: Path) -> dict[str, Any]:
    res = subprocess.run(
        [sys.executable, str(scorer), str(pred), "--gold", str(gold)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(res.stdout)


def _errors(scorer: Path, gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[str]:
    """Misses, false positives, span and value errors, paired as score.py pairs them."""
    spec = importlib.util.spec_from_file_location("te3_score", scorer)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    by_id = {p["id"]: p["timexes"] for p in preds}
    lines = []
    for g in gold:
        gt, pt = g["timexes"], [t for t in by_id.get(g["id"], []) if t["end"] > t["start"]]
        pairs = mod.match(gt, pt)
        used_g = {gi for gi, _, _ in pairs}
        used_p = {pi for _, pi, _ in pairs}
        for gi, pi, exact in pairs:
            a, b = gt[gi], pt[pi]
            flags = [] if exact else ["SPAN"]
            if a["value"] != b["value"]:
                flags.append("VALUE")
            if a["type"].upper() != b["type"].upper():
                flags.append("TYPE")
            if flags:
                lines.append(
                    f"{g['id']}\t{'+'.join(flags)}\tgold {a['text']!r} {a['type']} {a['value']}"
                    f"\tpred {b.get('text', '')!r} {b['type']} {b['value']}"
                )
        for gi, a in enumerate(gt):
            if gi not in used_g:
                lines.append(f"{g['id']}\tMISS\tgold {a['text']!r} {a['type']} {a['value']}")
        for pi, b in enumerate(pt):
            if pi not in used_p:
                lines.append(
                    f"{g['id']}\tFALSE\tpred {b.get('text', '')!r} {b['type']} {b['value']}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=_DEFAULT_DATA, type=Path, help="make_data.py output folder")
    ap.add_argument("--scorer", default=_DEFAULT_SCORER, type=Path)
    ap.add_argument("--task", choices=("full", "norm"), default="full")
    ap.add_argument(
        "--pred",
        type=Path,
        help="where to write predictions (default: DATA/pred-storyline-TASK.jsonl)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error (stderr)")
    args = ap.parse_args(argv)

    gold_path = args.data / "gold.jsonl"
    if not gold_path.exists():
        sys.stderr.write(f"no {gold_path}: build the data first (see the docstring)\n")
        return 2
    inputs = _read_jsonl(args.data / "inputs.jsonl")
    t0 = time.perf_counter()
    load_pipeline("en")
    load_s = time.perf_counter() - t0
    stats: Counter[str] = Counter()
    t1 = time.perf_counter()
    if args.task == "full":
        preds = predict_full(inputs, stats)
    else:
        preds = predict_norm(inputs, _read_jsonl(args.data / "spans-only.jsonl"), stats)
    run_s = time.perf_counter() - t1
    # Keep the surface text for the error listing; score.py ignores extra keys.
    texts = {r["id"]: r["text"] for r in inputs}
    for p in preds:
        for t in p["timexes"]:
            t["text"] = texts[p["id"]][t["start"] : t["end"]]
    pred_path = args.pred or args.data / f"pred-storyline-{args.task}.jsonl"
    with pred_path.open("w", encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    result: dict[str, Any] = {
        "task": args.task,
        "score": _score(args.scorer, pred_path, gold_path),
        "docs": len(inputs),
        "seconds": round(run_s, 2),
        "docs_per_s": round(len(inputs) / run_s, 2) if run_s else None,
        "model_load_s": round(load_s, 2),
        "pred_types": dict(Counter(t["type"] for p in preds for t in p["timexes"])),
        "adapter": dict(stats),
        "predictions": str(pred_path),
    }
    if args.verbose:
        for line in _errors(args.scorer, _read_jsonl(gold_path), preds):
            sys.stderr.write(line + "\n")
    if args.json:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
        return 0
    s = result["score"]
    print(json.dumps(s))
    print(
        f"task {args.task}: value F1 {s['value_f1']:.4f} (HeidelTime 0.7761), relaxed F1 "
        f"{s['relaxed_f1']:.4f} (0.903), strict F1 {s['strict_f1']:.4f} (0.8134; best 0.8271), "
        f"type acc {s['type_accuracy']:.4f}"
    )
    print(
        f"{result['docs']} docs in {result['seconds']} s = {result['docs_per_s']} docs/s "
        f"(model load {result['model_load_s']} s); types {result['pred_types']}; "
        f"adapter {result['adapter']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
