"""The spill: a run's records parked on disk and read back by id."""

from __future__ import annotations

from pathlib import Path

from storyline.records import Article
from storyline.store.spill import Spill


def _art(i: int, text: str = "x") -> Article:
    return Article(id=f"a{i}", text=f"{text} {i}")


def test_spill_reads_back_by_id_in_asked_order(tmp_path: Path) -> None:
    with Spill(tmp_path) as spill:
        assert spill.put("article", [_art(i) for i in range(5)]) == 5
        assert [a.id for a in spill.get("article", ["a3", "a0", "nope"])] == ["a3", "a0"]
        assert spill.get("article", ["a3"])[0] == _art(3)
        assert spill.keys("article") == [f"a{i}" for i in range(5)]
        assert ("article", "a4") in spill and ("article", "a9") not in spill
        assert spill.get("report", ["a1"]) == []  # a kind never put


def test_spill_put_again_replaces_but_keeps_position(tmp_path: Path) -> None:
    with Spill(tmp_path) as spill:
        spill.put("article", [_art(i) for i in range(3)])
        spill.put("article", [_art(0, "new")])
        assert spill.get("article", ["a0"])[0].text == "new 0"
        assert spill.keys("article") == ["a0", "a1", "a2"]
        assert [[a.id for a in b] for b in spill.iter("article", batch=2)] == [["a0", "a1"],
                                                                               ["a2"]]


def test_spill_keys_by_other_field_and_removed_on_close(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    spill.put("pair", [("k1", 1), ("k2", 2)], key=lambda r: r[0])
    assert spill.get("pair", ["k2"]) == [("k2", 2)]
    folder = spill.path
    assert folder.parent == tmp_path and folder.is_dir()
    spill.close()
    assert not folder.exists()


def test_spill_rows_read_back_by_number_and_pickle_as_their_path(tmp_path: Path) -> None:
    import pickle

    import numpy as np
    import pytest

    from storyline.errors import StoreError

    rng = np.random.default_rng(0)
    a = rng.standard_normal((5, 4)).astype(np.float32)
    b = rng.standard_normal((3, 4)).astype(np.float32)
    with Spill(tmp_path) as spill:
        assert spill.rows("vector") is None
        assert spill.put_rows("vector", a) == 0
        assert spill.put_rows("vector", b) == 5
        rows = spill.rows("vector")
        assert rows is not None and len(rows) == 8
        both = np.concatenate([a, b])
        order = [7, 0, 1, 2, 5, 3]  # runs and jumps, in the order asked
        assert np.array_equal(rows.take(order), both[order])
        assert np.array_equal(rows.take(np.arange(8)), both)
        assert rows.take([]).shape == (0, 4)
        copy = pickle.loads(pickle.dumps(rows))  # a worker reads the file itself
        assert np.array_equal(copy.take([6]), both[[6]])
        copy.close()
        with pytest.raises(StoreError, match="4 wide"):
            spill.put_rows("vector", np.zeros((1, 3), dtype=np.float32))
        with pytest.raises(StoreError, match="fewer rows"):
            rows.take([8])
        folder = spill.path
    assert not folder.exists()
