#!/usr/bin/env python3
"""HTML extraction and scraped-text cleaning on public benchmarks (AEB, WCXB), with each one's scorer.

Every prediction comes from the code path ``storyline.pipeline.run`` takes: ``ingest`` readers build
the ``RawDoc``s, ``learn_furniture`` runs over the whole batch, ``clean_batch`` (``extract_html`` for
HTML, then ``normalize_text``, ``strip_boilerplate``, ``stamp_date``) makes the ``Article``s; the
scored text is ``Article.text``, as in ``articles.jsonl`` (the body: ``extract_html`` keeps the
headline in ``Article.title``, not as a first line). Rejected pages count as empty predictions.
Diagnostic variants (body without a leading title line, furniture keyed by URL host) are scored
beside it, never instead of it.

Subcommands:
    aeb-html  AEB pages (html/*.html.gz + the ground-truth URL) -> aeb/score.py; docs/s of the
              storyline path and of plain ``trafilatura.extract`` (scored too) and
              ``bare_extraction`` with metadata, in CPU seconds, each page timed by turns.
    aeb-text  AEB text variant (text-inputs.jsonl, whole-page text) -> aeb/score.py.
    wcxb      WCXB test articles (html + URL) -> text, title, date, author -> wcxb/score.py; plus
              trafilatura defaults (text; title/date/author by bare_extraction) on the same pages.
    all       the three above.

Usage:
    .venv/bin/python benchmarks/extraction_eval.py {aeb-html,aeb-text,wcxb,all}
        [--bench /work/shared/benchmarks] [--out /work/cache/bench] [--no-baseline] [--no-url]
        [--worst 10] [--json]

Outputs under --out: <bench>-<variant>.json (predictions), *.perdoc.jsonl (score.py --per-doc),
<bench>-diag.json (worst pages with sample extra / missing lines). Prints a summary, or with
--json one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from storyline.clean import clean_batch, host_outlet
from storyline.clean.boilerplate import learn_furniture
from storyline.ingest import read_inputs
from storyline.ingest.html import read_html_file
from storyline.records import Article, RawDoc, Reject

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- helpers


def score(bench_dir: Path, pred: Path, per_doc: Path, *extra: str) -> dict[str, Any]:
    """Run the benchmark's own score.py (from its folder, as its README says)."""
    cmd = [sys.executable, "score.py", str(pred), "--per-doc", str(per_doc), *extra]
    out = subprocess.run(cmd, cwd=bench_dir, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_clean(
    raw: list[RawDoc], rivals: dict[str, Any] | None = None
) -> tuple[dict[str, Article | Reject], list[float], float, dict[str, tuple[list[Any], float]]]:
    """The pipeline's stages 2-3 on one batch: furniture over all docs, then clean each.

    ``rivals`` (name -> function of a ``RawDoc``) run on each page right after storyline, so both
    are timed under the same load on a shared machine; times are CPU seconds.

    Returns the result per id, seconds per document (clean), the furniture seconds, and per rival
    its outputs (in ``raw`` order) and CPU seconds.
    """
    t0 = time.perf_counter()
    furniture = learn_furniture(raw)
    t_furn = time.perf_counter() - t0
    out: dict[str, Article | Reject] = {}
    secs = []
    rival_out: dict[str, tuple[list[Any], float]] = {k: ([], 0.0) for k in rivals or {}}
    for doc in raw:
        t = time.process_time()  # CPU seconds: other work on a shared machine does not count
        (res,) = clean_batch([doc], furniture)
        secs.append(time.process_time() - t)
        out[doc.id] = res
        for name, fn in (rivals or {}).items():
            t = time.process_time()
            got = fn(doc)
            outs, total = rival_out[name]
            outs.append(got)
            rival_out[name] = (outs, total + time.process_time() - t)
    return out, secs, t_furn, rival_out


def warm_up(raw: list[RawDoc], rivals: dict[str, Any]) -> None:
    """Run both sides once outside the timings: imports, lxml, htmldate and lingua caches, and
    justext's stoplists, which trafilatura builds on its first fallback to justext (a quarter of
    a second, charged otherwise to whichever side reaches that fallback first)."""
    from trafilatura.external import jt_stoplist_init

    run_clean(raw[:1], rivals)
    jt_stoplist_init()


def _rival_timing(rival_out: dict[str, tuple[list[Any], float]], n: int) -> dict[str, float]:
    return {
        **{f"trafilatura_{k}_s": round(v[1], 2) for k, v in rival_out.items()},
        **{f"trafilatura_{k}_docs_per_s": rate(n, v[1]) for k, v in rival_out.items()},
    }


def _rivals(baseline: bool) -> dict[str, Any]:
    """trafilatura alone, timed beside storyline: ``extract`` (its defaults: text, no metadata)
    and ``bare_extraction`` with metadata (what storyline also reads: title, date, author)."""
    if not baseline:
        return {}
    import trafilatura

    def extract(d: RawDoc) -> str:
        return trafilatura.extract(d.html or "", url=d.url) or ""

    def with_metadata(d: RawDoc) -> Any:
        return trafilatura.bare_extraction(d.html or "", url=d.url, with_metadata=True)

    return {"extract": extract, "bare_extraction_with_metadata": with_metadata}


def body_only(art: Article) -> str:
    """``Article.text`` without a leading title line (diagnostic: equal to it since the body is
    extracted without its headline)."""
    if art.title and art.text.startswith(art.title.strip() + "\n\n"):
        return art.text[len(art.title.strip()) + 2 :]
    return art.text


def rate(n: int, secs: float) -> float:
    return round(n / secs, 2) if secs else 0.0


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    toks = _WORD.findall(text)
    if len(toks) < n:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def line_diff(pred: str, gold: str, limit: int = 4) -> dict[str, Any]:
    """Lines of ``pred`` mostly absent from ``gold`` (extra) and of ``gold`` absent from ``pred``
    (missing), with their word counts: where a page loses precision or recall."""

    def off(a: str, b: str) -> tuple[list[str], int]:
        ref = _shingles(b)
        bad, words = [], 0
        for ln in a.split("\n"):
            sh = _shingles(ln)
            if sh and sum(s in ref for s in sh) / len(sh) < 0.5:
                bad.append(ln.strip()[:160])
                words += len(_WORD.findall(ln))
        return bad, words

    extra, extra_words = off(pred, gold)
    missing, missing_words = off(gold, pred)
    return {"extra_words": extra_words, "extra_lines": len(extra), "extra_sample": extra[:limit],
            "missing_words": missing_words, "missing_lines": len(missing),
            "missing_sample": missing[:limit]}


def worst(rows: list[dict[str, Any]], key: str, n: int) -> list[dict[str, Any]]:
    vals = [r for r in rows if r.get(key) is not None]
    return sorted(vals, key=lambda r: r[key])[:n]


# --------------------------------------------------------------------------- AEB


def _aeb_gold(bench: Path) -> dict[str, dict[str, str]]:
    return json.loads((bench / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))


def _aeb_diag(
    gold: dict[str, dict[str, str]], preds: dict[str, str], per_doc: Path, n: int
) -> dict[str, Any]:
    rows = [json.loads(ln) for ln in per_doc.read_text().splitlines() if ln]
    for r in rows:
        r["url"] = gold[r["id"]]["url"]
        r["gold_words"] = len(_WORD.findall(gold[r["id"]]["articleBody"]))
        r["pred_words"] = len(_WORD.findall(preds.get(r["id"], "")))
    pick = {r["id"]: r for r in worst(rows, "sh_p", n) + worst(rows, "sh_r", n)}
    for i, r in pick.items():
        r.update(line_diff(preds.get(i, ""), gold[i]["articleBody"]))
    lost_p = sum(1 - r["sh_p"] for r in rows if r["sh_p"] is not None)
    lost_r = sum(1 - r["sh_r"] for r in rows if r["sh_r"] is not None)
    return {
        "worst_precision": [pick[r["id"]] for r in worst(rows, "sh_p", n)],
        "worst_recall": [pick[r["id"]] for r in worst(rows, "sh_r", n)],
        "precision_lost_by_worst": round(
            sum(1 - r["sh_p"] for r in worst(rows, "sh_p", n)) / lost_p, 3) if lost_p else 0,
        "recall_lost_by_worst": round(
            sum(1 - r["sh_r"] for r in worst(rows, "sh_r", n)) / lost_r, 3) if lost_r else 0,
        "docs_p_below_0_9": sum(1 for r in rows if r["sh_p"] is not None and r["sh_p"] < 0.9),
        "docs_r_below_0_9": sum(1 for r in rows if r["sh_r"] is not None and r["sh_r"] < 0.9),
    }


def aeb_html(bench: Path, out: Path, *, baseline: bool, use_url: bool, n_worst: int) -> dict:
    gold = _aeb_gold(bench)
    raw: list[RawDoc] = []
    t0 = time.perf_counter()
    for path in sorted((bench / "aeb" / "html").glob("*.html.gz")):
        doc_id = path.name.split(".")[0]
        for d in read_html_file(path, path.name):  # the ingest reader the pipeline uses
            if isinstance(d, RawDoc):
                d = d.replace(id=doc_id, url=gold[doc_id]["url"] if use_url else None)
                raw.append(d)
    t_read = time.perf_counter() - t0
    rivals = _rivals(baseline)
    warm_up(raw, rivals)
    results, secs, t_furn, rival_out = run_clean(raw, rivals)
    arts = {i: r for i, r in results.items() if isinstance(r, Article)}
    rejects = Counter(r.reason for r in results.values() if isinstance(r, Reject))
    preds = {i: a.text for i, a in arts.items()}
    p_main = write_json(out / "aeb-html-storyline.json",
                        {i: {"articleBody": t} for i, t in preds.items()})
    main = score(bench / "aeb", p_main, out / "aeb-html-storyline.perdoc.jsonl")
    p_body = write_json(out / "aeb-html-storyline-body.json",
                        {i: {"articleBody": body_only(a)} for i, a in arts.items()})
    body = score(bench / "aeb", p_body, out / "aeb-html-storyline-body.perdoc.jsonl")
    res: dict[str, Any] = {
        "n_pages": len(raw), "url_given": use_url, "rejects": dict(rejects),
        "storyline": main, "storyline_without_title_line": body,
        "timing": {"read_s": round(t_read, 2), "furniture_s": round(t_furn, 3),
                   "clean_s": round(sum(secs), 2), "docs_per_s": rate(len(secs), sum(secs))},
    }
    if baseline:
        import trafilatura

        texts, _ = rival_out["extract"]
        tpreds = {d.id: t for d, t in zip(raw, texts, strict=True)}
        p_t = write_json(out / "aeb-html-trafilatura.json",
                         {i: {"articleBody": t} for i, t in tpreds.items()})
        res["trafilatura_default"] = score(bench / "aeb", p_t,
                                           out / "aeb-html-trafilatura.perdoc.jsonl")
        res["trafilatura_default"]["version"] = trafilatura.__version__
        res["timing"].update(_rival_timing(rival_out, len(raw)))
    res["diagnostics"] = _aeb_diag(gold, preds, out / "aeb-html-storyline.perdoc.jsonl", n_worst)
    write_json(out / "aeb-html-diag.json", res["diagnostics"])
    return res


def aeb_text(bench: Path, out: Path, *, n_worst: int) -> dict:
    gold = _aeb_gold(bench)
    src = bench / "aeb" / "text-inputs.jsonl"
    raw = [d for d in read_inputs([src]) if isinstance(d, RawDoc)]
    results, secs, t_furn, _ = run_clean(raw)
    arts = {i: r for i, r in results.items() if isinstance(r, Article)}
    preds = {i: a.text for i, a in arts.items()}
    p_main = write_json(out / "aeb-text-storyline.json",
                        {i: {"articleBody": t} for i, t in preds.items()})
    main = score(bench / "aeb", p_main, out / "aeb-text-storyline.perdoc.jsonl")
    res: dict[str, Any] = {
        "n_pages": len(raw),
        "rejects": dict(Counter(r.reason for r in results.values() if isinstance(r, Reject))),
        "storyline": main,
        "timing": {"furniture_s": round(t_furn, 3), "clean_s": round(sum(secs), 2),
                   "docs_per_s": rate(len(secs), sum(secs))},
    }
    # Diagnostics only: what furniture and rules each contribute.
    from storyline.clean.boilerplate import Furniture

    def variant(name: str, docs: list[RawDoc], furniture: Any = None) -> dict:
        furn = learn_furniture(docs) if furniture is None else furniture
        got = clean_batch(docs, furn)
        p = write_json(out / f"aeb-text-{name}.json",
                       {a.id: {"articleBody": a.text} for a in got if isinstance(a, Article)})
        s = score(bench / "aeb", p, out / f"aeb-text-{name}.perdoc.jsonl", "--bootstrap", "0")
        return {k: s[k] for k in ("shingle_f1", "shingle_p", "shingle_r", "empty")}

    res["variants"] = {
        "rules_only_no_furniture": variant("rules-only", raw, Furniture()),
        "furniture_keyed_by_url_host": variant(
            "host-outlet", [d.replace(outlet=host_outlet(d.url)) for d in raw]),
    }
    res["furniture_lines_learned"] = {
        k: len(v) for k, v in learn_furniture(raw).lines}
    res["diagnostics"] = _aeb_diag(gold, preds, out / "aeb-text-storyline.perdoc.jsonl", n_worst)
    write_json(out / "aeb-text-diag.json", res["diagnostics"])
    return res


# --------------------------------------------------------------------------- WCXB


def _norm_title(t: str | None) -> str:
    return " ".join(_WORD.findall(t or "")).casefold()


def wcxb(bench: Path, out: Path, *, baseline: bool, use_url: bool, n_worst: int) -> dict:
    bdir = bench / "wcxb"
    gold = [json.loads(ln) for ln in (bdir / "ground-truth.jsonl").read_text().splitlines() if ln]
    by_id = {g["id"]: g for g in gold}
    raw: list[RawDoc] = []
    for path in sorted((bdir / "html").glob("*.html.gz")):
        doc_id = path.name.split(".")[0]
        for d in read_html_file(path, path.name):
            if isinstance(d, RawDoc):
                raw.append(d.replace(id=doc_id, url=by_id[doc_id]["url"] if use_url else None))
    rivals = _rivals(baseline)
    warm_up(raw, rivals)
    results, secs, t_furn, rival_out = run_clean(raw, rivals)
    arts = {i: r for i, r in results.items() if isinstance(r, Article)}

    def fields(a: Article, text: str) -> dict[str, Any]:
        return {"text": text, "title": a.title, "author": a.author, "published": a.published}

    p_main = write_json(out / "wcxb-storyline.json",
                        {i: fields(a, a.text) for i, a in arts.items()})
    main = score(bdir, p_main, out / "wcxb-storyline.perdoc.jsonl")
    p_body = write_json(out / "wcxb-storyline-body.json",
                        {i: fields(a, body_only(a)) for i, a in arts.items()})
    body = score(bdir, p_body, out / "wcxb-storyline-body.perdoc.jsonl")
    n_undated = sum(1 for g in gold if not g.get("publish_date"))
    main["date_returned_where_gt_has_none_share"] = round(
        main["date_returned_where_gt_has_none"] / n_undated, 3) if n_undated else 0.0
    res: dict[str, Any] = {
        "n_pages": len(raw), "split": "test (the only split shipped)", "url_given": use_url,
        "rejects": dict(Counter(r.reason for r in results.values() if isinstance(r, Reject))),
        "published_source": dict(Counter(a.published_source or "none" for a in arts.values())),
        "storyline": main,
        "storyline_without_title_line": {k: body[k] for k in ("word_f1", "word_p", "word_r")},
        "timing": {"furniture_s": round(t_furn, 3), "clean_s": round(sum(secs), 2),
                   "docs_per_s": rate(len(secs), sum(secs))},
    }
    if baseline:
        import trafilatura

        texts, _ = rival_out["extract"]
        metas, _ = rival_out["bare_extraction_with_metadata"]
        tpreds = {
            d.id: {"text": text, "title": getattr(meta, "title", None),
                   "author": getattr(meta, "author", None),
                   "published": getattr(meta, "date", None)}
            for d, text, meta in zip(raw, texts, metas, strict=True)
        }
        p_t = write_json(out / "wcxb-trafilatura.json", tpreds)
        tres = score(bdir, p_t, out / "wcxb-trafilatura.perdoc.jsonl")
        tres["version"] = trafilatura.__version__
        res["trafilatura_default_same_pages"] = tres
        res["timing"].update(_rival_timing(rival_out, len(raw)))
    # diagnostics: worst pages by word F1, title and date misses
    rows = [json.loads(ln) for ln in (out / "wcxb-storyline.perdoc.jsonl").read_text().splitlines()]
    low = worst(rows, "word_f1", n_worst)
    for r in low:
        a = arts.get(r["id"])
        r["url"] = by_id[r["id"]]["url"]
        r.update(line_diff(a.text if a else "", by_id[r["id"]]["main_content"]))
    title_miss, date_miss = [], []
    for g in gold:
        a = arts.get(g["id"])
        t = a.title if a else None
        if _norm_title(t) != _norm_title(g["title"]):
            title_miss.append({"id": g["id"], "gold": g["title"], "pred": t,
                               "pred_contains_gold": _norm_title(g["title"]) in _norm_title(t)})
        pub = (a.published if a else None) or None
        if (pub or "")[:10] != (g.get("publish_date") or "")[:10]:
            date_miss.append({"id": g["id"], "gold": g.get("publish_date"), "pred": pub,
                              "source": a.published_source if a else None, "url": g["url"]})
    kinds = Counter(
        "missed" if not m["pred"] else "spurious" if not m["gold"] else "wrong" for m in date_miss)
    res["diagnostics"] = {
        "worst_word_f1": low,
        "title_misses": len(title_miss),
        "title_misses_pred_contains_gold": sum(m["pred_contains_gold"] for m in title_miss),
        "title_miss_sample": title_miss[:25],
        "date_miss_kinds": dict(kinds),
        "date_misses": date_miss,
    }
    write_json(out / "wcxb-diag.json", res["diagnostics"])
    return res


# --------------------------------------------------------------------------- main


def _summary(name: str, res: dict) -> str:
    s = res["storyline"]
    lines = [f"== {name}: {res['n_pages']} pages, rejects {res.get('rejects')}"]
    if "shingle_f1" in s:
        lines.append(f"storyline       shingle F1 {s['shingle_f1']:.4f} (P {s['shingle_p']:.4f} "
                     f"R {s['shingle_r']:.4f}) ±{s.get('shingle_f1_std', 0):.4f}  per-doc tok F1 "
                     f"{s['perdoc_token_f1']:.4f}  empty {s['empty']}")
        for k in ("storyline_without_title_line", "trafilatura_default"):
            if k in res:
                t = res[k]
                lines.append(f"{k:15s} shingle F1 {t['shingle_f1']:.4f} (P {t['shingle_p']:.4f} "
                             f"R {t['shingle_r']:.4f})  per-doc tok F1 {t['perdoc_token_f1']:.4f}")
        for k, v in res.get("variants", {}).items():
            lines.append(f"  variant {k}: {v}")
    else:
        lines.append(f"storyline  word F1 {s['word_f1']:.4f} (P {s['word_p']:.4f} R {s['word_r']:.4f})"
                     f" title exact {s['title_exact']:.3f} date exact {s['date_exact']:.3f} "
                     f"date on undated {s['date_returned_where_gt_has_none']} "
                     f"({s['date_returned_where_gt_has_none_share']:.0%}) author overlap "
                     f"{s['author_overlap']:.3f}")
        b = res["storyline_without_title_line"]
        lines.append(f"  without title line: word F1 {b['word_f1']:.4f} (P {b['word_p']:.4f})")
        if "trafilatura_default_same_pages" in res:
            t = res["trafilatura_default_same_pages"]
            lines.append(f"trafilatura default word F1 {t['word_f1']:.4f} title exact "
                         f"{t['title_exact']:.3f} date exact {t['date_exact']:.3f} date on undated "
                         f"{t['date_returned_where_gt_has_none']} author overlap "
                         f"{t['author_overlap']:.3f}")
    lines.append(f"timing {res['timing']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("task", choices=["aeb-html", "aeb-text", "wcxb", "all"])
    ap.add_argument("--bench", type=Path, default=Path("/work/shared/benchmarks"))
    ap.add_argument("--out", type=Path, default=Path("/work/cache/bench"))
    ap.add_argument("--no-baseline", action="store_true", help="skip plain trafilatura runs")
    ap.add_argument("--no-url", action="store_true", help="do not give the page URL")
    ap.add_argument("--worst", type=int, default=10, help="pages listed per diagnostic")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    tasks = ["aeb-html", "aeb-text", "wcxb"] if a.task == "all" else [a.task]
    report: dict[str, Any] = {}
    for task in tasks:
        if task == "aeb-html":
            report[task] = aeb_html(a.bench, a.out, baseline=not a.no_baseline,
                                    use_url=not a.no_url, n_worst=a.worst)
        elif task == "aeb-text":
            report[task] = aeb_text(a.bench, a.out, n_worst=a.worst)
        else:
            report[task] = wcxb(a.bench, a.out, baseline=not a.no_baseline,
                                use_url=not a.no_url, n_worst=a.worst)
    write_json(a.out / f"extraction-{a.task}.json", report)
    if a.json:
        json.dump(report, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for task, res in report.items():
            sys.stdout.write(_summary(task, res) + "\n")


if __name__ == "__main__":
    main()
