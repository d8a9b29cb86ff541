#!/usr/bin/env python3
"""Build a TempEval-3 *training* folder (TBAQ-cleaned: TimeBank + AQUAINT) for tuning time rules.

Same files and format as the platinum builder ``/work/shared/benchmarks/tempeval3/make_data.py``
(``inputs.jsonl``, ``gold.jsonl``, ``spans-only.jsonl``), so ``tempeval3_eval.py --data DIR``
scores it with the same ``score.py``. Tune on this folder, not on the platinum test.

Source: github:qiangning/StructTempRel-EMNLP17 (bare git dir, read with ``git show``),
``data/TempEval3/Training/TBAQ-cleaned/{TimeBank,AQUAINT}/*.tml``. TBAQ is LDC-derived: the
output goes to a cache folder outside the repository, never into it.

Differences from the platinum builder: the input text is the gold ``<TEXT>`` with its tags
removed (TBAQ has no separate system-input files); the DCT is the ``CREATION_TIME`` TIMEX3 of
``<DCT>`` (``YYYY-MM-DD``); empty (non-consuming) TIMEX3 and TIMEX3 marked
``functionInDocument="CREATION_TIME"`` inside the text are left out; ids are ``TB/<name>`` and
``AQ/<name>``.

Usage:
    python3 benchmarks/tempeval3_train_data.py --out /work/cache/tempeval3-train \\
        --git-dir /work/.mirror/qiangning+StructTempRel-EMNLP17/repo
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

BASE = "data/TempEval3/Training/TBAQ-cleaned"
PARTS = (("TimeBank", "TB"), ("AQUAINT", "AQ"))
_ENT = {"&quot;": '"', "&apos;": "'"}
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
_KEEP = ("tid", "type", "value", "mod", "anchorTimeID", "beginPoint", "endPoint", "quant",
         "freq", "temporalFunction", "functionInDocument")


def _git(git_dir: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True).stdout


def _strip(inner: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text of an XML fragment and its TIMEX3 elements with character offsets."""
    out: list[str] = []
    pos, last = 0, 0
    timexes: list[dict[str, Any]] = []
    open_tx: dict[str, Any] | None = None
    for m in _TAG.finditer(inner):
        seg = unescape(inner[last:m.start()], _ENT)
        out.append(seg)
        pos += len(seg)
        last = m.end()
        closing, name, attrs, selfclose = m.groups()
        if name != "TIMEX3":
            continue
        if closing:
            if open_tx is not None:
                open_tx["end"] = pos
                timexes.append(open_tx)
            open_tx = None
        elif not selfclose:
            open_tx = {"start": pos, "end": pos, **dict(_ATTR.findall(attrs))}
    out.append(unescape(inner[last:], _ENT))
    return "".join(out), timexes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--out", default="/work/cache/tempeval3-train", type=Path)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    inputs, golds = [], []
    for folder, prefix in PARTS:
        listing = _git(a.git_dir, "ls-tree", "--name-only", f"{a.commit}:{BASE}/{folder}")
        for name in sorted(n for n in listing.decode().split("\n") if n.endswith(".tml")):
            raw = _git(a.git_dir, "show", f"{a.commit}:{BASE}/{folder}/{name}").decode("utf-8")
            dct_m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
            text_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
            if dct_m is None or text_m is None:
                continue
            dct = dict(_ATTR.findall(dct_m.group(1)))["value"][:10]
            text, timexes = _strip(text_m.group(1))
            doc_id = f"{prefix}/{name[:-len('.tml')]}"
            gold_tx = []
            for t in timexes:
                if t["end"] <= t["start"] or t.get("functionInDocument") == "CREATION_TIME":
                    continue
                rec = {"start": t["start"], "end": t["end"], "text": text[t["start"]:t["end"]]}
                rec.update({k: t[k] for k in _KEEP if k in t})
                gold_tx.append(rec)
            gold_tx.sort(key=lambda r: (r["start"], r["end"]))
            inputs.append({"id": doc_id, "dct": dct, "title": None, "text": text})
            golds.append({"id": doc_id, "dct": dct, "gold_file": f"{folder}/{name}",
                          "timexes": gold_tx})
    with (a.out / "inputs.jsonl").open("w", encoding="utf-8") as fh:
        for r in inputs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (a.out / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for r in golds:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (a.out / "spans-only.jsonl").open("w", encoding="utf-8") as fh:
        for r in golds:
            spans = [{"start": t["start"], "end": t["end"], "text": t["text"]}
                     for t in r["timexes"]]
            fh.write(json.dumps({"id": r["id"], "dct": r["dct"], "timexes": spans},
                                ensure_ascii=False) + "\n")
    n_tx = sum(len(g["timexes"]) for g in golds)
    print(f"{len(inputs)} docs, {n_tx} in-text TIMEX3 -> {a.out}")


if __name__ == "__main__":
    main()
