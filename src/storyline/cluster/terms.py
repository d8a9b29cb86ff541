"""Full-text term vectors for story linking: the distinctive words (places, numbers, names).

The title+lead embedding says what *kind* of event an article reports; two earthquakes or two
hijackings read alike. The words of the full text tell them apart: the town, the magnitude, the
ship's name. Each article keeps its ``MAX_TERMS`` most frequent content words with a sublinear
term frequency (``article_terms``, a per-article map, compact enough for a large batch); the
document frequencies come from the batch itself (``term_vectors``, in the global blocking stage),
and a block scores its pairs by TF-IDF cosine (``pair_cosines``, vectorised).
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Sequence

import numpy as np

MAX_TERMS = 64  # per article: enough for its repeated names and numbers, bounded memory

# numbers of two or more characters ("7.2", "2,000", "1998") and words of three or more letters
_TOKEN = re.compile(r"\d[\d.,:]*\d|[^\W\d_]{3,}")

# function words of the pipeline's languages (English, French): frequent in every text, they
# would take the places of content words in a short top-N list (IDF would only weigh them down)
_STOP = frozenset("""
about above after again against all also among and another any are around as at away back
because been before being below between both but by can could did does doing down during each
either even ever every few for from further had has have having he her here hers herself him
himself his how however into its itself just last later least less many may might more most
much must near neither never new next nor not now off once one only onto other others our ours
ourselves out over own per said same say says she should since some still such than that the
their theirs them themselves then there these they this those though three through thus till to
too two under until upon very was were what when where whether which while who whom whose why
will with within without would year years yet you your yours yourself also already told
week weeks day days time times people monday tuesday wednesday thursday friday saturday sunday
les des une est dans pour par sur avec son ses sont qui que quoi dont aux été être avoir ont
fait plus pas comme mais leur leurs elle elles nous vous ils lui cette ces cet tout tous toute
toutes selon après avant entre sans sous chez aussi encore déjà très deux trois même ainsi alors
donc car lors ans année jour jours semaine fois heures depuis vers contre peut dit était avait
""".split())  # noqa: SIM905 (a word list reads better as text)


def article_terms(text: str, max_terms: int = MAX_TERMS) -> tuple[tuple[str, float], ...]:
    """The ``max_terms`` most frequent content words of ``text``, as ``(term, 1 + ln count)``.

    Ties go to longer words (more often names), then alphabetical order, so the list is
    deterministic. Terms are case-folded; the result is sorted by term.
    """
    counts = Counter(t for t in _TOKEN.findall(text.casefold()) if t not in _STOP)
    return top_terms(counts, max_terms)


def top_terms(counts: Counter[str], max_terms: int = MAX_TERMS) -> tuple[tuple[str, float], ...]:
    """``article_terms`` of counted words: the ``max_terms`` most frequent, ``(term, 1 + ln c)``."""
    top = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:max_terms]
    # interned: a word (and a word with its weight) common to many articles is stored once
    # for the whole batch, not once per article
    return tuple(sorted(_pair(t, c) for t, c in top))


_PAIRS: dict[tuple[str, int], tuple[str, float]] = {}
_MAX_PAIRS = 1 << 21  # the cache is cleared beyond this (a huge vocabulary): sharing is lost,
# nothing else


def _pair(term: str, count: int) -> tuple[str, float]:
    pair = _PAIRS.get((term, count))
    if pair is None:
        if len(_PAIRS) >= _MAX_PAIRS:
            _PAIRS.clear()
        pair = _PAIRS[(sys.intern(term), count)] = (sys.intern(term),
                                                    round(1.0 + math.log(count), 3))
    return pair


_DENSE_LIMIT = 1 << 21  # rows x local vocabulary of a block scored with dense rows (16 MB)

TermVector = tuple[np.ndarray, np.ndarray]  # (sorted term ids int64, unit TF-IDF weights float32)


def term_vectors(terms: Sequence[Sequence[tuple[str, float]]]) -> list[TermVector]:
    """Unit TF-IDF vectors of the batch's term lists, the IDF from the batch itself.

    ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` over the ``n`` lists (smoothed, as scikit-learn's
    ``TfidfVectorizer``); term ids index the batch vocabulary in sorted order, so the vectors
    do not depend on the order of the batch. An empty list gives an empty vector.
    """
    df = Counter(t for tl in terms for t, _ in tl)
    vocab = {t: i for i, t in enumerate(sorted(df))}
    n = len(terms)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    out: list[TermVector] = []
    for tl in terms:
        pairs = sorted((vocab[t], tf * idf[t]) for t, tf in tl)
        ids = np.array([p[0] for p in pairs], dtype=np.int64)
        w = np.array([p[1] for p in pairs], dtype=np.float64)
        norm = float(np.linalg.norm(w))
        out.append((ids, (w / norm if norm else w).astype(np.float32)))
    return out


def pair_cosines(vectors: Sequence[TermVector], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of the term vectors of each pair ``(vectors[a[p]], vectors[b[p]])``, vectorised.

    A small block (``_DENSE_LIMIT``) multiplies dense rows over its own vocabulary. Otherwise
    every pair's terms get the key ``pair * V + term``: the keys of the ``a`` side are sorted,
    each key of the ``b`` side is looked up in them, and the products of matches are summed per
    pair (cost linear in the pairs' term counts, no dense matrix).
    """
    n_pairs = len(a)
    if not n_pairs:
        return np.zeros(0, dtype=np.float64)
    sizes = np.array([len(v[0]) for v in vectors], dtype=np.int64)
    width = int(max((int(v[0].max()) for v in vectors if len(v[0])), default=0)) + 1
    if not sizes.sum():
        return np.zeros(n_pairs, dtype=np.float64)
    ids = np.concatenate([v[0] for v in vectors])
    wts = np.concatenate([v[1] for v in vectors]).astype(np.float64)
    local, column = np.unique(ids, return_inverse=True)
    if len(vectors) * len(local) <= _DENSE_LIMIT:  # a small block: one matrix product
        dense = np.zeros((len(vectors), len(local)), dtype=np.float32)
        dense[np.repeat(np.arange(len(vectors)), sizes), column] = wts
        if len(vectors) ** 2 <= 8 * n_pairs:  # many pairs per row: the whole Gram matrix
            return (dense @ dense.T)[a, b].astype(np.float64)
        return np.einsum("ij,ij->i", dense[a], dense[b]).astype(np.float64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def expand(side: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lens = sizes[side]
        pair = np.repeat(np.arange(n_pairs, dtype=np.int64), lens)
        offset = np.arange(int(lens.sum()), dtype=np.int64) - np.repeat(np.cumsum(lens) - lens,
                                                                         lens)
        pos = np.repeat(starts[side], lens) + offset
        return pair, pair * width + ids[pos], wts[pos]

    _, key_a, w_a = expand(a)  # already sorted: pairs in order, term ids sorted per vector
    pair_b, key_b, w_b = expand(b)
    if not len(key_a) or not len(key_b):
        return np.zeros(n_pairs, dtype=np.float64)
    at = np.minimum(np.searchsorted(key_a, key_b), len(key_a) - 1)
    hit = key_a[at] == key_b
    return np.bincount(pair_b[hit], weights=w_a[at[hit]] * w_b[hit], minlength=n_pairs)
