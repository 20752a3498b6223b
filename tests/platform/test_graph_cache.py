"""The graph cache builds only the teams it lacks, and its graph is byte for byte the one
a run of the whole program writes: after adding, changing and removing teams, and under
another apps revision."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.platform import cache, write
from sluicegate.spec.model import Platform
from tests.conftest import REPO

TAG = "sha256-" + "ab" * 16


@pytest.fixture(scope="module")
def example() -> Platform:
    return spec.load(REPO)


def _with_teams(platform: Platform, *teams) -> Platform:
    return platform.model_copy(update={"teams": tuple(sorted(teams, key=lambda t: t.name))})


def _graph(platform: Platform, dest: Path, revision: str = TAG) -> bytes:
    dest.mkdir(parents=True)
    write(platform, dest, gitops_revision=revision)
    return (dest / "graph.json").read_bytes()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """The cache in a folder of its own, and the teams of each run of the program."""
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    runs: list[list[str]] = []
    real = cache._built

    def counting(platform, teams):
        if os.environ["SLUICEGATE_CACHE"] != "off":  # not the whole runs compared with
            runs.append([t.name for t in teams])
        return real(platform, teams)

    monkeypatch.setattr(cache, "_built", counting)
    return runs


def _whole(platform: Platform, dest: Path, monkeypatch: pytest.MonkeyPatch, revision: str = TAG) -> bytes:
    """The graph of one run of every team, with the cache off."""
    with monkeypatch.context() as m:
        m.setenv("SLUICEGATE_CACHE", "off")
        return _graph(platform, dest, revision)


def test_a_new_team_is_the_only_one_built_and_the_graph_is_the_whole_runs(
    example: Platform, tmp_path: Path, built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    forecast, onco = example.teams
    newt = onco.model_copy(update={"name": "newt", "owners": ("ada.new@acme.example",)})
    first = _graph(_with_teams(example, forecast, onco), tmp_path / "a")
    assert built == [["forecast", "onco"]]
    assert first == _whole(_with_teams(example, forecast, onco), tmp_path / "a-whole", monkeypatch)

    grown = _with_teams(example, forecast, onco, newt)
    assert _graph(grown, tmp_path / "b", "sha256-" + "cd" * 16) == _whole(
        grown, tmp_path / "b-whole", monkeypatch, "sha256-" + "cd" * 16
    )
    assert built[1:] == [["newt"]], "only the new team is built (and the shared resources)"


def test_a_changed_team_is_built_again_and_a_removed_one_builds_nothing(
    example: Platform, tmp_path: Path, built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    forecast, onco = example.teams
    _graph(example, tmp_path / "a")
    changed = onco.model_copy(update={"data_classification": "internal"})
    platform = _with_teams(example, forecast, changed)
    assert _graph(platform, tmp_path / "b") == _whole(platform, tmp_path / "b-whole", monkeypatch)
    assert built[1:] == [["onco"]]
    alone = _with_teams(example, forecast)
    assert _graph(alone, tmp_path / "c") == _whole(alone, tmp_path / "c-whole", monkeypatch)
    assert built[2:] == [], "every resource of a smaller platform is in the cache"


def test_another_apps_revision_builds_nothing_and_is_pinned(
    example: Platform, tmp_path: Path, built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    _graph(example, tmp_path / "a")
    other = "sha256:" + "5e" * 32
    again = _graph(example, tmp_path / "b", other)
    assert built == [["forecast", "onco"]], "the revision is filled in, not built"
    assert again == _whole(example, tmp_path / "b-whole", monkeypatch, other)
    assert other.encode() in again and cache.REVISION_PLACEHOLDER.encode() not in again


def test_the_teams_resources_are_below_their_components(example: Platform) -> None:
    from sluicegate.platform import graph, run

    by_team = cache.team_resources(graph(run(example, gitops_revision=TAG))["resources"])
    assert set(by_team) == {None, "forecast", "onco"}
    for name in ("forecast", "onco"):
        assert any(r["type"] == cache.TEAM_COMPONENT for r in by_team[name])
        assert all(name in r["urn"] for r in by_team[name]), name
    assert not any(r["type"] == cache.TEAM_COMPONENT for r in by_team[None])


def test_a_second_process_fills_the_cache_and_the_graph_is_the_whole_runs(
    example: Platform, tmp_path: Path, built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `sluicegate plan` starts while it renders the tree: afterwards this process
    runs the program for nothing, and the graph is the one a whole run writes."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert cache._missing(example)
    with cache.prefilled(example) as prefill:
        assert prefill.started
        prefill.ready()
    assert not cache._missing(example)
    assert _graph(example, tmp_path / "filled") == _whole(example, tmp_path / "whole", monkeypatch)
    assert built == []
    # Nothing is missing now: no second process starts.
    with cache.prefilled(example) as prefill:
        assert not prefill.started


def test_a_second_process_that_fails_leaves_the_work_to_this_one(
    example: Platform, tmp_path: Path, built: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(cache.sys, "executable", "/bin/false")
    with cache.prefilled(example) as prefill:
        assert prefill.started
        prefill.ready()
    assert cache._missing(example)
    assert _graph(example, tmp_path / "here") == _whole(example, tmp_path / "whole", monkeypatch)
    assert built == [[t.name for t in example.teams]]


def test_one_core_or_the_cache_off_starts_nothing(example: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    with cache.prefilled(example) as prefill:
        assert not prefill.started
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setenv("SLUICEGATE_CACHE", "off")
    with cache.prefilled(example) as prefill:
        assert not prefill.started
