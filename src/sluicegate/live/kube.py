"""The objects Argo CD synced, read through the Kubernetes Python client.

``connect`` builds the client: from the cluster's endpoint and CA (as GKE reports
them) and a Google access token (Application Default Credentials), or from a
kubeconfig, which must be for this cluster (same server, same CA). ``read_objects``
lists each kind of ``normalise.LIVE_KINDS`` and the plan's Gatekeeper constraints;
``applications`` and ``wait_applications`` read Argo CD's verdict on each Application:
``status.sync.status`` (Synced, OutOfSync, Unknown) and ``status.health.status``
(Healthy, Progressing, Degraded, Suspended, Missing, Unknown), per argoproj/argo-cd
pkg/apis/application/v1alpha1/types.go (SyncStatusCode, HealthStatus).
"""

from __future__ import annotations

import base64
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sluicegate.live import KubeconfigMismatch, LiveError
from sluicegate.live.normalise import CONSTRAINTS_GROUP

# Core kinds: (kind, apiVersion, API class, list method); list items carry neither
# kind nor apiVersion, so they are put back.
_TYPED = (
    ("Namespace", "v1", "CoreV1Api", "list_namespace"),
    ("ServiceAccount", "v1", "CoreV1Api", "list_service_account_for_all_namespaces"),
    ("ResourceQuota", "v1", "CoreV1Api", "list_resource_quota_for_all_namespaces"),
    ("NetworkPolicy", "networking.k8s.io/v1", "NetworkingV1Api", "list_network_policy_for_all_namespaces"),
    ("ValidatingWebhookConfiguration", "admissionregistration.k8s.io/v1", "AdmissionregistrationV1Api",
     "list_validating_webhook_configuration"),
    ("MutatingWebhookConfiguration", "admissionregistration.k8s.io/v1", "AdmissionregistrationV1Api",
     "list_mutating_webhook_configuration"),
)
# Custom resources: (kind, group, version, plural). Profiles are Kubeflow's
# (kubeflow.org/v1, cluster-scoped), Applications Argo CD's (argoproj.io/v1alpha1).
_CUSTOM = (
    ("Profile", "kubeflow.org", "v1", "profiles"),
    ("Application", "argoproj.io", "v1alpha1", "applications"),
)
SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]


@dataclass
class Kube:
    """A connected client and where it points (for messages)."""

    api: object
    server: str
    _ca_dir: object = None  # keeps the CA file of an ADC connection alive


def endpoints(cluster: dict) -> set[str]:
    """Every host:port the cluster's API server answers on, as GKE reports them."""
    found = {cluster.get("endpoint", "")}
    found.add((cluster.get("privateClusterConfig") or {}).get("privateEndpoint", ""))
    found.add((cluster.get("privateClusterConfig") or {}).get("publicEndpoint", ""))
    dns = ((cluster.get("controlPlaneEndpointsConfig") or {}).get("dnsEndpointConfig") or {})
    found.add(dns.get("endpoint", ""))
    return {_hostport(e) for e in found if e}


def _hostport(server: str) -> str:
    parts = urlsplit(server if "//" in server else f"//{server}")
    return f"{parts.hostname}:{parts.port or 443}"


def _ca(cluster: dict) -> bytes:
    return base64.b64decode((cluster.get("masterAuth") or {}).get("clusterCaCertificate", ""))


def check_kubeconfig(path: Path, cluster: dict, name: str) -> None:
    """KubeconfigMismatch unless ``path``'s current context points at ``cluster``: its
    server is one of the cluster's endpoints and its CA is the cluster's."""
    try:
        config = yaml.safe_load(Path(path).read_text()) or {}
        current = config.get("current-context")
        context = next(c["context"] for c in config.get("contexts", []) if c["name"] == current)
        entry = next(c["cluster"] for c in config.get("clusters", []) if c["name"] == context["cluster"])
    except (OSError, yaml.YAMLError, StopIteration, KeyError, TypeError) as err:
        raise KubeconfigMismatch(f"{path}: not a kubeconfig with a current context ({type(err).__name__})") from None
    server = entry.get("server", "")
    if _hostport(server) not in endpoints(cluster):
        raise KubeconfigMismatch(
            f"{path}: server {server} is not an endpoint of GKE cluster {name} "
            f"({', '.join(sorted(endpoints(cluster)))}); is this another cluster's kubeconfig?"
        )
    if "certificate-authority-data" in entry:
        ca = base64.b64decode(entry["certificate-authority-data"])
    else:
        ca = Path(entry.get("certificate-authority", "")).read_bytes() if entry.get("certificate-authority") else b""
    if ca.strip() != _ca(cluster).strip():
        raise KubeconfigMismatch(f"{path}: its CA is not GKE cluster {name}'s; is this another cluster's kubeconfig?")


def connect(cluster: dict, name: str, *, kubeconfig: Path | None = None, token: str | None = None) -> Kube:
    """A client for ``cluster``: through ``kubeconfig`` (checked to be this cluster's),
    or at its endpoint with its CA and ``token`` (default: an access token from
    Application Default Credentials)."""
    from kubernetes import client, config

    if kubeconfig is not None:
        check_kubeconfig(kubeconfig, cluster, name)
        api = config.new_client_from_config(config_file=str(kubeconfig))
        api.configuration.retries = False  # one line now, not after urllib3's retries
        return Kube(api, api.configuration.host)
    dns = ((cluster.get("controlPlaneEndpointsConfig") or {}).get("dnsEndpointConfig") or {})
    host = dns.get("endpoint") if dns.get("allowExternalTraffic") else cluster.get("endpoint")
    if not host:
        raise LiveError(f"GKE cluster {name}: reports no endpoint yet")
    configuration = client.Configuration()
    configuration.host = f"https://{host}"
    configuration.retries = False
    folder = tempfile.TemporaryDirectory(prefix="sluicegate-ca-")
    ca_file = Path(folder.name) / "ca.crt"
    ca_file.write_bytes(_ca(cluster))
    configuration.ssl_ca_cert = str(ca_file)
    configuration.api_key = {"authorization": token or _adc_token()}
    configuration.api_key_prefix = {"authorization": "Bearer"}
    return Kube(client.ApiClient(configuration), configuration.host, folder)


def _adc_token() -> str:
    import google.auth
    import google.auth.exceptions
    from google.auth.transport.requests import Request

    try:
        credentials, _ = google.auth.default(scopes=SCOPES)
        credentials.refresh(Request())
    except google.auth.exceptions.GoogleAuthError as err:
        raise LiveError(f"Application Default Credentials: {str(err).splitlines()[0]}") from None
    return credentials.token


def _call(kube: Kube, what: str, fn: Callable, *args, timeout: float):
    from kubernetes.client.exceptions import ApiException
    from urllib3.exceptions import HTTPError

    try:
        return fn(*args, _request_timeout=timeout)
    except ApiException as err:
        reason = {401: "unauthorized", 403: "forbidden", 404: "not found"}.get(err.status, err.reason)
        hint = "; is the CRD installed?" if err.status == 404 else ""
        raise LiveError(f"Kubernetes API {kube.server}: {what}: {err.status} {reason}{hint}") from None
    except (HTTPError, OSError) as err:
        raise LiveError(f"Kubernetes API {kube.server}: {what}: cannot be reached ({type(err).__name__})") from None


def _custom(kube: Kube, group: str, version: str, plural: str, timeout: float) -> list[dict]:
    from kubernetes import client

    api = client.CustomObjectsApi(kube.api)
    found = _call(kube, f"list {plural}.{group}", api.list_cluster_custom_object, group, version, plural, timeout=timeout)
    return list(found.get("items", []))


def read_objects(kube: Kube, constraint_kinds: list[str], *, timeout: float = 30.0) -> list[dict]:
    """Every object of the kinds read live, as the API's JSON, each with its kind and
    apiVersion; ``constraint_kinds`` are the plan's Gatekeeper constraint kinds."""
    from kubernetes import client

    objects = []
    for kind, api_version, api_class, method in _TYPED:
        api = getattr(client, api_class)(kube.api)
        listed = _call(kube, f"list {kind}", getattr(api, method), timeout=timeout)
        for item in listed.items:
            objects.append({"apiVersion": api_version, "kind": kind, **kube.api.sanitize_for_serialization(item)})
    for kind, group, version, plural in _CUSTOM:
        objects += [{"apiVersion": f"{group}/{version}", "kind": kind, **o}
                    for o in _custom(kube, group, version, plural, timeout)]
    for kind in constraint_kinds:
        # A constraint CRD's plural is its kind lower-cased (Gatekeeper's template controller).
        objects += [{"apiVersion": f"{CONSTRAINTS_GROUP}/v1beta1", "kind": kind, **o}
                    for o in _custom(kube, CONSTRAINTS_GROUP, "v1beta1", kind.lower(), timeout)]
    return objects


def application_state(app: dict) -> tuple[str, str, str]:
    """(sync status, health status, health message) of an Application."""
    status = app.get("status") or {}
    health = status.get("health") or {}
    return (status.get("sync") or {}).get("status", "Unknown"), health.get("status", "Unknown"), health.get("message", "")


def applications(kube: Kube, *, timeout: float = 30.0) -> dict[str, dict]:
    """The Applications by name."""
    return {a["metadata"]["name"]: a for a in _custom(kube, "argoproj.io", "v1alpha1", "applications", timeout)}


def wait_applications(
    read: Callable[[], dict[str, dict]],
    names: list[str],
    *,
    timeout: float,
    poll: float,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Poll until every Application of ``names`` is Synced and Healthy; LiveError at
    once for one that is Degraded, or past ``timeout`` naming those that are not."""
    start = time.monotonic()
    while True:
        apps = read()
        waiting, degraded = [], []
        for name in names:
            if name not in apps:
                waiting.append(f"{name}: not created yet")
                continue
            sync, health, message = application_state(apps[name])
            if health == "Degraded":
                degraded.append(f"{name}: Degraded" + (f" ({message})" if message else ""))
            elif (sync, health) != ("Synced", "Healthy"):
                waiting.append(f"{name}: {sync}/{health}")
        if degraded:
            raise LiveError(f"Argo CD Application not healthy: {', '.join(degraded)}")
        elapsed = time.monotonic() - start
        if not waiting:
            progress(f"{len(names)} Argo CD Applications Synced and Healthy")
            return
        if elapsed >= timeout:
            raise LiveError(f"Argo CD Applications not Synced and Healthy after {timeout:g} s: {', '.join(waiting)}")
        progress(f"waiting {elapsed:.0f}/{timeout:g} s: {len(waiting)} Applications: {waiting[0]}")
        time.sleep(poll)
