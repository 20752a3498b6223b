"""Pulumi mocks that answer like Google Cloud and Kubernetes would, keyed by type token.

``sluicegate plan`` and the tests run the real program against these: no cloud,
no engine. Outputs are derived from the inputs only (never random), so two runs of
the same spec give the same graph.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from collections.abc import Callable

import pulumi

Outputs = dict
Handler = Callable[[pulumi.runtime.MockResourceArgs], tuple[str, Outputs]]

# A syntactically valid PEM block: the kubeconfig embeds it base64-encoded, as GKE returns it.
_CA = base64.b64encode(
    b"-----BEGIN CERTIFICATE-----\nbW9jayBjbHVzdGVyIENB\n-----END CERTIFICATE-----\n"
).decode()


def _digits(*parts: str, length: int = 21) -> str:
    """A stable numeric ID (like a service account's uniqueId) from the given parts."""
    number = int(hashlib.sha256("/".join(parts).encode()).hexdigest(), 16)
    return str(number)[:length]


def _hex(*parts: str, length: int = 32) -> str:
    """A stable hexadecimal ID (like a cluster's uid) from the given parts."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def _service_account(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    email = f"{i['accountId']}@{i['project']}.iam.gserviceaccount.com"
    name = f"projects/{i['project']}/serviceAccounts/{email}"
    return name, {
        **i,
        "email": email,
        "name": name,
        "member": f"serviceAccount:{email}",
        "uniqueId": _digits(name),
    }


def _cluster(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    cid = f"projects/{i['project']}/locations/{i['location']}/clusters/{i['name']}"
    private = dict(i.get("privateClusterConfig") or {})
    # GKE gives the control plane the second address of its /28.
    endpoint = str(ipaddress.ip_network(private["masterIpv4CidrBlock"])[2])
    private["privateEndpoint"] = endpoint
    # GKE names the DNS endpoint gke-<cluster uid>-<project number>.<region>.gke.goog.
    endpoints = dict(i.get("controlPlaneEndpointsConfig") or {})
    endpoints["dnsEndpointConfig"] = {
        **(endpoints.get("dnsEndpointConfig") or {}),
        "endpoint": f"gke-{_hex(cid)}-{_digits(i['project'], length=12)}.{i['location']}.gke.goog",
    }
    return cid, {
        **i,
        "id": cid,
        "endpoint": endpoint,
        "privateClusterConfig": private,
        "controlPlaneEndpointsConfig": endpoints,
        "masterAuth": {**(i.get("masterAuth") or {}), "clusterCaCertificate": _CA},
        "selfLink": f"https://container.googleapis.com/v1/{cid}",
        "labelFingerprint": _digits(cid, length=8),
    }


def _node_pool(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    pid = f"{i['cluster']}/nodePools/{i['name']}"
    return pid, {**i, "id": pid, "operation": ""}


def _bucket(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    return i["name"], {
        **i,
        "url": f"gs://{i['name']}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{i['name']}",
    }


def _repository(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    rid = f"projects/{i['project']}/locations/{i['location']}/repositories/{i['repositoryId']}"
    return rid, {**i, "id": rid, "name": i["repositoryId"]}


def _iam(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    etag = base64.b64encode(hashlib.sha256(args.name.encode()).digest()[:8]).decode()
    return args.name, {**args.inputs, "etag": etag}


def _kubernetes_object(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    meta = dict(i.get("metadata") or {})
    name = meta.get("name", args.name)
    ident = f"{meta['namespace']}/{name}" if meta.get("namespace") else name
    meta.setdefault("name", name)
    meta["uid"] = _digits(args.typ, ident, length=12)
    return ident, {**i, "metadata": meta}


def _release(args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
    i = args.inputs
    ident = f"{i['namespace']}/{i['name']}"
    return ident, {
        **i,
        "status": {
            "name": i["name"],
            "namespace": i["namespace"],
            "chart": i["chart"],
            "version": i["version"],
            "revision": 1,
            "status": "deployed",
        },
    }


HANDLERS: dict[str, Handler] = {
    "gcp:serviceaccount/account:Account": _service_account,
    "gcp:container/cluster:Cluster": _cluster,
    "gcp:container/nodePool:NodePool": _node_pool,
    "gcp:storage/bucket:Bucket": _bucket,
    "gcp:artifactregistry/repository:Repository": _repository,
    "gcp:projects/iAMMember:IAMMember": _iam,
    "gcp:serviceaccount/iAMPolicy:IAMPolicy": _iam,
    "gcp:storage/bucketIAMPolicy:BucketIAMPolicy": _iam,
    "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember": _iam,
    "kubernetes:core/v1:Namespace": _kubernetes_object,
    "kubernetes:argoproj.io/v1alpha1:Application": _kubernetes_object,
    "kubernetes:helm.sh/v3:Release": _release,
    "kubernetes:storage.k8s.io/v1:StorageClass": _kubernetes_object,
    "kubernetes:storage.k8s.io/v1:StorageClassPatch": _kubernetes_object,
}


class PlatformMocks(pulumi.runtime.Mocks):
    """Outputs by type token; a type with no handler echoes its inputs under its name.

    Each call also leaves its inputs in ``last_inputs`` for the recording monitor,
    which reads them on the same thread straight after.
    """

    def __init__(self, last_inputs: Callable[[dict], None]):
        self._last_inputs = last_inputs

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, Outputs]:
        self._last_inputs(args.inputs)
        handler = HANDLERS.get(args.typ)
        if handler is not None:
            return handler(args)
        return args.name, dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, None]:
        # The program makes no provider function calls; one appearing means a
        # data source crept in, which `sluicegate plan` could not answer offline.
        raise NotImplementedError(f"no offline answer for function {args.token}")
