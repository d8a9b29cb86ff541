"""Story clustering on the dev corpus: B³ F1 against gold/story-clusters.json.

Usage: .venv/bin/python benchmarks/cluster_dev.py [/work/shared/corpus/dev]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from storyline.analyze.nlp import load_pipeline
from storyline.cluster import entity_key
from storyline.cluster.embed import Embedder
from storyline.cluster.link import cluster_articles
from storyline.records import ClusterItem
from storyline.settings import ClusterSettings

_CAP = re.compile(r"\b(?:[A-ZА-ЯЁ][\w\-]+(?:\s+[A-ZА-ЯЁ][\w\-]+)*)")
_SENT = re.compile(r"(?<=[.!?])\s+")


def _read(path: Path) -> tuple[dict[str, str], str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in meta.items()}, body


def _lead(body: str, n: int = 5) -> str:
    lines = [ln for ln in body.splitlines() if len(ln.split()) >= 12]
    return " ".join(_SENT.split(" ".join(lines))[:n])


def _entities(text: str, lang: str) -> tuple[str, ...]:
    nlp = load_pipeline(lang)
    doc = nlp(text[:5000])
    names = [e.text for e in doc.ents if e.label_ in {"PERSON", "PER", "ORG", "GPE", "LOC", "EVENT"}]
    names += [m.group(0) for m in _CAP.finditer(text[:5000]) if len(m.group(0)) > 3
              and " " in m.group(0)]
    return tuple(sorted({entity_key(n) for n in names} - {""}))


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> float:
    p = r = 0.0
    for a in gold:
        same_p = {b for b in gold if pred[b] == pred[a]}
        same_g = {b for b in gold if gold[b] == gold[a]}
        p += len(same_p & same_g) / len(same_p)
        r += len(same_p & same_g) / len(same_g)
    p, r = p / len(gold), r / len(gold)
    return 2 * p * r / (p + r)


def main(root: Path) -> None:
    gold = {f: s for s, fs in json.loads((root / "gold/story-clusters.json").read_text())
            ["stories"].items() for f in fs}
    emb = Embedder()
    files = sorted(gold)
    metas = [_read(root / "articles" / f) for f in files]
    vecs = emb.encode([_lead(body) for _, body in metas])
    items = [ClusterItem(id=f, embedding=tuple(map(float, v)),
                         entities=_entities(body, meta.get("language", "en")),
                         date=meta.get("published") if meta.get("published") != "unknown" else None,
                         language=meta.get("language"))
             for f, (meta, body), v in zip(files, metas, vecs)]
    pred = cluster_articles(items, ClusterSettings())
    groups: dict[str, list[str]] = {}
    for f, s in pred.items():
        groups.setdefault(s, []).append(f)
    for g in sorted(groups.values()):
        sys.stdout.write(" ".join(g) + "\n")
    sys.stdout.write(f"B3 F1 {b_cubed(pred, gold):.3f} with {ClusterSettings()}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/dev"))
