"""The local engine: batches, isolation of a failing record, per-key grouping order."""

from __future__ import annotations

import pickle

import pytest

from storyline.engine.base import Context
from storyline.engine.local import LocalEngine, make_engine
from storyline.errors import SettingsError, StageError
from storyline.records import Article


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"text {i}", outlet="o" if i % 2 else "p") for i in range(n)]


def _upper_or_fail(batch: list[Article]) -> list[Article]:
    if any(a.id == "a3" for a in batch):
        raise ValueError("bad record a3")
    return [a.replace(text=a.text.upper()) for a in batch]


@pytest.mark.parametrize("batch_size", [1, 4, 100])
def test_local_map_isolates_failing_record(batch_size: int) -> None:
    ctx = Context()
    out = LocalEngine(ctx).map(_upper_or_fail, _articles(7), batch_size=batch_size, desc="up")
    assert [a.id for a in out] == [f"a{i}" for i in range(7) if i != 3]
    assert all(a.text.startswith("TEXT") for a in out)
    assert [r.record for r in ctx.rejects] == ["a3"]
    assert ctx.counters["rejected_up_failed"] == 1


@pytest.mark.parametrize("on_error", ["raise"])
def test_local_map_raises_in_raise_mode(on_error: str) -> None:
    with pytest.raises(StageError):
        LocalEngine(Context(on_error=on_error)).map(_upper_or_fail, _articles(5), batch_size=2,
                                                    desc="up")


@pytest.mark.parametrize("reverse", [False, True])
def test_local_per_key_order_independent(reverse: bool) -> None:
    items = _articles(6)[::-1] if reverse else _articles(6)
    out = LocalEngine(Context()).per_key(
        lambda a: a.outlet or "", lambda k, g: (k, [a.id for a in g]), items, desc="group"
    )
    assert out == [("o", ["a1", "a3", "a5"]), ("p", ["a0", "a2", "a4"])]


@pytest.mark.parametrize("name", ["spark"])
def test_local_make_engine_unknown_lists_valid(name: str) -> None:
    with pytest.raises(SettingsError, match="local"):
        make_engine(name, Context())


@pytest.mark.parametrize("record", _articles(2))
def test_records_pickle_and_roundtrip(record: Article) -> None:
    assert pickle.loads(pickle.dumps(record)) == record
    assert Article.from_dict(record.to_dict()) == record


class _UpperStage:
    """A model-loading stage: the local engine runs it in worker processes."""

    loads_models = True

    def __call__(self, batch: list[Article]) -> list[Article]:
        return _upper_or_fail(batch)


class _GroupStage:
    loads_models = True

    def __call__(self, key: str, group: list[Article]) -> tuple[str, list[str]]:
        if key == "bad":
            raise ValueError("bad group")
        return key, [a.id for a in group]


@pytest.mark.parametrize("workers", [1, 2])
def test_local_worker_pool_gives_the_same_output(workers: int) -> None:
    ctx = Context()
    engine = LocalEngine(ctx, workers=workers)
    out = engine.map(_UpperStage(), _articles(9), batch_size=2, desc="up")
    assert [a.id for a in out] == [f"a{i}" for i in range(9) if i != 3]
    assert [r.record for r in ctx.rejects] == ["a3"]
    items = _articles(6) + [Article(id="z", text="t", outlet="bad")]
    groups = engine.per_key(lambda a: a.outlet or "", _GroupStage(), items[::-1], desc="group")
    assert groups == [("o", ["a1", "a3", "a5"]), ("p", ["a0", "a2", "a4"])]
    assert ctx.rejects[-1].record == "bad"


class _PidStage:
    """A model-loading stage that says which process ran each record."""

    loads_models = True

    def __call__(self, batch: list[Article]) -> list[Article]:
        import os

        return [a.replace(outlet=str(os.getpid())) for a in batch]


def test_local_worker_pool_outlives_a_stage_until_closed() -> None:
    import os

    with LocalEngine(Context(), workers=2) as engine:
        first = {a.outlet for a in engine.map(_PidStage(), _articles(8), batch_size=1, desc="a")}
        # one task only: it still goes to the started pool, whose models are loaded
        second = {a.outlet for a in engine.map(_PidStage(), _articles(1), batch_size=1, desc="b")}
        assert str(os.getpid()) not in first | second
        assert second <= first
    assert engine._executor is None
    # without a pool, a single task runs here
    alone = LocalEngine(Context(), workers=2).map(_PidStage(), _articles(1), batch_size=1, desc="c")
    assert alone[0].outlet == str(os.getpid())


def test_preload_runs_the_asked_calls_and_survives_failures(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import json

    from storyline.analyze.nlp import load_pipeline
    from storyline.engine import preload

    load_pipeline.cache_clear()
    calls = [["storyline.analyze.nlp", "load_pipeline", "xx"], ["no.such.module", "f", None],
             ["storyline.analyze.nlp", "no_such_function", None]]
    monkeypatch.setenv(preload.ENV, json.dumps(calls))
    preload._preload()
    assert load_pipeline.cache_info().currsize == 1  # the blank multi-language pipeline
    assert sum("preload" in r.getMessage() for r in caplog.records) == 2
