"""Artifact Registry: regional, CMEK, mirrors of Kubeflow's image hosts, read only by nodes."""

from __future__ import annotations

from sluicegate import catalogue
from sluicegate.names import Names
from tests.platform.conftest import Run

REPOSITORY = "gcp:artifactregistry/repository:Repository"

# Where the hydrated example (kubeflow/manifests 26.03, Gatekeeper) and the argo-cd
# chart pull from, as catalogue/registries.yaml lists them (tests/gitops/test_images.py
# checks that the hydrated tree needs exactly these).
EXPECTED_UPSTREAMS = {
    "ghcr": {"customRepository": {"uri": "https://ghcr.io"}},
    "gcr": {"customRepository": {"uri": "https://gcr.io"}},
    "quay": {"customRepository": {"uri": "https://quay.io"}},
    "dockerhub": {"publicRepository": "DOCKER_HUB"},
}


def test_repositories_are_regional_docker_with_cmek(run: Run) -> None:
    p, n = run.platform, Names.of(run.platform)
    repos = run.of_type(REPOSITORY)
    assert len(repos) == 1 + len(EXPECTED_UPSTREAMS)
    for repo in repos:
        i = repo.inputs
        assert i["location"] == p.region, f"{repo.urn}: location {i['location']!r}, expected {p.region}"
        assert i["format"] == "DOCKER", repo.urn
        assert i["kmsKeyName"] == n.crypto_key_id("registry"), repo.urn
        assert f"/locations/{p.region}/" in i["kmsKeyName"], repo.urn


def test_own_images_repository_has_immutable_tags(run: Run) -> None:
    n = Names.of(run.platform)
    images = next(r for r in run.of_type(REPOSITORY) if r.inputs["repositoryId"] == n.registry)
    assert images.inputs["mode"] == "STANDARD_REPOSITORY", images.urn
    assert images.inputs["dockerConfig"] == {"immutableTags": True}, images.urn


def test_one_remote_mirror_per_upstream(run: Run) -> None:
    n = Names.of(run.platform)
    mirrors = {
        r.inputs["repositoryId"]: r for r in run.of_type(REPOSITORY) if r.inputs["mode"] == "REMOTE_REPOSITORY"
    }
    assert sorted(mirrors) == sorted(n.registry_mirror(key) for key in EXPECTED_UPSTREAMS)
    for key, upstream in EXPECTED_UPSTREAMS.items():
        mirror = mirrors[n.registry_mirror(key)]
        assert mirror.inputs["remoteRepositoryConfig"]["dockerRepository"] == upstream, mirror.urn


def test_only_the_node_account_reads_each_repository(run: Run) -> None:
    n = Names.of(run.platform)
    repos = {r.inputs["repositoryId"] for r in run.of_type(REPOSITORY)}
    grants = run.of_type("gcp:artifactregistry/repositoryIamMember:RepositoryIamMember")
    assert sorted(g.inputs["repository"] for g in grants) == sorted(repos)
    for g in grants:
        assert g.inputs["role"] == "roles/artifactregistry.reader", g.urn
        assert g.inputs["member"] == f"serviceAccount:{n.service_account_email(n.node_service_account)}", g.urn
        assert g.inputs["location"] == run.platform.region, g.urn


def test_the_mirrors_are_the_catalogue_registries(run: Run) -> None:
    n = Names.of(run.platform)
    mirrors = {
        r.inputs["repositoryId"]: r for r in run.of_type(REPOSITORY) if r.inputs["mode"] == "REMOTE_REPOSITORY"
    }
    for registry in catalogue.registries():
        mirror = mirrors[n.registry_mirror(registry.key)]
        assert mirror.inputs["remoteRepositoryConfig"]["description"] == registry.host, mirror.urn
    assert [r.key for r in catalogue.registries()] == list(EXPECTED_UPSTREAMS)
