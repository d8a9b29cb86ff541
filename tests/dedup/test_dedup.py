"""Dedup: exact hashes, MinHash signatures and LSH resolution.

The wire text below is a paragraph written for this test in the style of a wire report.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

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
