"""Argo CD: pinned chart, private server, HA option, and the root Application."""

from __future__ import annotations

from sluicegate.names import Names
from tests.platform.conftest import Run

RELEASE = "kubernetes:helm.sh/v3:Release"
APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application"


def test_chart_is_pinned_and_installed_into_argocd(run: Run) -> None:
    release = run.one(RELEASE)
    i = release.inputs
    assert i["chart"] == "argo-cd", release.urn
    assert i["version"] == run.platform.argocd.chart_version, f"{release.urn}: version {i['version']!r}"
    assert i["repositoryOpts"] == {"repo": "https://argoproj.github.io/argo-helm"}, release.urn
    assert i["namespace"] == "argocd", release.urn
    assert i["atomic"] is True, release.urn


def test_server_is_not_exposed(run: Run) -> None:
    release = run.one(RELEASE)
    server = release.inputs["values"]["server"]
    assert server["service"]["type"] == "ClusterIP", release.urn
    assert server["ingress"]["enabled"] is False, release.urn


def test_application_health_is_assessed_so_sync_waves_wait(run: Run) -> None:
    """The rendered tree orders its Applications by sync wave; Argo CD only waits on a
    wave when it can tell an Application's health."""
    release = run.one(RELEASE)
    script = release.inputs["values"]["configs"]["cm"][
        "resource.customizations.health.argoproj.io_Application"
    ]
    assert "obj.status.health.status" in script, release.urn
    assert 'hs.status = "Progressing"' in script, release.urn


def test_images_come_through_the_in_region_mirrors(run: Run) -> None:
    n = Names.of(run.platform)
    values = run.one(RELEASE).inputs["values"]
    repositories = [values["global"]["image"]["repository"], values["redis"]["image"]["repository"]]
    if run.platform.argocd.ha:
        redis_ha = values["redis-ha"]
        repositories += [redis_ha["image"]["repository"], redis_ha["haproxy"]["image"]["repository"]]
    for repository in repositories:
        assert repository.startswith(f"{n.registry_host}/{run.platform.project_id}/"), repository


def test_ha_follows_the_spec(runs: dict[str, Run]) -> None:
    ha = runs["europe"].one(RELEASE).inputs["values"]
    assert runs["europe"].platform.argocd.ha
    assert ha["redis-ha"]["enabled"] is True
    assert ha["server"]["replicas"] == 2 and ha["repoServer"]["replicas"] == 2
    assert ha["applicationSet"]["replicas"] == 2
    single = runs["example"].one(RELEASE).inputs["values"]
    assert not runs["example"].platform.argocd.ha
    assert "redis-ha" not in single and "replicas" not in single["server"]


def test_root_application_points_at_the_rendered_apps(run: Run) -> None:
    spec = run.platform.argocd
    app = run.one(APPLICATION)
    i = app.inputs
    assert i["metadata"] == {"name": "sluicegate-root", "namespace": "argocd"}, app.urn
    assert i["spec"]["source"] == {
        "repoURL": spec.repo_url,
        "targetRevision": spec.revision,
        "path": f"{spec.path.rstrip('/')}/apps",
        "directory": {"recurse": True},
    }, f"{app.urn}: {i['spec']['source']}"
    assert i["spec"]["destination"] == {"server": "https://kubernetes.default.svc", "namespace": "argocd"}


def test_kubernetes_resources_use_the_clusters_provider(run: Run) -> None:
    provider = run.one("pulumi:providers:kubernetes")
    argocd = run.one("sluicegate:k8s:ArgoCd")
    on_cluster = [r for r in run.resources if r.type.startswith("kubernetes:")]
    for r in on_cluster:
        assert r.provider and r.provider.startswith(f"{provider.urn}::"), f"{r.urn}: provider {r.provider}"
    argocd_objects = {r.type for r in on_cluster if r.parent == argocd.urn}
    assert argocd_objects == {"kubernetes:core/v1:Namespace", RELEASE, APPLICATION}, argocd_objects


def test_argocd_namespace_enforces_pod_security(run: Run) -> None:
    ns = run.one("kubernetes:core/v1:Namespace")
    labels = ns.inputs["metadata"]["labels"]
    assert ns.inputs["metadata"]["name"] == "argocd", ns.urn
    assert labels["pod-security.kubernetes.io/enforce"] == "baseline", ns.urn
