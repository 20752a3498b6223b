"""The content-addressed caches (sluicegate.cache), and the hydration cache on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sluicegate import cache, spec, upstream
from sluicegate.gitops import tree
from tests.conftest import REPO


def test_a_stored_value_loads_back_with_its_key_order(tmp_path: Path) -> None:
    value = {"z": [1, {"b": 2, "a": None}], "a": "ü"}
    cache.store(tmp_path, "k", value)
    loaded = cache.load(tmp_path, "k")
    assert loaded == value and json.dumps(loaded) == json.dumps(value)


def test_a_missing_entry_is_a_miss(tmp_path: Path) -> None:
    assert cache.load(tmp_path, "absent") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"b":2', '"b":3'),
        lambda text: "",
    ],
    ids=["truncated", "edited", "empty"],
)
def test_a_damaged_entry_is_a_miss_and_is_removed(tmp_path: Path, damage) -> None:
    cache.store(tmp_path, "k", {"a": 1, "b": 2})
    entry = tmp_path / "k.json"
    entry.write_text(damage(entry.read_text()))
    assert cache.load(tmp_path, "k") is None
    assert not entry.exists()


def test_a_value_that_is_not_json_is_not_stored(tmp_path: Path) -> None:
    cache.store(tmp_path, "k", {"when": object()})
    assert list(tmp_path.iterdir()) == []


def test_off_turns_every_cache_off(tmp_path: Path) -> None:
    assert cache.folder("x", environ={"SLUICEGATE_CACHE": "off"}) is None
    assert cache.folder("x", environ={"SLUICEGATE_CACHE": str(tmp_path)}) == tmp_path / "x"
    assert cache.folder("x", environ={}, cwd=tmp_path) == tmp_path / ".cache" / "x"
    cache.store(None, "k", 1)
    assert cache.load(None, "k") is None


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    for i in range(cache.KEEP + 3):
        cache.store(tmp_path, f"k{i}", i)
    assert len(list(tmp_path.glob("*.json"))) == cache.KEEP
    assert cache.load(tmp_path, f"k{cache.KEEP + 2}") == cache.KEEP + 2


def test_the_key_does_not_depend_on_mapping_order() -> None:
    assert cache.key({"a": 1, "b": [1, 2]}) == cache.key({"b": [1, 2], "a": 1})
    assert cache.key({"a": 1}) != cache.key({"a": 2})


# --- the hydration cache


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / tree.CACHE


def test_a_hit_is_the_tree_a_fresh_hydration_builds(own_cache: Path) -> None:
    platform, source = spec.load(REPO), upstream.locate(None)
    fresh, fresh_images = tree._hydrate(platform, source)
    first = tree.hydrated(platform, source)
    assert len(list(own_cache.glob("*.json"))) == 1, "the first build is stored"
    hit, hit_images = tree.hydrated(platform, source)
    assert json.dumps(dict(hit)) == json.dumps(dict(fresh)), "objects, their order or keys differ"
    assert hit.components == fresh.components and hit_images == fresh_images
    assert dict(first[0]) == dict(hit)


def test_teams_do_not_change_the_key_and_the_region_does() -> None:
    platform = spec.load(REPO)
    key = tree._hydration_key(platform)
    fewer = platform.model_copy(update={"teams": platform.teams[:1]})
    assert tree._hydration_key(fewer) == key
    moved = platform.model_copy(update={"region": "australia-southeast2"})
    assert tree._hydration_key(moved) != key
    cidr = platform.network.model_copy(update={"proxy_only_cidr": "10.10.20.0/23"})
    assert tree._hydration_key(platform.model_copy(update={"network": cidr})) != key
