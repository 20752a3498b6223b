"""Hydration of the example platform from the shared upstream snapshot.

The session fixtures (``hydrated``, ``hydrated_tree``) build it once; tests that
break a cache copy or build one more component stage only what they need.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sluicegate import upstream
from sluicegate.gitops import hydrate as hy
from sluicegate.gitops.webhooks import webhook_ports

KUBEFLOW = "kubeflow-manifests-26.03"

# Objects per Application for the example platform (pipelines, notebooks, katib,
# tensorboard, volumes; kserve, trainer and spark off). Gatekeeper's 31 are the
# documents of its release manifest (checked below against the file itself).
EXPECTED_COUNTS = {
    "deps--istio-crds": 14,
    "deps--cert-manager": 52,
    "deps--istio-namespace": 5,
    "deps--istio": 37,
    "deps--oauth2-proxy": 14,
    "deps--dex": 13,
    "core--kubeflow-namespace": 27,
    "core--kubeflow-roles": 6,
    "core--kubeflow-istio-resources": 4,
    "core--profiles": 11,
    "core--admission-webhook": 12,
    "core--centraldashboard": 11,
    "tools--pipelines": 133,
    "tools--katib": 30,
    "tools--notebook-controller": 12,
    "tools--jupyter-web-app": 16,
    "tools--tensorboard-controller": 12,
    "tools--tensorboards-web-app": 12,
    "tools--pvcviewer-controller": 16,
    "tools--volumes-web-app": 13,
    "policy--gatekeeper": 31,
}

# Which Service each webhook of the example calls and the pod port behind its
# port 443, read by hand from the hydrated objects: cert-manager's targetPort is
# the name "https", container port 10250 of cert-manager-webhook; istiod's is
# 15017; PodDefaults 4443; KFP cache and Katib 8443; pvcviewer 9443 (its CRD's
# conversion webhook too); Gatekeeper 8443.
EXPECTED_WEBHOOK_SERVICES = {
    ("cert-manager", "cert-manager-webhook"): 10250,
    ("istio-system", "istiod"): 15017,
    ("kubeflow", "admission-webhook-service"): 4443,
    ("kubeflow", "cache-server"): 8443,
    ("kubeflow", "katib-controller"): 8443,
    ("kubeflow", "pvcviewer-webhook-service"): 9443,
    ("gatekeeper-system", "gatekeeper-webhook-service"): 8443,
}


def _find(objects, kind, name, namespace=None):
    hits = [
        o
        for o in objects
        if o["kind"] == kind
        and o["metadata"]["name"] == name
        and (namespace is None or o["metadata"].get("namespace") == namespace)
    ]
    assert len(hits) == 1, f"expected one {kind}/{name}, found {len(hits)}"
    return hits[0]


def _identities(objects):
    return sorted(
        (o["apiVersion"], o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])
        for o in objects
    )


def _kustomize(folder: Path) -> list[dict]:
    run = subprocess.run(
        ["kubectl", "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, f"{folder}: {run.stderr}"
    return [d for d in yaml.safe_load_all(run.stdout) if d]


@pytest.fixture
def cache_copy(upstream_cache, tmp_path) -> Path:
    """A private, writable copy of the whole upstream cache."""
    dest = tmp_path / "upstream"
    upstream.copy_files(upstream_cache, dest)
    return dest


def _with_components(platform, **switches):
    components = platform.kubeflow.components.model_copy(update=switches)
    kubeflow = platform.kubeflow.model_copy(update={"components": components})
    return platform.model_copy(update={"kubeflow": kubeflow})


# --- what the example hydrates to ---------------------------------------------


def test_objects_per_component(hydrated):
    got = {name: len(objects) for name, objects in hydrated.items()}
    assert got == EXPECTED_COUNTS
    assert list(hydrated)[-1] == "policy--gatekeeper", "Gatekeeper is not hydrated last"


def test_kubeflow_components_are_what_kustomize_builds_from_the_cache(hydrated, upstream_cache):
    """Every component without remote bases, built straight from the (read-only)
    cache, has exactly the objects hydration produced: staging drops nothing.
    The CMEK overlay changes fields, not identities."""
    for name, part in hydrated.components.items():
        if not part.kustomize or name == "tools--pipelines":
            continue
        direct = _kustomize(upstream_cache / part.source / part.path)
        assert _identities(hydrated[name]) == _identities(direct), f"{name}: {part.where}"


def test_pipelines_builds_argo_from_the_argo_workflows_cache(hydrated, upstream_cache):
    objects = hydrated["tools--pipelines"]
    argo = upstream_cache / "argo-workflows-v3.7.3" / "manifests"
    deployment = _find(objects, "Deployment", "workflow-controller", "kubeflow")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    # Kubeflow pins the image; the probe and command come from argo's own base.
    upstream_file = yaml.safe_load(
        (argo / "base/workflow-controller/workflow-controller-deployment.yaml").read_text()
    )
    upstream_container = upstream_file["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "quay.io/argoproj/workflow-controller:v3.7.3"
    assert container["livenessProbe"] == upstream_container["livenessProbe"]
    assert container["command"] == upstream_container["command"]
    argo_crds = {
        yaml.safe_load(p.read_text())["metadata"]["name"]
        for p in (argo / "base/crds/minimal").glob("argoproj.io_*.yaml")
    }
    crds = {o["metadata"]["name"] for o in objects if o["kind"] == "CustomResourceDefinition"}
    assert len(argo_crds) >= 8 and argo_crds <= crds, f"argo CRDs missing: {argo_crds - crds}"


def test_a_remote_base_is_read_from_the_cache_not_the_network(platform, cache_copy):
    """Change argo's base in a cache copy: the pipelines build follows the copy."""
    deployment = (
        cache_copy
        / "argo-workflows-v3.7.3/manifests/base/workflow-controller"
        / "workflow-controller-deployment.yaml"
    )
    deployment.write_text(
        deployment.read_text().replace("initialDelaySeconds: 90", "initialDelaySeconds: 91")
    )
    pipelines = [c for c in hy.components(platform) if c.name == "tools--pipelines"]
    with hy.staged(cache_copy, pipelines) as stage:
        objects = _kustomize(stage.folders["tools--pipelines"])
    probe = _find(objects, "Deployment", "workflow-controller")["spec"]["template"]["spec"][
        "containers"
    ][0]["livenessProbe"]
    assert probe["initialDelaySeconds"] == 91, f"pipelines did not build from {cache_copy}"


def test_no_remote_base_is_left_in_the_stage(platform, upstream_cache):
    with hy.staged(upstream_cache, hy.components(platform)) as stage:
        kustomizations = [p for p in stage.root.rglob("*") if p.name in hy.KUSTOMIZATION_FILES]
        remote = {
            f"{p.relative_to(stage.root)}: {entry}"
            for p in kustomizations
            for entry in hy.references(p)
            if "://" in entry or entry.startswith("github.com/")
        }
        argo_base = stage.root / KUBEFLOW / "applications/pipeline/upstream/third-party/argo/base"
        entries = hy.references(argo_base / "kustomization.yaml")
    assert len(kustomizations) > 50, f"only {len(kustomizations)} kustomizations staged"
    assert not remote, f"remote bases left: {sorted(remote)}"
    assert (
        "../" * 7 + "argo-workflows-v3.7.3/manifests/base/workflow-controller" in entries
    ), entries


def test_gatekeeper_is_its_release_manifest(hydrated, upstream_cache):
    manifest = upstream_cache / "gatekeeper-v3.23.0" / hy.GATEKEEPER_MANIFEST
    documents = [d for d in yaml.safe_load_all(manifest.read_text()) if d]
    assert _identities(hydrated["policy--gatekeeper"]) == _identities(documents)
    kinds = Counter(o["kind"] for o in hydrated["policy--gatekeeper"])
    assert kinds["CustomResourceDefinition"] == 17 and kinds["Deployment"] == 2, kinds


def test_webhook_ports_are_those_read_from_the_tree(hydrated):
    objects = [o for objs in hydrated.values() for o in objs]
    called = {
        (hook["clientConfig"]["service"]["namespace"], hook["clientConfig"]["service"]["name"])
        for o in objects
        if o["kind"] in ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
        for hook in o["webhooks"]
    }
    assert called == set(EXPECTED_WEBHOOK_SERVICES), sorted(called)
    for (namespace, name), expected in EXPECTED_WEBHOOK_SERVICES.items():
        service = _find(objects, "Service", name, namespace)
        port = next(p for p in service["spec"]["ports"] if p["port"] == 443)
        target = port.get("targetPort", 443)
        if isinstance(target, str):
            selector = service["spec"]["selector"]
            pods = [
                o["spec"]["template"]
                for o in objects
                if o["kind"] == "Deployment"
                and o["metadata"].get("namespace") == namespace
                and selector.items() <= o["spec"]["template"]["metadata"]["labels"].items()
            ]
            target = {
                p["containerPort"]
                for pod in pods
                for c in pod["spec"]["containers"]
                for p in c.get("ports", ())
                if p.get("name") == target
            }.pop()
        assert (
            target == expected
        ), f"{namespace}/{name}: port 443 reaches {target}, expected {expected}"
    assert webhook_ports(hydrated) == (4443, 8443, 9443, 10250, 15017)


def test_every_claim_lands_on_the_cmek_class(hydrated):
    claims = {
        (name, o["metadata"]["name"]): o["spec"].get("storageClassName")
        for name, objects in hydrated.items()
        for o in objects
        if o["kind"] == "PersistentVolumeClaim"
    }
    assert claims == {
        ("tools--pipelines", "mysql-pv-claim"): hy.CMEK_STORAGE_CLASS,
        ("tools--pipelines", "seaweedfs-pvc"): hy.CMEK_STORAGE_CLASS,
        ("tools--katib", "katib-mysql"): hy.CMEK_STORAGE_CLASS,
    }
    templates = [
        (name, o["metadata"]["name"], t["spec"].get("storageClassName"))
        for name, objects in hydrated.items()
        for o in objects
        if o["kind"] == "StatefulSet"
        for t in o["spec"].get("volumeClaimTemplates", ())
    ]
    assert all(cls == hy.CMEK_STORAGE_CLASS for *_, cls in templates), templates


# --- the written tree ---------------------------------------------------------


def test_the_written_tree_has_one_folder_per_application(hydrated, hydrated_tree):
    folders = sorted(p.name for p in (hydrated_tree / hy.HYDRATED).iterdir())
    assert folders == sorted(hydrated), folders
    for name in folders:
        files = sorted(p.name for p in (hydrated_tree / hy.HYDRATED / name).iterdir())
        assert files == [hy.MANIFESTS], f"{name}: {files}"


def test_the_written_tree_reads_back_as_the_objects(hydrated, hydrated_tree):
    for name, objects in hydrated.items():
        text = (hydrated_tree / hy.HYDRATED / name / hy.MANIFESTS).read_text()
        assert text.startswith(f"# Hydrated by sluicegate from {hydrated.components[name].where}")
        back = [d for d in yaml.load_all(text, Loader=yaml.CSafeLoader) if d is not None]
        assert sorted(back, key=hy._sort_key) == sorted(objects, key=hy._sort_key), name
        ranks = [hy._sort_key(d)[:2] for d in back]
        assert ranks == sorted(ranks), f"{name}: objects are not in review order"


def test_no_public_repository_url_is_left_as_a_source(hydrated_tree):
    """Argo CD gets plain manifests: no kustomization (that could name a remote
    base) is written."""
    assert not list((hydrated_tree / hy.HYDRATED).rglob("kustomization.yaml"))


def test_hydration_is_deterministic(platform, upstream_cache, hydrated_tree, tmp_path):
    """A second hydration, built one component at a time, writes the same bytes."""
    again = hy.hydrate(platform, upstream_cache, overlays=[hy.cmek_storage_class], workers=1)
    assert hy.write_hydrated(again, tmp_path) == sum(EXPECTED_COUNTS.values())
    first = {p.relative_to(hydrated_tree): p.read_bytes() for p in hydrated_tree.rglob("*.yaml")}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    assert first.keys() == second.keys()
    changed = [str(p) for p in first if first[p] != second[p]]
    assert not changed, f"different bytes on a second run: {changed}"


def test_writing_again_replaces_the_tree(hydrated, tmp_path):
    stale = tmp_path / hy.HYDRATED / "tools--kserve"
    stale.mkdir(parents=True)
    (stale / hy.MANIFESTS).write_text("kind: Stale\n")
    hy.write_hydrated(hydrated, tmp_path)
    assert not stale.exists(), "a component no longer installed kept its folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == [hy.HYDRATED], "scratch left behind"


def test_overlays_run_in_order_with_the_application_name(platform, upstream_cache, monkeypatch):
    """Only Gatekeeper is built (no kustomize), so the order is cheap to observe."""
    parts = [c for c in hy.components(platform) if not c.kustomize]
    monkeypatch.setattr(hy, "components", lambda platform, lock=None: tuple(parts))
    calls = []

    def first(name, objects):
        calls.append(("first", name))
        return objects[:3]

    def second(name, objects):
        calls.append(("second", name, len(objects)))
        return objects

    result = hy.hydrate(platform, upstream_cache, overlays=[first, second])
    assert calls == [("first", "policy--gatekeeper"), ("second", "policy--gatekeeper", 3)]
    assert len(result["policy--gatekeeper"]) == 3


# --- the trainer and its release assets ---------------------------------------


def _manager_image(deployment) -> str:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    return next(c["image"] for c in containers if c["name"] == "manager")


def test_trainer_builds_jobset_from_its_release_recipe(platform, upstream_cache):
    with_trainer = _with_components(platform, trainer=True)
    trainer = [c for c in hy.components(with_trainer) if c.name == "tools--trainer"]
    with hy.staged(upstream_cache, trainer) as stage:
        objects = _kustomize(stage.folders["tools--trainer"])
    jobset = _find(objects, "Deployment", "jobset-controller-manager")
    assert jobset["metadata"]["namespace"] == "kubeflow-system"
    assert _manager_image(jobset) == "registry.k8s.io/jobset/jobset:v0.10.1"
    crds = {o["metadata"]["name"] for o in objects if o["kind"] == "CustomResourceDefinition"}
    assert "jobsets.jobset.x-k8s.io" in crds, crds
    assert 9443 in webhook_ports({"tools--trainer": objects})


def _build_path(cache: Path, path: str) -> list[dict]:
    """A release path sluicegate does not install, staged as a component would be."""
    part = hy.Component("test--path", KUBEFLOW, path)
    with hy.staged(cache, [part]) as stage:
        return _kustomize(stage.folders[part.name])


def test_lws_builds_from_its_git_base(upstream_cache):
    """The trainer's data-cache overlay names lws's git base."""
    objects = _build_path(upstream_cache, "applications/trainer/upstream/overlays/data-cache")
    lws = _find(objects, "Deployment", "lws-controller-manager")
    assert lws["metadata"]["namespace"] == "kubeflow-system"
    crds = {o["metadata"]["name"] for o in objects if o["kind"] == "CustomResourceDefinition"}
    assert "leaderworkersets.leaderworkerset.x-k8s.io" in crds, crds


def test_the_older_jobset_release_asset_builds_too(upstream_cache):
    """training-operator v2 (in the release, not installed by sluicegate) names
    jobset v0.6.0's release asset: the lock maps it as well."""
    objects = _build_path(
        upstream_cache, "applications/training-operator/upstream/v2/overlays/only-manager"
    )
    jobset = _find(objects, "Deployment", "jobset-controller-manager")
    assert _manager_image(jobset) == "registry.k8s.io/jobset/jobset:v0.6.0"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://github.com/argoproj/argo-workflows/manifests/base/crds/minimal?ref=v3.7.3",
            ("argo-workflows-v3.7.3", "manifests/base/crds/minimal", False),
        ),
        (
            "https://github.com/kubernetes-sigs/lws//config/default?ref=v0.7.0",
            ("lws-v0.7.0", "config/default", False),
        ),
        (
            "https://github.com/kubernetes-sigs/jobset/releases/download/v0.10.1/manifests.yaml",
            ("jobset-v0.10.1", "config/default", True),
        ),
        ("https://github.com/argoproj/argo-workflows/manifests/base?ref=v3.7.4", None),
        ("https://github.com/argoproj/argo-workflows/manifests/base", None),
        (
            "https://github.com/kubernetes-sigs/jobset/releases/download/v0.10.1/prometheus.yaml",
            None,
        ),
        ("https://github.com/example/nowhere//config?ref=v1.0.0", None),
    ],
)
def test_resolve_remote(url, expected):
    resolved = hy.resolve_remote(url, upstream.load_lock())
    got = None if resolved is None else (resolved[0].dirname, resolved[1], resolved[2] is not None)
    assert got == expected, url


# --- bad input: one line, exit 2 ----------------------------------------------


def _one_line(err: Exception) -> str:
    message = str(err)
    assert "\n" not in message, message
    assert getattr(err, "exit_code", None) == 2
    assert "sluicegate-hydrate-" not in message, f"a temporary path leaked: {message}"
    return message


def test_a_component_path_missing_at_the_release(platform, cache_copy):
    shutil.rmtree(
        cache_copy / KUBEFLOW / "applications/katib/upstream/installs/katib-with-kubeflow"
    )
    with pytest.raises(hy.HydrateError) as caught:
        hy.hydrate(platform, cache_copy)
    message = _one_line(caught.value)
    assert message.startswith(
        f"tools--katib: {KUBEFLOW}/applications/katib/upstream/installs/katib-with-kubeflow: "
        "no kustomization at this path"
    ), message


def test_a_kustomize_error_names_the_component_path_and_first_error(platform, cache_copy):
    kfile = cache_copy / KUBEFLOW / "common/istio/istio-crds/base/kustomization.yaml"
    kfile.write_text(kfile.read_text() + "\npatches:\n- path: no-such-patch.yaml\n")
    with pytest.raises(hy.HydrateError) as caught:
        hy.hydrate(platform, cache_copy)
    message = _one_line(caught.value)
    assert message.startswith(
        f"deps--istio-crds: {KUBEFLOW}/common/istio/istio-crds/base: kustomize build failed: "
    ), message
    assert "no-such-patch.yaml" in message and str(cache_copy) in message, message


def test_a_remote_base_with_no_cached_source(platform, cache_copy):
    folder = cache_copy / KUBEFLOW / "applications/katib/upstream/installs/katib-with-kubeflow"
    kfile = folder / "kustomization.yaml"
    url = "https://github.com/example/nowhere//config?ref=v1.0.0"
    kfile.write_text(kfile.read_text().replace("resources:\n", f"resources:\n- {url}\n", 1))
    with pytest.raises(hy.HydrateError) as caught:
        hy.hydrate(platform, cache_copy)
    message = _one_line(caught.value)
    assert message.startswith(
        f"tools--katib: {KUBEFLOW}/applications/katib/upstream/installs/katib-with-kubeflow/"
        f"kustomization.yaml: remote base {url} maps to no source in the upstream lock"
    ), message


def test_hydration_never_edits_the_cache(cache_copy, platform):
    """The pipelines kustomizations are rewritten in the stage, not in the cache."""
    before = upstream.digest(cache_copy / KUBEFLOW)
    with hy.staged(cache_copy, hy.components(platform)):
        pass
    assert upstream.digest(cache_copy / KUBEFLOW) == before


def test_kubectl_missing_is_one_line(platform, upstream_cache, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(hy.HydrateError, match="kubectl is not on PATH") as caught:
        hy.hydrate(platform, upstream_cache)
    _one_line(caught.value)


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        (  # what kubectl 1.32 prints for a one-line kustomize error
            'E1202 02:42:05.303652   17816 run.go:72] "command failed" err="invalid Kustomization: '
            'yaml: line 1: did not find \\"expected\\" node content"\n',
            'invalid Kustomization: yaml: line 1: did not find "expected" node content',
        ),
        (  # ...and for one with newlines in it
            "# Warning: 'bases' is deprecated.\n"
            'E1202 02:42:05.157883   17795 run.go:72] "command failed" err=<\n'
            "\ttrouble configuring builtin PatchTransformer with config: `\n\tpath: p.yaml\n\t`: "
            "failed to get the patch file\n >\n",
            "trouble configuring builtin PatchTransformer with config: ` path: p.yaml `: "
            "failed to get the patch file",
        ),
        (
            "# Warning: x\nError: accumulating resources: boom\n",
            "Error: accumulating resources: boom",
        ),
    ],
)
def test_first_error_is_kustomizes_message_on_one_line(stderr, expected):
    assert hy._first_error(stderr) == expected


def test_the_cmek_overlay_fills_only_claims_that_name_no_class():
    def claim(name, **spec):
        return {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": name},
            "spec": spec,
        }

    pod_spec = {
        "volumes": [{"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}}]
    }
    objects = [
        claim("none"),
        claim("explicit", storageClassName="premium-rwo"),
        claim("static", storageClassName=""),
        {
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "metadata": {"name": "db"},
            "spec": {
                "volumeClaimTemplates": [{"metadata": {"name": "data"}}],
                "template": {"spec": pod_spec},
            },
        },
    ]
    hy.cmek_storage_class("tools--x", objects)
    classes = [o["spec"].get("storageClassName") for o in objects[:3]]
    assert classes == [hy.CMEK_STORAGE_CLASS, "premium-rwo", ""], classes
    statefulset = objects[3]["spec"]
    assert (
        statefulset["volumeClaimTemplates"][0]["spec"]["storageClassName"] == hy.CMEK_STORAGE_CLASS
    )
    ephemeral = statefulset["template"]["spec"]["volumes"][0]["ephemeral"]["volumeClaimTemplate"]
    assert ephemeral["spec"]["storageClassName"] == hy.CMEK_STORAGE_CLASS
