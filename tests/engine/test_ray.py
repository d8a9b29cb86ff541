"""The Ray engine runs the same stages as the local engine and gives the same output.

These tests start a local Ray instance (``ray.init(num_cpus=2)``) once for the module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storyline
from storyline.engine.base import Context
from storyline.errors import StageError
from storyline.records import Article
from storyline.settings import load_settings
from tests.engine.test_local import _articles, _upper_or_fail

pytestmark = pytest.mark.ray

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ray_engine_ctx():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


class _Suffix:
    """A model-loading stage: runs in an actor pool on Ray."""

    loads_models = True

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def __call__(self, batch: list[Article]) -> list[Article]:
        return [a.replace(text=a.text + self.suffix) for a in batch]


@pytest.mark.parametrize("batch_size", [1, 4])
def test_ray_map_keeps_order_and_isolates_failing_record(ray_engine_ctx, batch_size: int) -> None:
    from storyline.engine.ray import RayEngine

    ctx = Context()
    engine = RayEngine(ctx, workers=2)
    out = engine.map(_upper_or_fail, _articles(9), batch_size=batch_size, desc="up")
    assert [a.id for a in out] == [f"a{i}" for i in range(9) if i != 3]
    assert all(a.text.startswith("TEXT") for a in out)
    assert [r.record for r in ctx.rejects] == ["a3"]
    actors = engine.map(_Suffix("!"), _articles(5), batch_size=2, desc="suffix")
    assert [a.text for a in actors] == [f"text {i}!" for i in range(5)]


def test_ray_map_raises_in_raise_mode(ray_engine_ctx) -> None:
    from storyline.engine.ray import RayEngine

    with pytest.raises(StageError, match="bad record a3"):
        RayEngine(Context(on_error="raise"), workers=2).map(
            _upper_or_fail, _articles(5), batch_size=2, desc="up")


def test_ray_per_key_groups_in_key_order(ray_engine_ctx) -> None:
    from storyline.engine.ray import RayEngine

    out = RayEngine(Context(), workers=2).per_key(
        lambda a: a.outlet or "", lambda k, g: (k, [a.id for a in g]), _articles(6)[::-1],
        desc="group",
    )
    assert out == [("o", ["a1", "a3", "a5"]), ("p", ["a0", "a2", "a4"])]


def _outputs(out: Path) -> dict[str, object]:
    files = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*.json*"))}
    keep = {}
    for name, path in files.items():
        if name == "stats.json":
            continue
        text = path.read_text(encoding="utf-8")
        keep[name] = ([json.loads(x) for x in text.splitlines() if x.strip()]
                      if name.endswith(".jsonl") else json.loads(text))
    return keep


def test_ray_engine_output_identical_to_local(ray_engine_ctx, tmp_path: Path) -> None:
    """The whole pipeline on both engines: the same files, story ids included."""
    inputs = [ROOT / "samples", ROOT / "tests" / "fixtures" / "ingest" / "articles.jsonl"]
    results = {}
    for engine in ("local", "ray"):
        # every stage on Ray, however small its input
        settings = load_settings(progress=False, engine=engine, workers=2, ray_local_below=0)
        result = storyline.run(inputs, tmp_path / engine, settings)
        results[engine] = result
    local, ray_ = results["local"], results["ray"]
    assert [s.id for s in local.stories] == [s.id for s in ray_.stories]
    assert len(local.stories) >= 1 and local.summary()["statements"] > 0
    assert [a.to_dict() for a in local.articles] == [a.to_dict() for a in ray_.articles]
    assert [r.to_dict() for r in local.reports] == [r.to_dict() for r in ray_.reports]
    assert [r.to_dict() for r in local.rejects] == [r.to_dict() for r in ray_.rejects]
    files = _outputs(tmp_path / "local")
    assert files == _outputs(tmp_path / "ray")
    assert any(name.startswith("stories/") for name in files)


class _Pid:
    """Says which process ran each record; ``loads_models`` as asked."""

    def __init__(self, loads_models: bool) -> None:
        self.loads_models = loads_models

    def __call__(self, batch: list[Article]) -> list[Article]:
        import os

        return [a.replace(outlet=str(os.getpid())) for a in batch]


def test_ray_small_light_stage_runs_in_the_driver(ray_engine_ctx) -> None:
    import os

    from storyline.engine.ray import RayEngine

    engine = RayEngine(Context(), workers=2, local_below=10)
    here = str(os.getpid())
    assert {a.outlet for a in engine.map(_Pid(False), _articles(4), batch_size=2, desc="l")} == {here}
    assert here not in {a.outlet for a in engine.map(_Pid(True), _articles(4), batch_size=2, desc="m")}
    assert here not in {a.outlet for a in engine.map(_Pid(False), _articles(12), batch_size=2, desc="b")}
