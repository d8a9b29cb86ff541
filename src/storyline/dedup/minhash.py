"""MinHash signatures over word shingles (datasketch), one per article."""

from __future__ import annotations

from storyline.dedup.exact import words
from storyline.engine.base import require
from storyline.records import Article
from storyline.settings import DedupSettings


def shingles(text: str, k: int) -> set[bytes]:
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def signature(article: Article, settings: DedupSettings) -> tuple[int, ...]:
    """MinHash of the article's word ``settings.shingle``-grams, seeded from settings."""
    require("dedup", "datasketch", extra="nlp")
    from datasketch import MinHash

    m = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme="affine32")
    m.update_batch(list(shingles(article.text, settings.shingle)))
    return tuple(int(v) for v in m.hashvalues)
