"""The order of the bring-up as graph.json records it: every resource's dependencies,
explicit (depends_on) and implied (an input from another resource's output, the
provider), so identities are created before they are used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.names import Names
from sluicegate.platform import write
from tests.conftest import REPO
from tests.platform.conftest import GITOPS_DIGEST

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The example's graph.json as `sluicegate plan` writes it, by URN."""
    dest = tmp_path_factory.mktemp("deps")
    write(spec.load(REPO), dest, gitops_revision=GITOPS_DIGEST)
    doc = json.loads((dest / "graph.json").read_text())
    return {r["urn"]: r for r in doc["resources"]}


def one(graph: dict[str, dict], token: str, name: str) -> dict:
    found = [r for r in graph.values() if r["type"] == token and r["name"] == name]
    assert len(found) == 1, f"{token} {name}: {[r['urn'] for r in found]}"
    return found[0]


def urn_of(graph: dict[str, dict], token: str, name: str) -> str:
    return one(graph, token, name)["urn"]


def reaches(graph: dict[str, dict], start: str, goal: str) -> bool:
    """Whether ``start`` waits for ``goal``, directly or through other resources."""
    seen, todo = set(), [start]
    while todo:
        urn = todo.pop()
        for dep in graph[urn]["dependencies"]:
            if dep == goal:
                return True
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return False


def test_workload_identity_bindings_wait_for_the_cluster(graph: dict[str, dict]) -> None:
    cluster = urn_of(graph, CLUSTER, "sg-gke")
    for team in ("onco", "forecast"):
        binding = one(graph, "gcp:serviceaccount/iAMPolicy:IAMPolicy", f"team-{team}-sa-iam")
        assert binding["dependencies"] == sorted(
            [cluster, urn_of(graph, "gcp:serviceaccount/account:Account", f"team-{team}-sa")]
        ), f"{binding['urn']}: {binding['dependencies']}"
        # The binding names the pool only the cluster creates.
        assert f"acme-ml-platform.svc.id.goog[{team}/default-editor]" in binding["inputs"]["policyData"]


def test_node_pools_wait_for_the_cluster_and_the_node_account(graph: dict[str, dict]) -> None:
    cluster = urn_of(graph, CLUSTER, "sg-gke")
    account = urn_of(graph, "gcp:serviceaccount/account:Account", "sg-gke-nodes")
    pools = [r for r in graph.values() if r["type"] == NODE_POOL]
    assert {p["name"] for p in pools} == {"sg-gke-system", "sg-gke-gpu-t4"}
    for pool in pools:
        assert pool["dependencies"] == sorted([cluster, account]), f"{pool['urn']}: {pool['dependencies']}"


def test_argocd_waits_for_the_system_pool_registry_and_storage(graph: dict[str, dict]) -> None:
    release = one(graph, "kubernetes:helm.sh/v3:Release", "argocd-release")
    deps = set(release["dependencies"])
    expected = {
        urn_of(graph, NODE_POOL, "sg-gke-system"),
        urn_of(graph, "pulumi:providers:kubernetes", "sg-gke-k8s"),
        urn_of(graph, "kubernetes:core/v1:Namespace", "argocd-namespace"),
        urn_of(graph, "kubernetes:storage.k8s.io/v1:StorageClass", "storage-sluicegate-cmek-rwo"),
        urn_of(graph, "kubernetes:storage.k8s.io/v1:StorageClassPatch", "storage-standard-rwo-not-default"),
        urn_of(graph, "kubernetes:storage.k8s.io/v1:StorageClassPatch", "storage-standard-not-default"),
        # The Registry component's repositories and grants (Argo CD's own reader grant
        # is not one the chart's pods need).
        *(
            r["urn"]
            for r in graph.values()
            if r["type"].startswith("gcp:artifactregistry/") and "sluicegate:gcp:Registry" in r["urn"]
        ),
    }
    assert deps == expected, f"{release['urn']}: missing {expected - deps}, extra {deps - expected}"
    root = one(graph, "kubernetes:argoproj.io/v1alpha1:Application", "argocd-root")
    assert release["urn"] in root["dependencies"], root["urn"]


def test_everything_on_the_cluster_waits_for_it_through_the_provider(graph: dict[str, dict]) -> None:
    cluster = urn_of(graph, CLUSTER, "sg-gke")
    provider = urn_of(graph, "pulumi:providers:kubernetes", "sg-gke-k8s")
    assert graph[provider]["dependencies"] == [cluster], graph[provider]["dependencies"]
    on_cluster = [r for r in graph.values() if r["type"].startswith("kubernetes:")]
    assert sorted(r["name"] for r in on_cluster) == [
        "argocd-first-token",
        "argocd-gitops-credential",
        "argocd-namespace",
        "argocd-release",
        "argocd-root",
        "argocd-token-ksa",
        "argocd-token-refresh",
        "argocd-token-role",
        "argocd-token-role-binding",
        "dashboard-gateway",
        "dashboard-health",
        "dashboard-iap",
        "dashboard-namespace",
        "dashboard-route",
        "storage-sluicegate-cmek-rwo",
        "storage-standard-not-default",
        "storage-standard-rwo-not-default",
    ]
    for r in on_cluster:
        assert provider in r["dependencies"], f"{r['urn']}: {r['dependencies']}"
        assert reaches(graph, r["urn"], cluster), r["urn"]


def test_components_and_independent_resources_have_no_dependencies(graph: dict[str, dict]) -> None:
    n = Names.of(spec.load(REPO))
    assert one(graph, "gcp:serviceaccount/account:Account", "sg-gke-nodes")["dependencies"] == []
    assert one(graph, "gcp:storage/bucket:Bucket", "team-onco-bucket")["dependencies"] == []
    for r in graph.values():
        if r["type"].startswith("sluicegate:"):
            assert r["dependencies"] == [], r["urn"]
    assert one(graph, NODE_POOL, "sg-gke-system")["inputs"]["name"].startswith(f"{n.system_pool}-")


def test_the_graph_has_no_cycles(graph: dict[str, dict]) -> None:
    for urn in graph:
        assert not reaches(graph, urn, urn), f"{urn} waits for itself"
