"""Shared fixtures and the --slow / --no-ray switches.

``slow`` tests run only with ``--slow``. ``ray`` tests (they start a local Ray instance) run by
default, as in CI; ``--no-ray`` (or ``-m "not ray"``) leaves them out, and they are skipped
when Ray is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "samples" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run tests marked slow")
    parser.addoption("--no-ray", action="store_true", help="skip tests that start Ray")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    import importlib.util

    skips = {}
    if not config.getoption("--slow"):
        skips["slow"] = pytest.mark.skip(reason="needs --slow")
    if config.getoption("--no-ray"):
        skips["ray"] = pytest.mark.skip(reason="--no-ray")
    elif importlib.util.find_spec("ray") is None:
        skips["ray"] = pytest.mark.skip(reason="ray is not installed (storyline[ray])")
    for name, skip in skips.items():
        for item in items:
            if name in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
