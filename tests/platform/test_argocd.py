"""Argo CD: pinned chart, private server, HA option, the root Application, and its
keyless read access to the GitOps repository."""

from __future__ import annotations

import json

import pytest

from sluicegate.errors import SpecError
from sluicegate.names import Names
from sluicegate.gitops.artifact import APPS, content_tag
from sluicegate.platform.program import pinned_revision
from tests.platform.conftest import GITOPS_DIGEST, REPO, Run, run_main

RELEASE = "kubernetes:helm.sh/v3:Release"
APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application"
SECRET = "kubernetes:core/v1:Secret"
KSA = "kubernetes:core/v1:ServiceAccount"
ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
CRON_JOB = "kubernetes:batch/v1:CronJob"
JOB = "kubernetes:batch/v1:Job"
ACCOUNT = "gcp:serviceaccount/account:Account"
ACCOUNT_IAM = "gcp:serviceaccount/iAMPolicy:IAMPolicy"
REPOSITORY_MEMBER = "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember"


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


def test_root_application_pins_the_published_apps_artifact_by_digest(run: Run) -> None:
    n = Names.of(run.platform)
    app = run.one(APPLICATION)
    i = app.inputs
    assert i["metadata"] == {"name": "sluicegate-root", "namespace": "argocd"}, app.urn
    assert i["spec"]["source"] == {
        "repoURL": f"oci://{run.platform.region}-docker.pkg.dev/{run.platform.project_id}/{n.prefix}-gitops/apps",
        "targetRevision": GITOPS_DIGEST,
        "path": "apps",
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
    assert argocd_objects == {
        "kubernetes:core/v1:Namespace",
        RELEASE,
        APPLICATION,
        SECRET,
        KSA,
        ROLE,
        ROLE_BINDING,
        CRON_JOB,
        JOB,
    }, argocd_objects


def test_argocd_namespace_enforces_pod_security(run: Run) -> None:
    ns = run.one("kubernetes:core/v1:Namespace", "argocd-namespace")
    labels = ns.inputs["metadata"]["labels"]
    assert ns.inputs["metadata"]["name"] == "argocd", ns.urn
    assert labels["pod-security.kubernetes.io/enforce"] == "baseline", ns.urn


def test_a_malformed_digest_is_refused() -> None:
    with pytest.raises(SpecError) as err:
        run_main(None, digest="sha256-0123")
    assert str(err.value) == (
        "stack configuration: sluicegate:gitopsDigest: 'sha256-0123' is not a digest; set it "
        "to the apps@sha256:... digest `sluicegate publish` printed, or unset it to pin the "
        "rendered tree's tag"
    )


def test_without_a_digest_the_root_pins_the_rendered_apps_tag() -> None:
    """The first `pulumi up` comes before the first publish: the root Application names
    the committed tree's apps tag, which `sluicegate publish` then pushes."""
    run = run_main(None, digest=None)
    root = run.one(APPLICATION)
    expected = content_tag(REPO / "manifests" / "rendered", APPS)
    assert root.inputs["spec"]["source"]["targetRevision"] == expected, root.urn


def test_without_a_digest_or_a_rendered_tree_the_stack_is_refused(tmp_path) -> None:
    with pytest.raises(SpecError) as err:
        pinned_revision(None, tmp_path)
    assert str(err.value) == (
        f"stack configuration: sluicegate:gitopsDigest: not set, and {tmp_path} has no apps/ "
        "to pin; run `sluicegate render` first"
    )


def test_argocd_reads_the_gitops_repository_as_its_own_reader_only(run: Run) -> None:
    """A Google account of its own, reader of the GitOps repository and of nothing else,
    which only the refresher's KSA may act as."""
    n = Names.of(run.platform)
    reader = run.one(ACCOUNT, "argocd-reader")
    assert reader.inputs["accountId"] == n.argocd_reader_service_account == f"{n.prefix}-argocd-reader"
    principal = f"serviceAccount:{n.service_account_email(n.argocd_reader_service_account)}"
    grants = [r for r in run.resources if principal in json.dumps(r.inputs)]
    assert {r.type for r in grants} == {REPOSITORY_MEMBER}, [r.urn for r in grants]
    (grant,) = grants
    assert grant.inputs["repository"] == f"{n.prefix}-gitops", grant.urn
    assert grant.inputs["role"] == "roles/artifactregistry.reader", grant.urn
    assert grant.inputs["location"] == run.platform.region, grant.urn
    policy = json.loads(run.one(ACCOUNT_IAM, "argocd-reader-iam").inputs["policyData"])
    assert policy == {
        "bindings": [
            {
                "role": "roles/iam.workloadIdentityUser",
                "members": [
                    f"serviceAccount:{run.platform.project_id}.svc.id.goog[argocd/gitops-registry-token]"
                ],
            }
        ]
    }
    argocd = run.one("sluicegate:k8s:ArgoCd")
    assert reader.parent == grant.parent == argocd.urn


def test_the_credential_template_covers_every_gitops_artifact(run: Run) -> None:
    n = Names.of(run.platform)
    secret = run.one(SECRET).inputs
    assert secret["metadata"]["name"] == "sluicegate-gitops-registry"
    assert secret["metadata"]["namespace"] == "argocd"
    assert secret["metadata"]["labels"] == {"argocd.argoproj.io/secret-type": "repo-creds"}
    # The Kubernetes provider marks Secret data secret; the mocks see Pulumi's wrapper.
    data = secret["stringData"]
    data = data.get("value", data)
    assert data == {
        "type": "oci",
        "url": f"oci://{n.gitops_repository_url}",
        "username": "oauth2accesstoken",
    }
    root = run.one(APPLICATION).inputs["spec"]["source"]["repoURL"]
    assert root.startswith(data["url"] + "/"), root


def test_the_token_refresher_is_bound_to_the_reader_and_may_patch_one_secret(run: Run) -> None:
    n = Names.of(run.platform)
    ksa = run.one(KSA).inputs["metadata"]
    assert ksa["name"] == "gitops-registry-token" and ksa["namespace"] == "argocd"
    assert ksa["annotations"] == {
        "iam.gke.io/gcp-service-account": n.service_account_email(n.argocd_reader_service_account)
    }
    role = run.one(ROLE).inputs
    assert role["rules"] == [
        {
            "apiGroups": [""],
            "resources": ["secrets"],
            "resourceNames": ["sluicegate-gitops-registry"],
            "verbs": ["get", "patch"],
        }
    ], role["rules"]
    binding = run.one(ROLE_BINDING).inputs
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": role["metadata"]["name"],
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "gitops-registry-token", "namespace": "argocd"}
    ]


def test_the_token_refresher_runs_every_half_hour_from_the_mirror_restricted(run: Run) -> None:
    n = Names.of(run.platform)
    cron = run.one(CRON_JOB).inputs["spec"]
    assert cron["schedule"] == "*/30 * * * *" and cron["concurrencyPolicy"] == "Forbid"
    first = run.one(JOB).inputs["spec"]
    for job in (cron["jobTemplate"]["spec"], first):
        pod = job["template"]["spec"]
        assert pod["serviceAccountName"] == "gitops-registry-token"
        (container,) = pod["containers"]
        assert container["image"] == f"{n.registry_mirror_url('quay')}/curl/curl:8.21.0"
        assert container["image"].startswith(f"{n.registry_host}/{run.platform.project_id}/")
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert container["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        env = {e["name"]: e["value"] for e in container["env"]}
        assert env == {"NAMESPACE": "argocd", "SECRET": "sluicegate-gitops-registry"}
