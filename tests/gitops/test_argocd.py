"""The app-of-apps: names, waves, sources, projects and sync settings.

Every source is the published components artifact in the region's Artifact
Registry (inside the perimeter), at the content tag of the tree it was rendered with.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from sluicegate.gitops.artifact import COMPONENTS, content_tag
from sluicegate.gitops.catalogue import load_release

from .conftest import of_kind

EXAMPLE_PATHS = Path(__file__).parent / "data" / "kubeflow-26.03-example-paths.txt"

# Sync-wave bands, in the order Argo CD must apply them.
GROUP_ORDER = ("deps", "policy", "core", "tools", "teams")


def _wave(doc) -> int:
    return int(doc["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])


def _apps(objects):
    return {o.name: o for o in of_kind(objects, "Application")}


def test_every_application_is_in_apps_in_a_file_named_after_it(objects):
    for app in of_kind(objects, "Application"):
        assert app.file == f"apps/{app.name}.yaml", f"{app}: file name differs from the app name"
        group, sep, rest = app.name.partition("--")
        assert sep and rest and group in GROUP_ORDER, f"{app}: not named <group>--<app>"
    assert all(
        o.file.startswith("apps/") for o in objects if o.kind in ("Application", "AppProject")
    )
    assert not [
        o
        for o in objects
        if o.file.startswith("apps/") and o.kind not in ("Application", "AppProject")
    ]


def test_waves_are_banded_by_group_and_projects_come_first(objects):
    waves: dict[str, list[int]] = {}
    for app in of_kind(objects, "Application"):
        waves.setdefault(app.doc["metadata"]["labels"]["sluicegate.io/app-group"], []).append(
            _wave(app.doc)
        )
    assert list(waves) and set(waves) <= set(GROUP_ORDER)
    present = [g for g in GROUP_ORDER if g in waves]
    for earlier, later in pairwise(present):
        assert max(waves[earlier]) < min(waves[later]), (
            f"{earlier} waves {waves[earlier]} overlap {later} {waves[later]}"
        )
    project_waves = {_wave(p.doc) for p in of_kind(objects, "AppProject")}
    assert project_waves == {-100} and -100 < min(min(w) for w in waves.values())


def test_crds_cert_manager_and_istio_come_before_everything_else(objects):
    apps = _apps(objects)
    first = max(
        _wave(apps[n].doc) for n in ("deps--istio-crds", "deps--cert-manager", "deps--istio")
    )
    later = [a for n, a in apps.items() if not n.startswith("deps--")]
    assert all(_wave(a.doc) > first for a in later)


def test_every_source_is_the_components_artifact_in_the_region_at_its_tag(objects, names, rendered):
    """No github.com, no Helm repository: Argo CD reads only what nodes reach through
    the restricted VIP, pinned to the tree it was rendered with."""
    tag = content_tag(rendered, COMPONENTS)
    registry = f"oci://{names.registry_host}/{names.project_id}/"
    apps = of_kind(objects, "Application")
    for app in apps:
        source = app.doc["spec"]["source"]
        assert source["repoURL"] == names.gitops_source(COMPONENTS), f"{app}: {source['repoURL']}"
        assert source["repoURL"].startswith(registry), f"{app}: {source['repoURL']}"
        assert source["targetRevision"] == tag, f"{app}: {source['targetRevision']} is not {tag}"
        assert set(source) == {"repoURL", "targetRevision", "path"}, f"{app}: {sorted(source)}"
    for project in of_kind(objects, "AppProject"):
        assert project.doc["spec"]["sourceRepos"] == [names.gitops_source(COMPONENTS)], str(project)
    text = "".join(p.read_text() for p in (rendered / "apps").iterdir())
    for outside in ("github.com", "open-policy-agent.github.io", "https://"):
        assert outside not in text.replace("https://kubernetes.default.svc", ""), outside


def test_kubeflow_apps_sync_their_hydrated_folder_built_from_the_release_example(objects, platform):
    example = {
        line for line in EXAMPLE_PATHS.read_text().splitlines() if line and not line.startswith("#")
    }
    release = load_release(platform.kubeflow.release)
    apps = _apps(objects)
    kubeflow = [a for a in apps.values() if a.doc["spec"]["project"] == "sg-kubeflow"]
    assert len(kubeflow) >= 15
    for entry in release.installed(platform.kubeflow.components.enabled()):
        name = f"{entry.group}--{entry.app}"
        assert apps[name].doc["spec"]["source"]["path"] == f"hydrated/{name}", name
        assert entry.path in example, f"{name}: {entry.path} is not in the 26.03 example"


def test_istio_is_hydrated_from_the_gke_overlay(platform):
    istio = [e for e in load_release(platform.kubeflow.release).apps if e.app == "istio"]
    assert [e.path for e in istio] == ["common/istio/istio-install/overlays/gke"]


def test_only_enabled_components_are_installed(objects, platform):
    release = load_release(platform.kubeflow.release)
    enabled = set(platform.kubeflow.components.enabled())
    apps = _apps(objects)
    for entry in release.apps:
        name = f"{entry.group}--{entry.app}"
        expected = entry.component is None or entry.component in enabled
        assert (name in apps) == expected, (
            f"{name}: component {entry.component}, enabled {sorted(enabled)}"
        )


def test_big_crd_apps_apply_server_side_and_crd_apps_skip_dry_run(objects):
    apps = _apps(objects)
    for name in (
        "deps--istio-crds",
        "deps--cert-manager",
        "tools--notebook-controller",
        "tools--pipelines",
    ):
        assert "ServerSideApply=true" in apps[name].doc["spec"]["syncPolicy"]["syncOptions"], name
    assert (
        "SkipDryRunOnMissingResource=true"
        in apps["tools--pipelines"].doc["spec"]["syncPolicy"]["syncOptions"]
    )


def test_every_application_syncs_automatically_with_retry_and_backoff(objects):
    for app in of_kind(objects, "Application"):
        policy = app.doc["spec"]["syncPolicy"]
        assert policy["automated"] == {"prune": True, "selfHeal": True}, str(app)
        backoff = policy["retry"]["backoff"]
        assert policy["retry"]["limit"] >= 5 and backoff["factor"] >= 2, str(app)
        assert "RespectIgnoreDifferences=true" in policy["syncOptions"], str(app)


def test_webhook_ca_bundles_are_ignored_where_controllers_write_them(objects):
    apps = _apps(objects)
    for name in (
        "deps--cert-manager",
        "deps--istio",
        "tools--pipelines",
        "tools--katib",
        "policy--gatekeeper",
    ):
        entries = apps[name].doc["spec"]["ignoreDifferences"]
        paths = [p for entry in entries for p in entry.get("jqPathExpressions", [])]
        assert ".webhooks[]?.clientConfig.caBundle" in paths, name
    assert "ignoreDifferences" not in apps["core--centraldashboard"].doc["spec"]


def test_gatekeeper_is_hydrated_and_its_policies_follow_it(objects):
    apps = _apps(objects)
    gatekeeper = apps["policy--gatekeeper"].doc["spec"]["source"]
    assert gatekeeper["path"] == "hydrated/policy--gatekeeper" and "chart" not in gatekeeper
    assert _wave(apps["policy--gatekeeper"].doc) < _wave(apps["policy--gatekeeper-policies"].doc)
    assert max(_wave(a.doc) for a in apps.values() if a.name.startswith("policy--")) < min(
        _wave(a.doc) for a in apps.values() if a.name.startswith("teams--")
    )


def test_the_kits_own_apps_point_into_the_rendered_tree(objects, platform, rendered):
    local = [
        a
        for a in of_kind(objects, "Application")
        if not a.doc["spec"]["source"]["path"].startswith("hydrated/")
    ]
    assert {a.name for a in local} == {"policy--gatekeeper-policies"} | {
        f"teams--{t.name}" for t in platform.teams
    }
    for app in local:
        folder = rendered / app.doc["spec"]["source"]["path"]
        assert (folder / "kustomization.yaml").is_file(), f"{app}: {folder} is not in the tree"


def test_projects_allow_exactly_what_their_applications_use(objects):
    projects = {p.name: p.doc["spec"] for p in of_kind(objects, "AppProject")}
    assert set(projects) == {"sg-kubeflow", "sg-platform", "sg-teams"}
    for app in of_kind(objects, "Application"):
        spec = app.doc["spec"]
        project = projects[spec["project"]]
        assert spec["source"]["repoURL"] in project["sourceRepos"], str(app)
        namespaces = {d["namespace"] for d in project["destinations"]}
        assert spec["destination"]["namespace"] in namespaces, str(app)
    teams = projects["sg-teams"]
    assert {(w["group"], w["kind"]) for w in teams["clusterResourceWhitelist"]} == {
        ("", "Namespace"),
        ("kubeflow.org", "Profile"),
    }
    assert "*" not in {w["kind"] for w in teams["namespaceResourceWhitelist"]}
