"""Shared test helpers: the example platform, copied so no test can change it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
# The upstream sources as `sluicegate vendor` lays them out, snapshotted beside the
# checkout for tests (CI has no network). Only tests ever point the kit at it.
UPSTREAM = REPO.parent / "shared" / "upstream"
os.environ.setdefault("SLUICEGATE_UPSTREAM", str(UPSTREAM))


@pytest.fixture(scope="session", autouse=True)
def foundation_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caches' root for the session (synthesis, hydration), never the checkout's
    ``.cache``: plans in tests share it, and a test that needs its own passes
    ``cache_dir`` or sets ``SLUICEGATE_CACHE``."""
    root = tmp_path_factory.mktemp("sluicegate-cache")
    os.environ["SLUICEGATE_CACHE"] = str(root)
    return root


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the example platform (platform.yaml and teams/)."""
    root = tmp_path / "platform"
    root.mkdir()
    shutil.copy(REPO / "platform.yaml", root / "platform.yaml")
    shutil.copytree(REPO / "teams", root / "teams")
    return root


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
