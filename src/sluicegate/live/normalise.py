"""The running platform as the document the Rego reads (``policy.artifacts``).

The live document is the plan's document with what was read live put in place of what
was planned:

- the GKE cluster's and each node pool's Pulumi inputs (``platform/graph.json``) get,
  for every field in ``CLUSTER_FIELDS`` and ``POOL_FIELDS``, the value GKE reports
  (a field GKE leaves unset is removed): the controls that read those fields judge
  the running cluster. Other inputs stay as planned; docs/live.md lists both;
- every manifest of a kind in ``LIVE_KINDS`` is replaced by the live object of the
  same kind, namespace and name (kept under its planned file, the address auditors
  know), dropped when it is not live, and a live object in a namespace the plan
  manages that the plan does not have is added under ``live/``: so a NetworkPolicy
  deleted or added by hand is judged as it is.

The Terraform foundation is not read live (``terraform plan`` against its state
shows its drift); its part of the document stays as planned.

Field names are the GKE REST API's JSON names (cloud.google.com/kubernetes-engine/docs/
reference/rest/v1/projects.locations.clusters, as container_v1's proto-plus models
print them) and the Pulumi gcp provider's input names as graph.json records them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from sluicegate.policy import derived

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
_ABSENT = object()


def _same(v):
    return v


def _int(v):
    # proto3 JSON writes int64 as a string ("1"); Pulumi's inputs hold numbers.
    return int(v)


def _tristate(v):
    # NodeKubeletConfig.insecure_kubelet_readonly_port_enabled is a bool in the API;
    # the provider takes "TRUE" or "FALSE" (pulumi-gcp NodePoolNodeConfigKubeletConfig).
    return "TRUE" if v else "FALSE"


def _accelerators(v):
    # AcceleratorConfig: accelerator_type/accelerator_count (int64, a string in JSON)
    # and the sharing and driver blocks, whose JSON names are pulumi-gcp's too.
    found = []
    for a in v:
        entry = {"type": a.get("acceleratorType", ""), "count": int(a.get("acceleratorCount", 0))}
        if "gpuDriverInstallationConfig" in a:
            entry["gpuDriverInstallationConfig"] = a["gpuDriverInstallationConfig"]
        if "gpuSharingConfig" in a:
            sharing = dict(a["gpuSharingConfig"])
            if "maxSharedClientsPerGpu" in sharing:
                sharing["maxSharedClientsPerGpu"] = int(sharing["maxSharedClientsPerGpu"])
            entry["gpuSharingConfig"] = sharing
        found.append(entry)
    return found


def _networking_mode(v):
    return "VPC_NATIVE" if v else "ROUTES"


# (Pulumi input path, API JSON path, conversion). The paths the GKE and residency
# controls read, and what the plan sets that an auditor would ask about.
Field = tuple[tuple[str, ...], tuple[str, ...], Callable[[Any], Any]]

CLUSTER_FIELDS: tuple[Field, ...] = (
    (("location",), ("location",), _same),
    (("nodeLocations",), ("locations",), _same),
    (("privateClusterConfig", "enablePrivateNodes"), ("privateClusterConfig", "enablePrivateNodes"), _same),
    (("privateClusterConfig", "enablePrivateEndpoint"), ("privateClusterConfig", "enablePrivateEndpoint"), _same),
    (("privateClusterConfig", "masterIpv4CidrBlock"), ("privateClusterConfig", "masterIpv4CidrBlock"), _same),
    (("privateClusterConfig", "masterGlobalAccessConfig", "enabled"),
     ("privateClusterConfig", "masterGlobalAccessConfig", "enabled"), _same),
    (("controlPlaneEndpointsConfig", "dnsEndpointConfig", "allowExternalTraffic"),
     ("controlPlaneEndpointsConfig", "dnsEndpointConfig", "allowExternalTraffic"), _same),
    (("controlPlaneEndpointsConfig", "dnsEndpointConfig", "enableK8sTokensViaDns"),
     ("controlPlaneEndpointsConfig", "dnsEndpointConfig", "enableK8sTokensViaDns"), _same),
    (("controlPlaneEndpointsConfig", "dnsEndpointConfig", "enableK8sCertsViaDns"),
     ("controlPlaneEndpointsConfig", "dnsEndpointConfig", "enableK8sCertsViaDns"), _same),
    (("controlPlaneEndpointsConfig", "ipEndpointsConfig", "enabled"),
     ("controlPlaneEndpointsConfig", "ipEndpointsConfig", "enabled"), _same),
    (("masterAuthorizedNetworksConfig", "cidrBlocks"), ("masterAuthorizedNetworksConfig", "cidrBlocks"), _same),
    (("masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled"),
     ("masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled"), _same),
    (("masterAuthorizedNetworksConfig", "privateEndpointEnforcementEnabled"),
     ("masterAuthorizedNetworksConfig", "privateEndpointEnforcementEnabled"), _same),
    (("masterAuth", "clientCertificateConfig", "issueClientCertificate"),
     ("masterAuth", "clientCertificateConfig", "issueClientCertificate"), _same),
    (("workloadIdentityConfig", "workloadPool"), ("workloadIdentityConfig", "workloadPool"), _same),
    (("databaseEncryption", "state"), ("databaseEncryption", "state"), _same),
    (("databaseEncryption", "keyName"), ("databaseEncryption", "keyName"), _same),
    (("binaryAuthorization", "evaluationMode"), ("binaryAuthorization", "evaluationMode"), _same),
    (("releaseChannel", "channel"), ("releaseChannel", "channel"), _same),
    (("enableLegacyAbac",), ("legacyAbac", "enabled"), _same),
    (("enableShieldedNodes",), ("shieldedNodes", "enabled"), _same),
    (("datapathProvider",), ("networkConfig", "datapathProvider"), _same),
    (("networkingMode",), ("ipAllocationPolicy", "useIpAliases"), _networking_mode),
    (("ipAllocationPolicy", "clusterSecondaryRangeName"), ("ipAllocationPolicy", "clusterSecondaryRangeName"), _same),
    (("ipAllocationPolicy", "servicesSecondaryRangeName"), ("ipAllocationPolicy", "servicesSecondaryRangeName"), _same),
    (("ipAllocationPolicy", "stackType"), ("ipAllocationPolicy", "stackType"), _same),
    (("loggingConfig", "enableComponents"), ("loggingConfig", "componentConfig", "enableComponents"), _same),
    (("monitoringConfig", "enableComponents"), ("monitoringConfig", "componentConfig", "enableComponents"), _same),
    (("networkPolicy", "enabled"), ("networkPolicy", "enabled"), _same),
    (("securityPostureConfig", "mode"), ("securityPostureConfig", "mode"), _same),
    (("securityPostureConfig", "vulnerabilityMode"), ("securityPostureConfig", "vulnerabilityMode"), _same),
)

POOL_FIELDS: tuple[Field, ...] = (
    (("nodeLocations",), ("locations",), _same),
    (("nodeConfig", "machineType"), ("config", "machineType"), _same),
    (("nodeConfig", "imageType"), ("config", "imageType"), _same),
    (("nodeConfig", "diskType"), ("config", "diskType"), _same),
    (("nodeConfig", "diskSizeGb"), ("config", "diskSizeGb"), _same),
    (("nodeConfig", "serviceAccount"), ("config", "serviceAccount"), _same),
    (("nodeConfig", "bootDiskKmsKey"), ("config", "bootDiskKmsKey"), _same),
    (("nodeConfig", "spot"), ("config", "spot"), _same),
    (("nodeConfig", "labels"), ("config", "labels"), _same),
    # Taint.effect is an enum (NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE) by name in
    # both; pulumi-gcp NodePoolNodeConfigTaint takes the same names.
    (("nodeConfig", "taints"), ("config", "taints"), _same),
    (("nodeConfig", "guestAccelerators"), ("config", "accelerators"), _accelerators),
    (("nodeConfig", "shieldedInstanceConfig", "enableSecureBoot"),
     ("config", "shieldedInstanceConfig", "enableSecureBoot"), _same),
    (("nodeConfig", "shieldedInstanceConfig", "enableIntegrityMonitoring"),
     ("config", "shieldedInstanceConfig", "enableIntegrityMonitoring"), _same),
    (("nodeConfig", "workloadMetadataConfig", "mode"), ("config", "workloadMetadataConfig", "mode"), _same),
    (("nodeConfig", "kubeletConfig", "insecureKubeletReadonlyPortEnabled"),
     ("config", "kubeletConfig", "insecureKubeletReadonlyPortEnabled"), _tristate),
    (("networkConfig", "enablePrivateNodes"), ("networkConfig", "enablePrivateNodes"), _same),
    (("management", "autoRepair"), ("management", "autoRepair"), _same),
    (("management", "autoUpgrade"), ("management", "autoUpgrade"), _same),
)

# The kinds read live, by (apiVersion group, kind); kube.py lists each.
LIVE_KINDS = (
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "ServiceAccount",
    "Profile",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "Application",
)
CONSTRAINTS_GROUP = "constraints.gatekeeper.sh"


def is_live_kind(obj: dict) -> bool:
    """Whether objects like ``obj`` are read live (the kinds above and every Gatekeeper
    constraint)."""
    return obj.get("kind") in LIVE_KINDS or obj.get("apiVersion", "").startswith(CONSTRAINTS_GROUP + "/")


def get(tree: Any, path: Iterable[str]):
    """The value at ``path`` in nested dicts, or ``_ABSENT``."""
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return _ABSENT
        tree = tree[key]
    return tree


def is_default(value) -> bool:
    """Whether ``value`` is a proto3 default (false, 0, "", empty), which the API's JSON
    leaves out (a field with no presence is printed only when set)."""
    return value is not _ABSENT and value in (False, 0, "", [], {}) and value is not None


def _put(tree: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def _remove(tree: dict, path: tuple[str, ...]) -> None:
    parent = get(tree, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)


def live_inputs(planned: dict, live: dict, fields: tuple[Field, ...]) -> dict:
    """``planned`` (Pulumi inputs) with every field of ``fields`` as ``live`` (the API's
    JSON) has it; a field the API leaves unset is removed."""
    inputs = copy.deepcopy(planned)
    for pulumi_path, api_path, convert in fields:
        value = get(live, api_path)
        if value is _ABSENT and is_default(get(inputs, pulumi_path)):
            continue  # proto3 JSON leaves out a field at its default: the plan's value
        if value is _ABSENT:
            _remove(inputs, pulumi_path)
        else:
            _put(inputs, pulumi_path, convert(value))
    return inputs


def identity(obj: dict) -> tuple[str, str, str]:
    """(kind, namespace, name): how a planned object finds its live self."""
    meta = obj.get("metadata") or {}
    return obj.get("kind", ""), meta.get("namespace", ""), meta.get("name", "")


def managed_namespaces(manifests: list[dict]) -> set[str]:
    """The namespaces the plan creates: live objects in them are judged even when the
    plan does not have them."""
    return {
        m["object"]["metadata"]["name"] for m in manifests if m["object"].get("kind") == "Namespace"
    }


def document(planned: dict, cluster: dict, objects: list[dict]) -> dict:
    """The live evaluation document: ``planned`` (``artifacts.load(OUT).doc``) with the
    cluster (``gke.read_cluster``) and the live objects (``kube.read_objects``) in place
    of what was planned (see the module doc). ``derived`` is computed again."""
    doc = {k: v for k, v in planned.items() if k != "derived"}
    pools = {p.get("name"): p for p in cluster.get("nodePools", [])}
    resources = []
    for r in planned["pulumi"]["resources"]:
        if r["type"] == CLUSTER:
            r = {**r, "inputs": live_inputs(r["inputs"], cluster, CLUSTER_FIELDS)}
        elif r["type"] == NODE_POOL:
            pool = pools.get(r["inputs"].get("name"))
            if pool is None:
                continue  # not live: the rules judge the pools that exist
            r = {**r, "inputs": live_inputs(r["inputs"], pool, POOL_FIELDS)}
        resources.append(r)
    doc["pulumi"] = {**planned["pulumi"], "resources": resources}
    live = {identity(o): o for o in objects}
    managed = managed_namespaces(planned["manifests"])
    manifests, seen = [], set()
    for entry in planned["manifests"]:
        obj = entry["object"]
        if not is_live_kind(obj):
            manifests.append(entry)
            continue
        key = identity(obj)
        if key in live:
            seen.add(key)
            manifests.append({"file": entry["file"], "object": live[key]})
    for key, obj in sorted(live.items()):
        if key not in seen and key[1] in managed:
            manifests.append({"file": f"live/{key[0]}/{key[1]}/{key[2]}", "object": obj})
    doc["manifests"] = manifests
    doc["derived"] = derived.derive(doc)
    return doc
