"""Artifact Registry: regional, CMEK, mirrors of Kubeflow's image hosts, read only by nodes;
the GitOps repository, read only by Argo CD's reader."""

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
    assert len(repos) == 2 + len(EXPECTED_UPSTREAMS)
    for repo in repos:
        i = repo.inputs
        assert i["location"] == p.region, f"{repo.urn}: location {i['location']!r}, expected {p.region}"
        assert i["format"] == "DOCKER", repo.urn
        assert i["kmsKeyName"] == n.crypto_key_id("registry"), repo.urn
        assert f"/locations/{p.region}/" in i["kmsKeyName"], repo.urn


def test_own_images_and_gitops_repositories_have_immutable_tags(run: Run) -> None:
    """The GitOps tags are content hashes the rendered Applications pin: they must not move."""
    n = Names.of(run.platform)
    for repository_id in (n.registry, n.gitops_repository):
        found = [r for r in run.of_type(REPOSITORY) if r.inputs["repositoryId"] == repository_id]
        assert len(found) == 1, f"{repository_id}: {[r.urn for r in found]}"
        repo = found[0]
        assert repo.inputs["mode"] == "STANDARD_REPOSITORY", repo.urn
        assert repo.inputs["dockerConfig"] == {"immutableTags": True}, repo.urn


def test_one_remote_mirror_per_upstream(run: Run) -> None:
    n = Names.of(run.platform)
    mirrors = {
        r.inputs["repositoryId"]: r for r in run.of_type(REPOSITORY) if r.inputs["mode"] == "REMOTE_REPOSITORY"
    }
    assert sorted(mirrors) == sorted(n.registry_mirror(key) for key in EXPECTED_UPSTREAMS)
    for key, upstream in EXPECTED_UPSTREAMS.items():
        mirror = mirrors[n.registry_mirror(key)]
        assert mirror.inputs["remoteRepositoryConfig"]["dockerRepository"] == upstream, mirror.urn


def test_each_repository_has_exactly_its_one_reader(run: Run) -> None:
    """Nodes read images and mirrors; only Argo CD's reader reads the GitOps tree."""
    n = Names.of(run.platform)
    repos = {r.inputs["repositoryId"] for r in run.of_type(REPOSITORY)}
    grants = run.of_type("gcp:artifactregistry/repositoryIamMember:RepositoryIamMember")
    assert sorted(g.inputs["repository"] for g in grants) == sorted(repos)
    nodes = f"serviceAccount:{n.service_account_email(n.node_service_account)}"
    reader = f"serviceAccount:{n.service_account_email(n.argocd_reader_service_account)}"
    for g in grants:
        expected = reader if g.inputs["repository"] == n.gitops_repository else nodes
        assert g.inputs["role"] == "roles/artifactregistry.reader", g.urn
        assert g.inputs["member"] == expected, f"{g.urn}: {g.inputs['member']}"
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


def test_dockerhub_mirror_pulls_as_the_spec_account_only_when_set(run: Run) -> None:
    """With registry.dockerhub_username, the Docker Hub mirror authenticates with the newest
    version of the foundation's in-region secret; no other mirror has credentials."""
    p, n = run.platform, Names.of(run.platform)
    mirrors = {r.inputs["repositoryId"]: r for r in run.of_type(REPOSITORY) if r.inputs["mode"] == "REMOTE_REPOSITORY"}
    for key in EXPECTED_UPSTREAMS:
        config = mirrors[n.registry_mirror(key)].inputs["remoteRepositoryConfig"]
        if key == "dockerhub" and p.registry.dockerhub_username:
            assert config["upstreamCredentials"] == {
                "usernamePasswordCredentials": {
                    "username": p.registry.dockerhub_username,
                    "passwordSecretVersion": (
                        f"projects/{p.project_id}/secrets/{p.prefix}-dockerhub-token/versions/latest"
                    ),
                }
            }, f"{key}: {config.get('upstreamCredentials')!r}"
        else:
            assert "upstreamCredentials" not in config, f"{key}: credentials {config.get('upstreamCredentials')!r}"


def test_some_run_sets_the_dockerhub_account(runs: dict[str, Run]) -> None:
    """The credentials test above checks both cases: the example is anonymous, europe is not."""
    assert runs["example"].platform.registry.dockerhub_username is None
    assert runs["europe"].platform.registry.dockerhub_username == "acmeeu"
