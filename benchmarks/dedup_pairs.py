"""Near-duplicate detection on pairs built from real pages: precision and recall.

Every dev article body is one original. Edited copies of it are made the way wire copies get
republished: other furniture lines around the text, the last sentences trimmed, a few words
replaced, paragraphs reordered, and all of these at once. Positive pairs: an original with each
of its copies (and copies among themselves); negative pairs: every pair of different articles.
The corpus' own wire copies (AFP, AP excerpts of different lengths) are reported on their own and
left out of the negatives. Everything runs through ``signature`` + ``find_duplicates`` with the
default ``DedupSettings``.

Usage: .venv/bin/python benchmarks/dedup_pairs.py [/work/shared/corpus/dev]
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

from storyline.dedup.exact import text_hash
from storyline.dedup.minhash import shingles, signature
from storyline.dedup.resolve import find_duplicates
from storyline.records import Article
from storyline.settings import DedupSettings

# Wire copies named in the corpus README (same wire story on two sites).
_WIRE_PAIRS = (("notre-dame-fire/06-yocahu", "notre-dame-fire/07-tvanouvelles"),
               ("ever-given-suez/02-thecanary", "ever-given-suez/04-yorkdispatch-ap"))
_FURNITURE = (
    ("Advertisement", "Share this article", "Sign up for our daily newsletter"),
    ("Skip to main content", "Most read", "© All rights reserved. Terms of use"),
    ("Related: more from our world desk", "Follow us on Twitter", "Comments are closed."),
)
_FILLERS = ("reportedly", "officials", "Tuesday", "said", "however", "local", "new", "major")
_SENT = re.compile(r"(?<=[.!?])\s+")


def _read_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").partition("\n---\n")[2]


def _furniture(text: str, rng: random.Random) -> str:
    top, mid, bottom = _FURNITURE[rng.randrange(len(_FURNITURE))]
    return f"{top}\n{mid}\n{text}\n{bottom}\n"


def _trim(text: str, rng: random.Random) -> str:
    sents = _SENT.split(text)
    keep = max(1, int(len(sents) * rng.uniform(0.8, 0.9)))
    return " ".join(sents[:keep])


def _replace_words(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), max(1, len(words) // 40)):
        words[i] = rng.choice(_FILLERS)
    return " ".join(words)


def _reorder(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) >= 4:
        i = rng.randrange(1, len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    return "\n".join(paras)


def _all(text: str, rng: random.Random) -> str:
    return _furniture(_reorder(_replace_words(_trim(text, rng), rng), rng), rng)


_EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "furniture": _furniture, "trimmed": _trim, "words": _replace_words, "reordered": _reorder,
    "all": _all,
}


def main(root: Path) -> None:
    settings = DedupSettings()
    rng = random.Random(7)
    texts: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((root / "articles").glob("*/*.txt")):
        base = f"{path.parent.name}/{path.stem}"
        body = _read_body(path)
        texts[base], origin[base] = body, base
        for name, edit in _EDITS.items():
            texts[f"{base}#{name}"], origin[f"{base}#{name}"] = edit(body, rng), base
    items = [(aid, None, signature(Article(id=aid, text=t), settings), text_hash(t))
             for aid, t in sorted(texts.items())]
    found = find_duplicates(items, settings)
    root_of = {aid: found.get(aid, aid) for aid in texts}
    wire = {frozenset(p) for p in _WIRE_PAIRS}
    tp = fp = fn = 0
    missed_by_edit: dict[str, int] = defaultdict(int)
    jaccard: list[tuple[float, bool]] = []
    sh = {aid: shingles(t, settings.shingle) for aid, t in texts.items()}
    wire_hits = 0
    for a, b in combinations(sorted(texts), 2):
        same_pred = root_of[a] == root_of[b]
        if frozenset((origin[a], origin[b])) in wire:
            wire_hits += same_pred and a in origin.values() and "#" not in a + b
            continue
        same_gold = origin[a] == origin[b]
        if "#" not in a + b or (same_gold and ("#" not in a or "#" not in b)):  # no copy-copy
            union = len(sh[a] | sh[b])
            jaccard.append((len(sh[a] & sh[b]) / union if union else 1.0, same_gold))
        tp, fp, fn = tp + (same_pred and same_gold), fp + (same_pred and not same_gold), fn + (
            same_gold and not same_pred)
        if same_gold and not same_pred:
            for aid in (a, b):
                if "#" in aid:
                    missed_by_edit[aid.split("#")[1]] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    n_orig = len(set(origin.values()))
    sys.stdout.write(f"{n_orig} originals, {len(texts) - n_orig} edited copies, "
                     f"threshold {settings.threshold} (estimated Jaccard of word "
                     f"{settings.shingle}-grams, {settings.num_perm} permutations)\n")
    sys.stdout.write(f"pairs: precision {precision:.3f} recall {recall:.3f} "
                     f"(tp {tp} fp {fp} fn {fn})\n")
    sys.stdout.write(f"missed pairs by edit: {dict(sorted(missed_by_edit.items()))}\n")
    for cut in (0.4, 0.5, 0.6, 0.7):
        pos = [j >= cut for j, g in jaccard if g]
        neg = [j >= cut for j, g in jaccard if not g]
        sys.stdout.write(f"exact Jaccard >= {cut}: original-copy recall "
                         f"{sum(pos) / len(pos):.3f}, cross-article pairs above {sum(neg)}\n")
    sys.stdout.write(f"corpus wire copies found: {wire_hits} of {len(_WIRE_PAIRS)}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/dev"))
