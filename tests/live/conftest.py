"""Stand-ins for the GKE and Kubernetes APIs on 127.0.0.1, answering the paths the real
clients call with bodies built from the clients' own models; and the example plan."""

from __future__ import annotations

import base64
import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from google.auth.credentials import AnonymousCredentials
from google.cloud import container_v1
from kubernetes.client import ApiClient

from sluicegate import plan, spec
from sluicegate.live import gke, normalise
from sluicegate.policy import artifacts
from tests.conftest import REPO

CA = b"-----BEGIN CERTIFICATE-----\nc2x1aWNlZ2F0ZSB0ZXN0IENB\n-----END CERTIFICATE-----\n"
OTHER_CA = b"-----BEGIN CERTIFICATE-----\nYW5vdGhlciBjbHVzdGVy\n-----END CERTIFICATE-----\n"
# Kubernetes client model per kind (kubernetes 30.1), for the typed list endpoints.
MODELS = {
    "Namespace": ("/api/v1/namespaces", "V1Namespace"),
    "ServiceAccount": ("/api/v1/serviceaccounts", "V1ServiceAccount"),
    "ResourceQuota": ("/api/v1/resourcequotas", "V1ResourceQuota"),
    "NetworkPolicy": ("/apis/networking.k8s.io/v1/networkpolicies", "V1NetworkPolicy"),
    "ValidatingWebhookConfiguration": (
        "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", "V1ValidatingWebhookConfiguration"),
    "MutatingWebhookConfiguration": (
        "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", "V1MutatingWebhookConfiguration"),
}
CUSTOM = {"Profile": "/apis/kubeflow.org/v1/profiles", "Application": "/apis/argoproj.io/v1alpha1/applications"}

_INVERSE = {
    normalise._int: str,
    normalise._tristate: lambda v: v == "TRUE",
    normalise._accelerators: lambda v: [
        {"acceleratorType": a["type"], "acceleratorCount": str(a["count"]),
         **{k: a[k] for k in ("gpuSharingConfig", "gpuDriverInstallationConfig") if k in a}}
        for a in v
    ],
    normalise._networking_mode: lambda v: v == "VPC_NATIVE",
}


@pytest.fixture(scope="session")
def planned(tmp_path_factory) -> Path:
    """The example platform, planned once for the session."""
    out = tmp_path_factory.mktemp("live-example") / "out"
    plan.run(spec.load(REPO), out)
    return out


@pytest.fixture(scope="session")
def planned_doc(planned: Path) -> dict:
    return artifacts.load(planned).doc


def _api_json(inputs: dict, fields) -> dict:
    """The API's JSON a GKE resource created from these Pulumi inputs would report."""
    out: dict = {}
    for pulumi_path, api_path, convert in fields:
        value = normalise.get(inputs, pulumi_path)
        if value is normalise._ABSENT:
            continue
        node = out
        for key in api_path[:-1]:
            node = node.setdefault(key, {})
        node[api_path[-1]] = _INVERSE.get(convert, lambda v: v)(value)
    return out


def planned_cluster(doc: dict, endpoint: str) -> container_v1.Cluster:
    """The cluster the plan describes, RUNNING, as a container_v1.Cluster model (parsed
    strictly: a field name the API does not have fails here)."""
    resources = doc["pulumi"]["resources"]
    inputs = next(r["inputs"] for r in resources if r["type"] == normalise.CLUSTER)
    body = _api_json(inputs, normalise.CLUSTER_FIELDS)
    body.update(name=inputs["name"], status="RUNNING", endpoint=endpoint,
                masterAuth={"clusterCaCertificate": base64.b64encode(CA).decode()})
    body["nodePools"] = [
        {**_api_json(r["inputs"], normalise.POOL_FIELDS), "name": r["inputs"]["name"], "status": "RUNNING"}
        for r in resources if r["type"] == normalise.NODE_POOL
    ]
    return container_v1.Cluster.from_json(json.dumps(body))


def planned_objects(doc: dict) -> list[dict]:
    """Every planned object of a kind read live, as the API server would hold it once
    Argo CD synced it; Applications Synced and Healthy."""
    found = []
    for m in doc["manifests"]:
        obj = copy.deepcopy(m["object"])
        if not normalise.is_live_kind(obj):
            continue
        if obj["kind"] == "Application":
            obj["status"] = {"sync": {"status": "Synced"}, "health": {"status": "Healthy"}}
        found.append(obj)
    return found


class _Server:
    def __init__(self, handler) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _JsonHandler(BaseHTTPRequestHandler):
    """What both stand-ins answer with: a JSON body and its status, and no access log."""

    def _send(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class FakeGke:
    """GET /v1/projects/*/locations/*/clusters/* (ClusterManagerClient.get_cluster over
    REST) answering ``cluster`` (a container_v1.Cluster), or ``error`` (status, message)."""

    def __init__(self) -> None:
        self.cluster: container_v1.Cluster | None = None
        self.error: tuple[int, str] | None = None
        self.statuses: list[str] = []  # cluster statuses to answer in turn before RUNNING
        self.requests: list[str] = []
        fake = self

        class Handler(_JsonHandler):
            def do_GET(self) -> None:  # noqa: N802
                fake.requests.append(self.path)
                path = self.path.split("?")[0]
                if fake.error:
                    code, message = fake.error
                    self._send(code, {"error": {"code": code, "message": message, "status": "ERROR"}})
                elif fake.cluster is not None and path == f"/v1/{fake.path}":
                    cluster = container_v1.Cluster(fake.cluster)
                    if fake.statuses:
                        cluster.status = fake.statuses.pop(0) if len(fake.statuses) > 1 else fake.statuses[0]
                    self._send(200, json.loads(container_v1.Cluster.to_json(
                        cluster, use_integers_for_enums=False, always_print_fields_with_no_presence=False)))
                else:
                    self._send(404, {"error": {"code": 404, "message": f"{path} not found", "status": "NOT_FOUND"}})

        self.server = _Server(Handler)
        self.path = ""

    def client(self):
        return gke.client(self.server.url, credentials=AnonymousCredentials())


class FakeKube:
    """The Kubernetes list endpoints ``kube.read_objects`` calls, answering ``objects``;
    typed kinds pass through the kubernetes client's models; ``error`` answers every
    request with that status."""

    def __init__(self) -> None:
        self.objects: list[dict] = []
        self.error: int | None = None
        api = ApiClient()
        fake = self

        class Handler(_JsonHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                if fake.error:
                    return self._send(fake.error, {"kind": "Status", "apiVersion": "v1", "code": fake.error})
                for kind, (where, model) in MODELS.items():
                    if path == where:
                        items = [api.sanitize_for_serialization(api._ApiClient__deserialize(o, model))
                                 for o in fake.objects if o["kind"] == kind]
                        return self._send(200, {"kind": f"{kind}List", "metadata": {}, "items": items})
                for kind, where in CUSTOM.items():
                    if path == where:
                        return self._send(200, {"kind": f"{kind}List", "metadata": {},
                                                "items": [o for o in fake.objects if o["kind"] == kind]})
                prefix = "/apis/constraints.gatekeeper.sh/v1beta1/"
                if path.startswith(prefix):
                    plural = path[len(prefix):]
                    items = [o for o in fake.objects if o["kind"].lower() == plural
                             and o["apiVersion"].startswith("constraints.gatekeeper.sh/")]
                    return self._send(200, {"kind": "List", "metadata": {}, "items": items})
                self._send(404, {"kind": "Status", "apiVersion": "v1", "code": 404})

        self.server = _Server(Handler)

    def kubeconfig(self, path: Path, ca: bytes = CA, server: str | None = None) -> Path:
        path.write_text(yaml.safe_dump({
            "apiVersion": "v1", "kind": "Config", "current-context": "test",
            "clusters": [{"name": "test", "cluster": {
                "server": server or self.server.url,
                "certificate-authority-data": base64.b64encode(ca).decode()}}],
            "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
            "users": [{"name": "test", "user": {"token": "test-token"}}],
        }))
        return path


@pytest.fixture
def live(planned_doc: dict, planned: Path, tmp_path: Path, monkeypatch) -> Iterator[tuple[FakeGke, FakeKube, Path]]:
    """Both stand-ins serving the planned example, and a kubeconfig for the Kubernetes one.
    Application Default Credentials are anonymous ones: there is no Google account here."""
    import google.auth

    from sluicegate.live.verify import cluster_id

    monkeypatch.setattr(google.auth, "default", lambda *a, **k: (AnonymousCredentials(), "test-project"))

    kube, fake_gke = FakeKube(), FakeGke()
    kube.objects = planned_objects(planned_doc)
    fake_gke.path = cluster_id(json.loads((planned / "spec.json").read_text())).path
    fake_gke.cluster = planned_cluster(planned_doc, kube.server.url.removeprefix("http://"))
    try:
        yield fake_gke, kube, kube.kubeconfig(tmp_path / "kubeconfig")
    finally:
        kube.server.close()
        fake_gke.server.close()
