"""Shared fixtures and the --slow / --ray switches (markers are off unless asked for)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "samples" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run tests marked slow")
    parser.addoption("--ray", action="store_true", help="run tests that start Ray")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for name in ("slow", "ray"):
        if config.getoption(f"--{name}"):
            continue
        skip = pytest.mark.skip(reason=f"needs --{name}")
        for item in items:
            if name in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
