"""Every image of the hydrated example from the region's mirrors: reference parsing,
each config-embedded image rule, the zero-public-references scan, the images list,
unmapped registries, and Gatekeeper admitting what Kubeflow launches."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml
from regopy import Interpreter

from sluicegate import catalogue
from sluicegate.gitops import images, tree
from sluicegate.gitops.images import (
    Finding,
    ImageError,
    Reference,
    image_overlay,
    images_list,
    mirror,
    parse,
)
from sluicegate.names import Names

from .conftest import REPO, one

NAMES = Names("sg", "acme-ml-platform", "australia-southeast1")
REGION = "australia-southeast1-docker.pkg.dev/acme-ml-platform/"
GHCR = REGION + "sg-mirror-ghcr"
GCR = REGION + "sg-mirror-gcr"
QUAY = REGION + "sg-mirror-quay"
HUB = REGION + "sg-mirror-dockerhub"
GATEKEEPER = "policy--gatekeeper"
DIGEST = "sha256:" + "ab" * 32


# --- the example's upstream components, as the kit hydrates them


@pytest.fixture(scope="session")
def upstream_tree(hydrated) -> dict[str, list[dict]]:
    """Application name -> its objects as hydrated from upstream, before the image
    overlay (the session's ``hydrated`` applies only the CMEK StorageClass)."""
    return dict(hydrated)


@pytest.fixture(scope="session")
def mirrored(upstream_tree) -> dict[str, list[dict]]:
    overlay = image_overlay(NAMES)
    return {component: overlay(component, objects) for component, objects in upstream_tree.items()}


@pytest.fixture(scope="session")
def listed(upstream_tree) -> list[dict]:
    return images_list(NAMES, upstream_tree)


def _obj(tree, component: str, kind: str, name: str) -> dict:
    hits = [
        o
        for o in tree[component]
        if o["kind"] == kind
        and re.fullmatch(rf"{re.escape(name)}(-[bcdfghkmt2456789]{{10}})?", o["metadata"]["name"])
    ]
    assert len(hits) == 1, f"{component}: {len(hits)} {kind} named {name}"
    return hits[0]


def _container(obj: dict, name: str) -> dict:
    return next(c for c in obj["spec"]["template"]["spec"]["containers"] if c["name"] == name)


def _env(obj: dict, container: str, var: str) -> str:
    (value,) = [e["value"] for e in _container(obj, container).get("env", []) if e["name"] == var]
    return value


# --- reference parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mysql:8.3", Reference("docker.io", "library/mysql", "8.3")),
        ("busybox", Reference("docker.io", "library/busybox")),
        ("docker.io/busybox:1.28", Reference("docker.io", "library/busybox", "1.28")),
        ("index.docker.io/library/busybox", Reference("docker.io", "library/busybox")),
        ("registry-1.docker.io/alpine/k8s:1.32.3", Reference("docker.io", "alpine/k8s", "1.32.3")),
        ("chrislusf/seaweedfs:4.00", Reference("docker.io", "chrislusf/seaweedfs", "4.00")),
        (
            "gcr.io/istio-release/proxyv2:1.28.0",
            Reference("gcr.io", "istio-release/proxyv2", "1.28.0"),
        ),
        ("gcr.io/istio-release", Reference("gcr.io", "istio-release")),
        ("localhost/app:1", Reference("localhost", "app", "1")),
        ("localhost:5000/team/app", Reference("localhost:5000", "team/app")),
        ("Registry/app", Reference("Registry", "app")),
        (f"quay.io/a/b:v1@{DIGEST}", Reference("quay.io", "a/b", "v1", DIGEST)),
        (f"busybox@{DIGEST}", Reference("docker.io", "library/busybox", None, DIGEST)),
        ("ghcr.io/kubeflow/kfp-frontend", Reference("ghcr.io", "kubeflow/kfp-frontend")),
        (
            "gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0",
            Reference("gcr.io", "tfx-oss-public/ml_metadata_store_server", "1.14.0"),
        ),
    ],
)
def test_references_parse_as_the_kubelet_reads_them(text, expected):
    assert parse(text) == expected, text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "bad repository name"),
        ("Mysql:8.3", "bad repository name"),
        ("ghcr.io/Kubeflow/x:1", "bad repository name"),
        ("ghcr.io/x:", "bad tag"),
        ("ghcr.io/x:-1", "bad tag"),
        ("x@sha256:abc", "bad digest"),
        ("a:b:c", "bad repository name"),
        ("{{ .ProxyImage }}", "bad repository name"),
    ],
)
def test_what_is_not_a_reference_is_a_one_line_image_error(text, reason):
    with pytest.raises(ImageError) as err:
        parse(text)
    assert reason in str(err.value) and "\n" not in str(err.value), str(err.value)
    assert err.value.exit_code == 2


def test_references_print_fully_qualified():
    assert str(parse("mysql:8.4")) == "docker.io/library/mysql:8.4"
    assert str(parse(f"quay.io/a/b:v1@{DIGEST}")) == f"quay.io/a/b:v1@{DIGEST}"


# --- in-region names


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("mysql:8.4", f"{HUB}/library/mysql:8.4"),
        ("tensorflow/tensorflow:2.5.1", f"{HUB}/tensorflow/tensorflow:2.5.1"),
        ("ghcr.io/kubeflow/kfp-driver:2.16.0", f"{GHCR}/kubeflow/kfp-driver:2.16.0"),
        ("gcr.io/istio-release", f"{GCR}/istio-release"),
        (f"quay.io/argoproj/argoexec:v3.7.3@{DIGEST}", f"{QUAY}/argoproj/argoexec:v3.7.3@{DIGEST}"),
    ],
)
def test_mirror_keeps_path_tag_and_digest_under_the_registry_mirror(image, expected):
    assert mirror(NAMES, image) == expected
    key = expected.removeprefix(REGION).split("/")[0].removeprefix("sg-mirror-")
    assert expected.startswith(NAMES.registry_mirror_url(key) + "/"), expected


def test_an_unmapped_registry_is_a_one_line_error_naming_it():
    with pytest.raises(ImageError) as err:
        mirror(NAMES, "nvcr.io/nvidia/tritonserver:23.05-py3")
    assert str(err.value) == (
        "image 'nvcr.io/nvidia/tritonserver:23.05-py3' is from nvcr.io, which no mirror serves "
        "(catalogue/registries.yaml mirrors docker.io, gcr.io, ghcr.io, quay.io)"
    )


def test_argocd_chart_values_name_images_the_same_way():
    from sluicegate.platform.argocd import chart_values

    values = chart_values(NAMES, ha=True)
    assert values["global"]["image"]["repository"] == f"{QUAY}/argoproj/argocd"
    assert values["dex"]["image"]["repository"] == f"{GHCR}/dexidp/dex"
    assert values["redis"]["image"]["repository"] == f"{HUB}/library/redis"
    assert values["redis-ha"]["haproxy"]["image"]["repository"] == f"{HUB}/library/haproxy"


# --- pod specs, by the shape of the API (kinds the example does not have)


def _deployment(image: str, name: str = "web") -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": "onco"},
        "spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}},
    }


def test_every_pod_spec_shape_is_rewritten():
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
            "initContainers": [{"name": "init", "image": "busybox:1.36"}],
            "containers": [{"name": "main", "image": "ghcr.io/a/b:1"}],
            "ephemeralContainers": [{"name": "debug", "image": "quay.io/c/d:2"}],
        },
    }
    cron = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "c"},
        "spec": {
            "jobTemplate": {
                "spec": {
                    "template": {"spec": {"containers": [{"name": "m", "image": "mysql:8.4"}]}}
                }
            }
        },
    }
    pytorch = {
        "apiVersion": "kubeflow.org/v1",
        "kind": "PyTorchJob",
        "metadata": {"name": "t"},
        "spec": {
            "pytorchReplicaSpecs": {
                "Master": {
                    "template": {
                        "spec": {
                            "containers": [{"name": "pytorch", "image": "pytorch/pytorch:2.1"}]
                        }
                    }
                }
            }
        },
    }
    workflow = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"name": "w"},
        "spec": {
            "templates": [
                {
                    "name": "a",
                    "container": {"image": "alpine:3.20"},
                    "sidecars": [{"name": "s", "image": "nginx:1"}],
                },
                {"name": "b", "script": {"image": "python:3.12", "source": "print(1)"}},
            ]
        },
    }
    out = image_overlay(NAMES)("tools--x", [pod, cron, pytorch, workflow])
    spec = out[0]["spec"]
    assert spec["initContainers"][0]["image"] == f"{HUB}/library/busybox:1.36"
    assert spec["containers"][0]["image"] == f"{GHCR}/a/b:1"
    assert spec["ephemeralContainers"][0]["image"] == f"{QUAY}/c/d:2"
    assert (
        out[1]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"]
        == f"{HUB}/library/mysql:8.4"
    )
    assert (
        out[2]["spec"]["pytorchReplicaSpecs"]["Master"]["template"]["spec"]["containers"][0][
            "image"
        ]
        == f"{HUB}/pytorch/pytorch:2.1"
    )
    templates = out[3]["spec"]["templates"]
    assert templates[0]["container"]["image"] == f"{HUB}/library/alpine:3.20"
    assert templates[0]["sidecars"][0]["image"] == f"{HUB}/library/nginx:1"
    assert templates[1]["script"]["image"] == f"{HUB}/library/python:3.12"
    assert (
        pod["spec"]["containers"][0]["image"] == "ghcr.io/a/b:1"
    ), "the overlay must not edit its input"


def test_an_unmapped_image_names_component_object_and_field_in_one_line():
    with pytest.raises(ImageError) as err:
        image_overlay(NAMES)(
            "tools--kserve", [_deployment("nvcr.io/nvidia/tritonserver:23.05-py3", "triton")]
        )
    assert str(err.value) == (
        "tools--kserve: Deployment/onco/triton: spec.template.spec.containers[0].image: "
        "image 'nvcr.io/nvidia/tritonserver:23.05-py3' is from nvcr.io, which no mirror serves "
        "(catalogue/registries.yaml mirrors docker.io, gcr.io, ghcr.io, quay.io)"
    )
    assert err.value.exit_code == 2


def test_a_public_reference_no_rule_rewrites_fails_the_overlay():
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "runtimes", "namespace": "kubeflow"},
        "data": {"runtimes.json": '{"triton": {"image": "ghcr.io/triton/server:1"}}'},
    }
    with pytest.raises(ImageError) as err:
        image_overlay(NAMES)("tools--x", [config])
    assert str(err.value) == (
        "tools--x: ConfigMap/kubeflow/runtimes: data.runtimes.json: "
        "'ghcr.io/triton/server:1' still names a public registry and no image rule rewrites it"
    )


def test_a_rule_that_finds_nothing_is_an_error_not_a_skip(upstream_tree):
    katib = [dict(o) for o in upstream_tree["tools--katib"]]
    for i, o in enumerate(katib):
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "katib-config":
            katib[i] = {**o, "data": {}}
    with pytest.raises(
        ImageError,
        match=r"^tools--katib: ConfigMap/kubeflow/katib-config: data.katib-config.yaml: .*upstream changed",
    ):
        image_overlay(NAMES)("tools--katib", katib)


def test_config_maps_match_with_a_generator_hash_and_workloads_only_by_name():
    rule = next(r for r in images.RULES if r.name == "jupyter-web-app-config")
    assert rule.matches(
        {"kind": "ConfigMap", "metadata": {"name": "jupyter-web-app-config-9c2fbg2gdc"}}
    )
    assert not rule.matches(
        {"kind": "ConfigMap", "metadata": {"name": "jupyter-web-app-config-extra"}}
    )
    cert = next(r for r in images.RULES if r.name == "cert-manager")
    assert not cert.matches({"kind": "Deployment", "metadata": {"name": "cert-manager-cainjector"}})


# --- the config-embedded images of the hydrated example, one value each


def test_kfp_driver_launcher_and_argoexec(mirrored):
    api = _obj(mirrored, "tools--pipelines", "Deployment", "ml-pipeline")
    assert (
        _env(api, "ml-pipeline-api-server", "V2_DRIVER_IMAGE")
        == f"{GHCR}/kubeflow/kfp-driver:2.16.0"
    )
    assert (
        _env(api, "ml-pipeline-api-server", "V2_LAUNCHER_IMAGE")
        == f"{GHCR}/kubeflow/kfp-launcher:2.16.0"
    )
    args = _container(
        _obj(mirrored, "tools--pipelines", "Deployment", "workflow-controller"),
        "workflow-controller",
    )["args"]
    assert args[args.index("--executor-image") + 1] == f"{QUAY}/argoproj/argoexec:v3.7.3"


def test_kfp_cache_image_ui_artifact_and_tensorboard_viewer(mirrored):
    install = _obj(mirrored, "tools--pipelines", "ConfigMap", "pipeline-install-config")
    assert install["data"]["cacheImage"] == f"{GHCR}/containerd/busybox"
    profiles = _obj(
        mirrored, "tools--pipelines", "Deployment", "kubeflow-pipelines-profile-controller"
    )
    assert _env(profiles, "profile-controller", "FRONTEND_IMAGE") == f"{GHCR}/kubeflow/kfp-frontend"
    code = _obj(
        mirrored, "tools--pipelines", "ConfigMap", "kubeflow-pipelines-profile-controller-code"
    )
    assert (
        f'os.environ.get("FRONTEND_IMAGE", "{GHCR}/kubeflow/kfp-frontend")'
        in code["data"]["sync.py"]
    )
    ui = _obj(mirrored, "tools--pipelines", "Deployment", "ml-pipeline-ui")
    assert (
        _env(ui, "ml-pipeline-ui", "VIEWER_TENSORBOARD_TF_IMAGE_NAME")
        == f"{HUB}/tensorflow/tensorflow"
    )
    assert _container(ui, "ml-pipeline-ui")["image"] == f"{GHCR}/kubeflow/kfp-frontend:2.16.0"
    vis = _obj(mirrored, "tools--pipelines", "Deployment", "ml-pipeline-visualizationserver")
    assert (
        vis["spec"]["template"]["spec"]["containers"][0]["image"]
        == f"{GHCR}/kubeflow/kfp-visualization-server:2.16.0"
    )


def test_katib_suggestions_early_stopping_and_metrics_collectors(mirrored):
    config = yaml.safe_load(
        _obj(mirrored, "tools--katib", "ConfigMap", "katib-config")["data"]["katib-config.yaml"]
    )
    runtime = config["runtime"]
    suggestions = {s["algorithmName"]: s["image"] for s in runtime["suggestions"]}
    assert suggestions["random"] == f"{GHCR}/kubeflow/katib/suggestion-hyperopt:v0.19.0"
    assert suggestions["enas"] == f"{GHCR}/kubeflow/katib/suggestion-enas:v0.19.0"
    assert len(suggestions) == 11
    assert {c["kind"]: c["image"] for c in runtime["metricsCollectors"]} == {
        "StdOut": f"{GHCR}/kubeflow/katib/file-metrics-collector:v0.19.0",
        "File": f"{GHCR}/kubeflow/katib/file-metrics-collector:v0.19.0",
        "TensorFlowEvent": f"{GHCR}/kubeflow/katib/tfevent-metrics-collector:v0.19.0",
    }
    assert (
        runtime["earlyStoppings"][0]["image"]
        == f"{GHCR}/kubeflow/katib/earlystopping-medianstop:v0.19.0"
    )
    trials = _obj(mirrored, "tools--katib", "ConfigMap", "trial-templates")["data"]
    job = yaml.safe_load(trials["defaultTrialTemplate.yaml"])
    assert (
        job["spec"]["template"]["spec"]["containers"][0]["image"]
        == f"{GHCR}/kubeflow/katib/pytorch-mnist-cpu:v0.19.0"
    )


def test_notebook_spawner_images_keep_their_comments(upstream_tree, mirrored):
    text = _obj(mirrored, "tools--jupyter-web-app", "ConfigMap", "jupyter-web-app-config")["data"][
        "spawner_ui_config.yaml"
    ]
    before = _obj(upstream_tree, "tools--jupyter-web-app", "ConfigMap", "jupyter-web-app-config")[
        "data"
    ]["spawner_ui_config.yaml"]
    defaults = yaml.safe_load(text)["spawnerFormDefaults"]
    assert (
        defaults["image"]["value"]
        == f"{GHCR}/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0"
    )
    assert len(defaults["image"]["options"]) == 6
    assert all(
        o.startswith(f"{GHCR}/kubeflow/kubeflow/notebook-servers/")
        for o in defaults["image"]["options"]
    )
    assert (
        defaults["imageGroupOne"]["value"]
        == f"{GHCR}/kubeflow/kubeflow/notebook-servers/codeserver-python:v1.10.0"
    )
    assert defaults["imageGroupTwo"]["options"] == [
        f"{GHCR}/kubeflow/kubeflow/notebook-servers/rstudio-tidyverse:v1.10.0"
    ]
    comments = [line for line in before.split("\n") if line.lstrip().startswith("#")]
    assert comments and comments == [
        line for line in text.split("\n") if line.lstrip().startswith("#")
    ]


def test_tensorboard_and_pvcviewer_file_browser(mirrored):
    tb = _obj(
        mirrored, "tools--tensorboard-controller", "ConfigMap", "tensorboard-controller-config"
    )
    assert tb["data"]["TENSORBOARD_IMAGE"] == f"{HUB}/tensorflow/tensorflow:2.5.1"
    volumes = _obj(mirrored, "tools--volumes-web-app", "Deployment", "volumes-web-app-deployment")
    assert (
        _env(volumes, "volumes-web-app", "VOLUME_VIEWER_IMAGE")
        == f"{HUB}/filebrowser/filebrowser:v2.25.0"
    )


def test_istio_hub_proxy_and_injection_templates(mirrored):
    injector = _obj(mirrored, "deps--istio", "ConfigMap", "istio-sidecar-injector")
    values = json.loads(injector["data"]["values"])["global"]
    assert values["hub"] == f"{GCR}/istio-release"
    # The injector builds hub/image:tag; 26.03's injector patch pins 1.29.0.
    assert (
        f"{values['hub']}/{values['proxy']['image']}:{values['tag']}"
        == f"{GCR}/istio-release/proxyv2:1.29.0"
    )
    assert f"          image: {HUB}/library/busybox:1.28" in injector["data"]["config"].split("\n")
    assert (
        'image: "{{ .ProxyImage }}"' in injector["data"]["config"]
    ), "templated images stay templates"
    merged = _obj(mirrored, "deps--istio", "ConfigMap", "values")["data"]
    assert json.loads(merged["merged-values"])["global"]["hub"] == f"{GCR}/istio-release"
    assert json.loads(merged["original-values"])["global"]["hub"] == f"{GCR}/istio-release"
    gateway = _obj(mirrored, "deps--istio", "Deployment", "istio-ingressgateway")
    assert (
        gateway["spec"]["template"]["spec"]["containers"][0]["image"]
        == f"{GCR}/istio-release/proxyv2:1.28.0"
    )


def test_cert_manager_solver_and_gatekeeper(mirrored):
    cm = _container(
        _obj(mirrored, "deps--cert-manager", "Deployment", "cert-manager"),
        "cert-manager-controller",
    )
    assert (
        f"--acme-http01-solver-image={QUAY}/jetstack/cert-manager-acmesolver:v1.19.4" in cm["args"]
    )
    for name in ("gatekeeper-controller-manager", "gatekeeper-audit"):
        d = _obj(mirrored, GATEKEEPER, "Deployment", name)
        assert (
            d["spec"]["template"]["spec"]["containers"][0]["image"]
            == f"{HUB}/openpolicyagent/gatekeeper:v3.23.0"
        )
    assert not [
        o for o in mirrored[GATEKEEPER] if o["kind"] in ("Job", "CronJob")
    ], "deploy/ ships no hook jobs"


# --- the whole tree


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


PUBLIC = re.compile(
    r"(?<![\w.-])(?:ghcr\.io|quay\.io|gcr\.io|docker\.io|registry\.k8s\.io|nvcr\.io)/"
)


def test_zero_public_registry_references_anywhere_after_the_overlay(upstream_tree, mirrored):
    before = sum(len(images.public_references(NAMES, c, objs)) for c, objs in upstream_tree.items())
    assert before >= 70, f"the scan finds only {before} references in the upstream tree"
    for component, objects in mirrored.items():
        assert images.public_references(NAMES, component, objects) == [], component
        for obj in objects:
            for s in _strings(obj):
                code = [line for line in s.split("\n") if not line.lstrip().startswith("#")]
                hits = [line.strip() for line in code if PUBLIC.search(line)]
                assert (
                    hits == []
                ), f"{component}: {obj['kind']}/{obj['metadata']['name']}: {hits[:3]}"


def test_the_kit_hydrates_with_the_image_overlay_last(platform, upstream_cache, upstream_tree):
    result, listed = tree.hydrated(platform, upstream_cache)
    assert list(result) == list(upstream_tree)
    for name, objects in result.items():
        assert images.public_references(NAMES, name, objects) == [], name
    # The list is taken just before the image overlay: every upstream image, once.
    assert listed == images.images_list(NAMES, upstream_tree)


def test_the_overlay_runs_on_its_own_output_unchanged(mirrored):
    overlay = image_overlay(NAMES)
    for component, objects in mirrored.items():
        assert overlay(component, objects) == objects, component


def _sites(tree) -> list[tuple[str, str, str, str]]:
    """``(component, object, field, value)`` of every image the overlay visits."""
    sites = []
    for component, objects in tree.items():

        def record(label, field, value, form, component=component):
            sites.append((component, label, field, value))
            return value

        images.visit_images(component, copy.deepcopy(objects), record)
    return sites


def test_every_image_of_the_tree_is_in_the_region(upstream_tree, mirrored):
    before, after = _sites(upstream_tree), _sites(mirrored)
    assert [s[:3] for s in after] == [s[:3] for s in before], "the overlay lost or moved an image"
    outside = [s for s in after if not images.in_region(NAMES, s[3])]
    assert outside == []
    assert len(after) == 88


@pytest.mark.parametrize(
    "rule", images.RULES, ids=lambda r: f"{r.component}:{r.kind}/{r.name}:{r.field[:30]}"
)
def test_the_scan_catches_what_a_missing_rule_would_leave(upstream_tree, monkeypatch, rule):
    # Two images live only in the programs' code defaults, which no scan of the tree
    # can see: that is why they are rules.
    code_defaults = {"env FRONTEND_IMAGE", "env VIEWER_TENSORBOARD_TF_IMAGE_NAME"}
    monkeypatch.setattr(images, "RULES", tuple(r for r in images.RULES if r is not rule))
    overlay = image_overlay(NAMES)
    if rule.field in code_defaults:
        overlay(rule.component, upstream_tree[rule.component])
        return
    with pytest.raises(ImageError, match="still names a public registry"):
        overlay(rule.component, upstream_tree[rule.component])


# --- the images list


def test_images_list_is_complete_sorted_and_mirrored(upstream_tree, listed):
    upstreams = [e["upstream"] for e in listed]
    assert upstreams == sorted(upstreams)
    assert len(set((e["upstream"], e["form"]) for e in listed)) == len(listed)
    pod_images = {
        str(parse(c["image"]))
        for objs in upstream_tree.values()
        for o in objs
        if o["kind"] in ("Deployment", "StatefulSet", "DaemonSet")
        for c in o["spec"]["template"]["spec"].get("containers", [])
        + o["spec"]["template"]["spec"].get("initContainers", [])
    }
    pulled = {e["upstream"] for e in listed if e["form"] == "image"}
    assert pod_images <= pulled, sorted(pod_images - pulled)
    launched = {
        "ghcr.io/kubeflow/kfp-driver:2.16.0",
        "ghcr.io/kubeflow/kfp-launcher:2.16.0",
        "quay.io/argoproj/argoexec:v3.7.3",
        "gcr.io/istio-release/proxyv2:1.29.0",
        "ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0",
        "ghcr.io/kubeflow/katib/file-metrics-collector:v0.19.0",
        "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0",
        "docker.io/tensorflow/tensorflow:2.5.1",
        "docker.io/filebrowser/filebrowser:v2.25.0",
        "quay.io/jetstack/cert-manager-acmesolver:v1.19.4",
        "docker.io/library/busybox:1.28",
        "ghcr.io/containerd/busybox",
        "docker.io/openpolicyagent/gatekeeper:v3.23.0",
    }
    assert launched <= pulled, sorted(launched - pulled)
    assert {e["upstream"] for e in listed if e["form"] == "repository"} == {
        "docker.io/tensorflow/tensorflow",
        "gcr.io/istio-release",
        "ghcr.io/kubeflow/kfp-frontend",
    }
    assert len(pulled) == 70
    for e in listed:
        assert e["mirror"] == mirror(NAMES, e["upstream"]), e
        assert e["components"] == sorted(e["components"]) and e["components"], e
    by_name = {e["upstream"]: e for e in listed}
    assert by_name["docker.io/library/mysql:8.4"]["components"] == ["tools--pipelines"]
    assert by_name["docker.io/library/mysql:8.0"]["components"] == ["tools--katib"]


def test_the_mirrors_are_exactly_the_registries_the_tree_uses(listed):
    used = {parse(e["upstream"]).host for e in listed}
    assert used == {r.host for r in catalogue.registries()}
    assert sorted(r.key for r in catalogue.registries()) == ["dockerhub", "gcr", "ghcr", "quay"]


def test_images_json_is_deterministic_and_the_copy_list_feeds_skopeo(listed, tmp_path):
    images.write_images_json(list(reversed(listed)), tmp_path / "a.json")
    images.write_images_json(listed, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert json.loads((tmp_path / "a.json").read_text()) == listed
    lines = images.copy_list(listed).splitlines()
    assert len(lines) == 70
    assert f"ghcr.io/kubeflow/kfp-driver:2.16.0 {GHCR}/kubeflow/kfp-driver:2.16.0" in lines
    assert all(
        len(line.split(" ")) == 2 and line.split(" ")[1].startswith(REGION) for line in lines
    )


def test_an_unmapped_registry_in_config_names_the_key_path(upstream_tree):
    katib = []
    for o in upstream_tree["tools--katib"]:
        if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "katib-config":
            text = o["data"]["katib-config.yaml"].replace(
                "ghcr.io/kubeflow/katib/suggestion-pbt", "nvcr.io/x/pbt"
            )
            o = {**o, "data": {"katib-config.yaml": text}}
        katib.append(o)
    with pytest.raises(ImageError) as err:
        image_overlay(NAMES)("tools--katib", katib)
    assert str(err.value).startswith(
        "tools--katib: ConfigMap/kubeflow/katib-config: data.katib-config.yaml: runtime.suggestions[10].image: "
        "image 'nvcr.io/x/pbt:v0.19.0' is from nvcr.io"
    ), str(err.value)


# --- Gatekeeper admits every image the hydrated Kubeflow launches


def _violations(pod: dict, parameters: dict) -> list:
    rego = Interpreter()
    rego.add_module(
        "allowedrepos",
        (REPO / "policies" / "gatekeeper" / "sluicegateallowedrepos.rego").read_text(),
    )
    rego.set_input({"review": {"object": pod}, "parameters": parameters})
    result = rego.query("x := data.sluicegateallowedrepos.violation")
    return json.loads(result.binding("x").json())


def _pod(image_names: list[str]) -> dict:
    return {
        "kind": "Pod",
        "metadata": {"name": "launched", "namespace": "onco"},
        "spec": {
            "containers": [{"name": f"c{i}", "image": image} for i, image in enumerate(image_names)]
        },
    }


def test_the_allowed_repos_constraint_admits_every_launched_image(objects, listed):
    parameters = one(objects, "SluicegateAllowedRepos", "tenant-images-from-regional-registry").doc[
        "spec"
    ]["parameters"]
    assert parameters == {"repos": [REGION]}
    # Repositories get the tag their launcher adds (the TensorFlow version a user picks).
    launched = [
        e["mirror"]
        if e["form"] == "image"
        else f"{e['mirror']}/proxyv2:1.29.0"
        if e["upstream"] == "gcr.io/istio-release"
        else f"{e['mirror']}:2.16.0"
        for e in listed
    ]
    assert _violations(_pod(launched), parameters) == []
    public = [e["upstream"] for e in listed if e["form"] == "image"]
    denied = _violations(_pod(public), parameters)
    assert sorted(v["details"]["image"] for v in denied) == sorted(public)


def test_findings_carry_their_place():
    found = images.public_references(NAMES, "c", [_deployment("mysql:8.4")])
    assert found == [
        Finding("c", "Deployment/onco/web", "spec.template.spec.containers[0].image", "mysql:8.4")
    ]
