"""Dedup: exact hashes, MinHash signatures and LSH resolution.

The wire text below is a paragraph written for this test in the style of a wire report.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storyline.dedup.exact import text_hash
from storyline.dedup.minhash import signature
from storyline.dedup.resolve import find_duplicates
from storyline.records import Article
from storyline.settings import DedupSettings

WIRE = (
    "The giant container ship that blocked the canal for almost a week was partially refloated "
    "early on Monday, the canal authority said, raising hopes that traffic on one of the world's "
    "busiest trade routes could resume soon. Tugboats worked through the night to free the bow "
    "of the vessel, which had been wedged across the waterway since Tuesday, and dredgers removed "
    "tens of thousands of cubic metres of sand from around the hull. Hundreds of ships are "
    "waiting at both ends of the canal, and analysts say the delay has held up goods worth "
    "billions of dollars a day. The authority said it would investigate the cause of the "
    "grounding, which it blamed in part on strong winds and a dust storm."
)
OTHER = (
    "The city council voted on Thursday to expand the network of protected bicycle lanes along "
    "the river, after a year of consultations with residents and shop owners. Supporters said "
    "the plan would cut traffic deaths, while critics warned that parking spaces would be lost. "
    "Work on the first section is expected to begin in the spring and to last about eight months."
)


def _item(aid: str, text: str, published: str | None, cfg: DedupSettings):
    art = Article(id=aid, text=text)
    return (aid, published, signature(art, cfg), text_hash(text))


@pytest.mark.parametrize("cfg", [DedupSettings()])
@hsettings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=300))
def test_resolve_identical_texts_always_dedup(cfg: DedupSettings, text: str) -> None:
    items = [_item("b", text, "2021-03-29", cfg), _item("a", text, "2021-03-30", cfg)]
    assert find_duplicates(items, cfg) == {"a": "b"}


@pytest.mark.parametrize("cfg", [DedupSettings()])
def test_resolve_wire_copy_with_furniture_and_edits(cfg: DedupSettings) -> None:
    copy = (
        "Subscribe to our newsletter\nBy Staff Reporter | AP\n"
        + WIRE.replace("almost a week", "nearly a week").replace("early on Monday", "on Monday")
        + "\nShare this article\nRead more: world news"
    )
    items = [_item("copy", copy, None, cfg), _item("orig", WIRE, "2021-03-29", cfg),
             _item("other", OTHER, "2021-03-29", cfg)]
    assert find_duplicates(items, cfg) == {"copy": "orig"}


@pytest.mark.parametrize("cfg", [DedupSettings()])
def test_resolve_unrelated_texts_stay_apart(cfg: DedupSettings) -> None:
    items = [_item("x", WIRE, "2021-03-29", cfg), _item("y", OTHER, "2021-03-29", cfg)]
    assert find_duplicates(items, cfg) == {}


@pytest.mark.parametrize("a,b", [("Hello,  World!", "hello world"), ("A\tB.", "a b")])
def test_exact_hash_folds_case_space_punctuation(a: str, b: str) -> None:
    assert text_hash(a) == text_hash(b)


def test_signature_is_compact_and_exact() -> None:
    """4 bytes a value (the affine32 scheme's range), the same values datasketch computes."""
    from datasketch import MinHash

    from storyline.dedup.minhash import shingles

    cfg = DedupSettings()
    sig = signature(Article(id="w", text=WIRE), cfg)
    assert sig.itemsize == 4 and len(sig) == cfg.num_perm
    m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed, scheme="affine32")
    m.update_batch(list(shingles(WIRE, cfg.shingle)))
    assert list(sig) == [int(v) for v in m.hashvalues]


def _datasketch_pairs(items, cfg: DedupSettings) -> set[frozenset[str]]:
    """The joined pairs by datasketch's own MinHashLSH, with the same Jaccard check."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=cfg.threshold, num_perm=cfg.num_perm)
    sigs, pairs = {}, set()
    for aid, _, sig, _ in items:
        arr = np.array(sig, dtype=np.uint64)
        m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed, hashvalues=arr, scheme="affine32")
        pairs |= {frozenset((aid, o)) for o in lsh.query(m)
                  if float(np.mean(sigs[o] == arr)) >= cfg.threshold}
        lsh.insert(aid, m)
        sigs[aid] = arr
    return pairs


@pytest.mark.parametrize("seed", [3, 11])
def test_banding_joins_what_datasketch_lsh_joins(seed: int) -> None:
    """The numpy banding groups exactly the articles datasketch's MinHashLSH would: near-copies
    of a few bases, each with a share of its values redrawn around the threshold."""
    from array import array

    import numpy as np

    cfg = DedupSettings()
    rng = np.random.default_rng(seed)
    bases = rng.integers(0, 2**32, size=(40, cfg.num_perm), dtype=np.uint64)
    items = []
    for i in range(400):
        sig = bases[rng.integers(0, len(bases))].copy()
        redraw = rng.random(cfg.num_perm) < rng.choice([0.05, 0.2, 0.3, 0.5, 0.8])
        sig[redraw] = rng.integers(0, 2**32, size=int(redraw.sum()), dtype=np.uint64)
        items.append((f"a{i:03d}", None, array("I", sig.astype(np.uint32).tobytes()), f"h{i}"))
    copies = find_duplicates(items, cfg)
    groups: dict[str, set[str]] = {}
    for aid, _, _, _ in items:
        groups.setdefault(copies.get(aid, aid), set()).add(aid)
    parent = {aid: aid for aid, *_ in items}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for pair in _datasketch_pairs(items, cfg):
        a, b = sorted(pair)
        parent[root(a)] = root(b)
    expected: dict[str, set[str]] = {}
    for aid in parent:
        expected.setdefault(root(aid), set()).add(aid)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, expected.values()))
    assert 100 < len(copies) < 350  # the redraw shares straddle the threshold: a real test


def test_resolve_signatures_read_from_a_row_file(tmp_path) -> None:
    """Signatures held in a row file (a streamed run's) give the same copies as in memory."""
    import numpy as np

    from storyline.store.spill import Spill

    cfg = DedupSettings()
    items = [_item("c", WIRE, "2021-03-30", cfg), _item("a", OTHER, None, cfg),
             _item("b", WIRE.replace("Monday", "Sunday"), "2021-03-29", cfg),
             _item("d", OTHER + " More.", "2021-01-01", cfg)]
    with Spill(tmp_path) as spill:
        first = spill.put_rows("signature", np.asarray([i[2] for i in items], dtype=np.uint32))
        held = [(i[0], i[1], first + k, i[3]) for k, i in enumerate(items)]
        want = find_duplicates(items, cfg)
        assert want == {"c": "b", "a": "d"}
        assert find_duplicates(held, cfg, spill.rows("signature")) == want
