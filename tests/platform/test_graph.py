"""graph.json, the contract the policies read: shape, order, numbers, repeatability."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.platform import write
from sluicegate.spec.model import Team
from tests.conftest import REPO
from tests.platform.conftest import GITOPS_DIGEST, Run


def walk(value, path="inputs"):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]")
    else:
        yield path, value


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, bytes]:
    dest = tmp_path_factory.mktemp("graph")
    count = write(spec.load(REPO), dest, gitops_revision=GITOPS_DIGEST)
    raw = (dest / "graph.json").read_bytes()
    return count, json.loads(raw), raw


def test_graph_shape(example_graph: tuple[int, dict, bytes]) -> None:
    count, graph, _ = example_graph
    assert graph["project"] == "sluicegate" and graph["stack"] == "plan"
    resources = graph["resources"]
    assert count == len(resources) > 0
    urns = [r["urn"] for r in resources]
    assert urns == sorted(urns), "resources are not sorted by urn"
    assert len(set(urns)) == len(urns)
    for r in resources:
        assert set(r) == {"urn", "type", "name", "parent", "inputs", "dependencies", "options"}, r["urn"]
        assert r["dependencies"] == sorted(set(r["dependencies"])), f"{r['urn']}: dependencies not sorted"
        for dep in r["dependencies"]:
            assert dep in urns, f"{r['urn']}: dependency {dep} is not in the graph"
        assert r["urn"].startswith("urn:pulumi:plan::sluicegate::"), r["urn"]
        assert r["urn"].endswith(f"{r['type']}::{r['name']}"), r["urn"]
        assert r["parent"] is None or r["parent"] in urns, f"{r['urn']}: parent {r['parent']} is not in the graph"


def test_integers_stay_integers(example_graph: tuple[int, dict, bytes]) -> None:
    _, graph, _ = example_graph
    for r in graph["resources"]:
        for path, value in walk(r["inputs"]):
            assert not (isinstance(value, float) and value.is_integer()), f"{r['urn']}: {path} = {value!r}"
    pool = next(r for r in graph["resources"] if r["type"] == "gcp:container/nodePool:NodePool")
    assert type(pool["inputs"]["autoscaling"]["totalMaxNodeCount"]) is int, pool["urn"]


def test_inputs_are_the_programs(example_graph: tuple[int, dict, bytes], runs: dict[str, Run]) -> None:
    """write() and infra/__main__.py register the same resources with the same inputs."""
    _, graph, _ = example_graph
    from_graph = {(r["type"], r["name"]): r["inputs"] for r in graph["resources"]}
    from_main = {(r.type, r.name): r.inputs for r in runs["example"].resources}
    assert sorted(from_graph) == sorted(from_main)
    cluster = ("gcp:container/cluster:Cluster", "sg-gke")
    assert from_graph[cluster] == json.loads(json.dumps(from_main[cluster]))


def test_runs_are_repeatable_and_isolated(example_graph: tuple[int, dict, bytes], tmp_path: Path) -> None:
    _, _, first = example_graph
    example = spec.load(REPO)
    bigger = example.model_copy(
        update={
            "teams": tuple(
                Team(name=f"team{i}", owners=("lead@acme.example",), data_classification="internal")
                for i in range(5)
            )
        }
    )
    (tmp_path / "bigger").mkdir()
    (tmp_path / "again").mkdir()
    count = write(bigger, tmp_path / "bigger", gitops_revision=GITOPS_DIGEST)
    assert count == len(json.loads((tmp_path / "bigger" / "graph.json").read_bytes())["resources"])
    write(example, tmp_path / "again", gitops_revision=GITOPS_DIGEST)
    assert (tmp_path / "again" / "graph.json").read_bytes() == first, "a second run differs from the first"


def test_plan_never_touches_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The Helm release is registered, not fetched: no chart download, no API call."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access during an offline plan: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    write(spec.load(REPO), tmp_path, gitops_revision=GITOPS_DIGEST)
    graph = json.loads((tmp_path / "graph.json").read_text())
    (release,) = [r for r in graph["resources"] if r["type"] == "kubernetes:helm.sh/v3:Release"]
    assert release["inputs"]["chart"] == "argo-cd"


def test_a_plan_leaves_the_callers_event_loop_alone(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        write(spec.load(REPO), tmp_path, gitops_revision=GITOPS_DIGEST)
        assert asyncio.get_event_loop() is loop
        assert not loop.is_closed()
    finally:
        asyncio.set_event_loop(None)
        loop.close()
