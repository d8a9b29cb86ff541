"""Entity merging on the dev corpus: alias-pair precision/recall/F1 against the gold entities.

Two measurements per story, scored like ``/work/shared/eval/score_story.py`` (pairs of gold
aliases that belong to one gold entity; a predicted entity "has" an alias when the alias,
casefolded, is its name or one of its aliases):

* ``gold``: every gold alias string is fed to ``merge_entities`` as a mention (label = gold type);
* ``ner``: real mentions from spaCy (``load_pipeline`` + ``extract_entities``) of the story's
  articles; gold aliases that no mention produced count as missed pairs.

Usage: .venv/bin/python benchmarks/entities_dev.py [/work/shared/corpus/dev] [-v]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from storyline.analyze.entities import extract_entities
from storyline.analyze.nlp import load_pipeline
from storyline.cluster.embed import Embedder
from storyline.reconcile.entities import merge_entities
from storyline.records import Article, ArticleAnalysis, Entity, EntityMention


def _read(path: Path) -> tuple[dict[str, str], str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in meta.items()}, body


def _pair_counts(gold: dict, pred: list[Entity],
                 found_only: bool = False) -> tuple[int, int, int, list[str]]:
    """Pairwise TP/FP/FN over unambiguous gold aliases (``found_only``: those predicted)."""
    owner: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(gold["entities"]):
        for a in e["aliases"]:
            owner[a.casefold()].add(i)
    names = [{a.casefold() for a in (*e.aliases, e.name)} for e in pred]
    where = {a: {j for j, n in enumerate(names) if a in n} for a in owner}
    clear = sorted(a for a in owner if len(owner[a]) == 1 and (where[a] or not found_only))
    tp = fp = fn = 0
    errors = []
    for i, a in enumerate(clear):
        for b in clear[i + 1:]:
            g, p = owner[a] == owner[b], bool(where[a] & where[b])
            tp, fp, fn = tp + (g and p), fp + (p and not g), fn + (g and not p)
            if g != p:
                errors.append(f"{'FP' if p else 'FN'} {a!r} ~ {b!r}")
    return tp, fp, fn, errors


def _gold_mode(gold: dict, embedder: Embedder | None) -> list[Entity]:
    text, ments = "", []
    for e in gold["entities"]:
        for a in e["aliases"]:
            start = len(text)
            text += a + ". "
            ments.append(EntityMention("g", start, start + len(a), a, e["type"]))
    return merge_entities(gold["story"], [Article(id="g", text=text)],
                          [ArticleAnalysis("g", "xx", entities=tuple(ments))], embedder=embedder)


def _ner_inputs(root: Path, slug: str) -> tuple[list[Article], list[ArticleAnalysis]]:
    articles, analyses = [], []
    for path in sorted((root / "articles" / slug).glob("*.txt")):
        meta, body = _read(path)
        lang = meta.get("language", "en")
        art = Article(id=path.stem, text=body, language=lang)
        doc = load_pipeline(lang)(body)
        articles.append(art)
        analyses.append(ArticleAnalysis(art.id, lang, entities=tuple(extract_entities(doc, art))))
    return articles, analyses


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main(root: Path, verbose: bool) -> None:
    paths = sorted((root / "gold").glob("*.json"))
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in paths
             if p.name != "story-clusters.json"]
    ner = {g["story"]: _ner_inputs(root, g["story"]) for g in golds}
    embedder = Embedder()
    runs = [("gold", None, False), ("gold", embedder, False), ("ner", None, False),
            ("ner", embedder, False), ("ner", embedder, True)]
    for mode, enc, found_only in runs:
        label = f"{mode}{'+enc' if enc else ''}{' found-only' if found_only else ''}"
        total = [0, 0, 0]
        for gold in golds:
            slug = gold["story"]
            pred = (_gold_mode(gold, enc) if mode == "gold"
                    else merge_entities(slug, *ner[slug], embedder=enc))
            tp, fp, fn, errors = _pair_counts(gold, pred, found_only)
            total = [total[0] + tp, total[1] + fp, total[2] + fn]
            p, r, f = _f1(tp, fp, fn)
            sys.stdout.write(f"{label:20} {slug:18} P {p:.3f} R {r:.3f} F1 {f:.3f}\n")
            if verbose:
                for line in errors:
                    sys.stdout.write(f"    {line}\n")
        p, r, f = _f1(*total)
        sys.stdout.write(f"{label:20} {'ALL':18} P {p:.3f} R {r:.3f} F1 {f:.3f}  "
                         f"(tp {total[0]} fp {total[1]} fn {total[2]})\n")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(Path(args[0] if args else "/work/shared/corpus/dev"), "-v" in sys.argv[1:])
