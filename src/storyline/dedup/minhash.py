"""MinHash signatures over word shingles (datasketch), one per article."""

from __future__ import annotations

from array import array

import numpy as np

from storyline.dedup.exact import words
from storyline.engine.base import require
from storyline.records import Article
from storyline.settings import DedupSettings

_U32 = next(c for c in "IL" if array(c).itemsize == 4)  # an unsigned 32-bit array type


def shingles(text: str, k: int) -> set[bytes]:
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def signature(article: Article, settings: DedupSettings) -> array:
    """MinHash of the article's word ``settings.shingle``-grams, seeded from settings.

    The ``affine32`` scheme's values fit 32 bits: an ``array('I')`` holds them in 4 bytes each
    (a tuple of ints took 36), which is most of what dedup keeps per article until the end."""
    require("dedup", "datasketch", extra="nlp")
    from datasketch import MinHash

    m = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme="affine32")
    m.update_batch(list(shingles(article.text, settings.shingle)))
    return array(_U32, m.hashvalues.astype(np.uint32).tobytes())
