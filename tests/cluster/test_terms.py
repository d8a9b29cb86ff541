"""Full-text term vectors for story linking (``storyline.cluster.terms``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storyline.cluster.terms import MAX_TERMS, article_terms, pair_cosines, term_vectors

_WORDS = st.sampled_from(["Aceh", "quake", "7.2", "the", "and", "Chile", "2,000", "ship",
                          "pirates", "Somalia", "said", "a", "x", "1998", "Île", "été"])


@pytest.mark.parametrize("max_terms", [3, MAX_TERMS])
@hsettings(max_examples=50, deadline=None)
@given(words=st.lists(_WORDS, max_size=200))
def test_terms_article_terms_compact(max_terms: int, words: list[str]) -> None:
    terms = article_terms(" ".join(words), max_terms)
    names = [t for t, _ in terms]
    assert len(terms) <= max_terms
    assert names == sorted(set(names))  # sorted, each once
    assert all(t == t.casefold() and t not in {"the", "and", "said", "été"} for t in names)
    assert all(len(t) >= 2 for t in names)  # no one-letter words or one-digit numbers
    assert all(w >= 1.0 for _, w in terms)


@pytest.mark.parametrize("text,expected", [
    ("The 7.2 quake hit Aceh. Aceh was hit again.", {"aceh", "quake", "7.2", "hit"}),
])
def test_terms_article_terms_keeps_names_and_numbers(text: str, expected: set[str]) -> None:
    terms = dict(article_terms(text))
    assert set(terms) == expected
    assert terms["aceh"] > terms["quake"]  # repeated: sublinear tf 1 + ln 2


def _vectors(seed: int) -> list[tuple[tuple[str, float], ...]]:
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(30)]
    out = []
    for _ in range(12):
        k = int(rng.integers(0, 10))
        words = rng.choice(vocab, size=k, replace=False)
        out.append(tuple(sorted((str(w), float(rng.integers(1, 4))) for w in words)))
    return out


@pytest.mark.parametrize("dense_limit", [0, 1 << 21])  # the sparse path, then the dense one
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_terms_pair_cosines_match_dense_product(
    seed: int, dense_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.cluster.terms as terms_mod

    monkeypatch.setattr(terms_mod, "_DENSE_LIMIT", dense_limit)
    terms = _vectors(seed)
    vecs = term_vectors(terms)
    width = 1 + max(int(v[0].max()) for v in vecs if len(v[0]))
    dense = np.zeros((len(vecs), width))
    for r, (ids, w) in enumerate(vecs):
        dense[r, ids] = w
    a, b = np.triu_indices(len(vecs), 1)
    got = pair_cosines(vecs, a, b)
    np.testing.assert_allclose(got, np.einsum("ij,ij->i", dense[a], dense[b]), atol=1e-6)
    norms = np.linalg.norm(dense, axis=1)
    assert np.all((np.abs(norms - 1) < 1e-5) | (norms == 0))  # unit, or empty


@pytest.mark.parametrize("seed", [3])
@hsettings(max_examples=20, deadline=None)
@given(data=st.data())
def test_terms_cosines_ignore_batch_order(seed: int, data: st.DataObject) -> None:
    terms = _vectors(seed)
    order = data.draw(st.permutations(list(range(len(terms)))))
    vecs = term_vectors(terms)
    shuffled = term_vectors([terms[i] for i in order])
    pos = {i: p for p, i in enumerate(order)}
    a, b = np.triu_indices(len(terms), 1)
    want = pair_cosines(vecs, a, b)
    got = pair_cosines(shuffled, np.array([pos[i] for i in a]), np.array([pos[i] for i in b]))
    np.testing.assert_allclose(got, want, atol=1e-6)
