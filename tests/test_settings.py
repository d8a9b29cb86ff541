"""Settings: defaults in code, a TOML file overrides key by key, keyword overrides last."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import SettingsError
from storyline.settings import DedupSettings, Settings, load_settings


@pytest.mark.parametrize("threshold", [0.85])
def test_settings_toml_then_overrides(tmp_path: Path, threshold: float) -> None:
    toml = tmp_path / "storyline.toml"
    toml.write_text(f"engine = 'local'\n[dedup]\nthreshold = {threshold}\n", "utf-8")
    s = load_settings(toml, progress=False)
    assert s.dedup.threshold == threshold
    assert s.dedup.num_perm == DedupSettings().num_perm
    assert s.progress is False
    assert load_settings(toml, dedup={"threshold": 0.6}).dedup.threshold == 0.6


@pytest.mark.parametrize("bad", ["[dedup]\nthresold = 0.5\n", "engin = 'ray'\n", "[dedup\n"])
def test_settings_bad_file_names_the_problem(tmp_path: Path, bad: str) -> None:
    toml = tmp_path / "storyline.toml"
    toml.write_text(bad, "utf-8")
    with pytest.raises(SettingsError):
        load_settings(toml)


@pytest.mark.parametrize("kwargs", [{"on_error": "ignore"}])
def test_settings_validation(kwargs: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="on_error"):
        Settings(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match="threshold"):
        DedupSettings(threshold=1.5)
