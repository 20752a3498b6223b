"""The cluster's controls (GKE-01..14, RES-06, ENC-01), read from what the program registered."""

from __future__ import annotations

import base64
import ipaddress
import json
import re

from sluicegate import catalogue
from sluicegate.names import Names
from sluicegate.platform.cluster import AUTH_PLUGIN_HINT, NODE_ROLES
from tests.platform.conftest import Run

CLUSTER = "gcp:container/cluster:Cluster"


def test_cluster_is_regional_private_and_on_the_foundation_network(run: Run) -> None:
    p, n = run.platform, Names.of(run.platform)
    c = run.one(CLUSTER)
    i, urn = c.inputs, c.urn
    assert i["name"] == n.cluster, urn
    assert i["location"] == p.region, f"{urn}: location {i['location']!r}, expected {p.region!r}"
    assert i["nodeLocations"] == list(catalogue.load().zones(p.region)), urn
    assert i["network"] == n.network_id and i["subnetwork"] == n.subnetwork_id, urn
    assert i["networkingMode"] == "VPC_NATIVE", urn
    assert i["ipAllocationPolicy"]["clusterSecondaryRangeName"] == n.pods_range, urn
    assert i["ipAllocationPolicy"]["servicesSecondaryRangeName"] == n.services_range, urn
    private = i["privateClusterConfig"]
    assert private["enablePrivateNodes"] is True, f"{urn}: private nodes off"
    assert private["enablePrivateEndpoint"] is True, f"{urn}: public control-plane endpoint"
    assert private["masterIpv4CidrBlock"] == p.network.control_plane_cidr, urn
    # The operators' path: the DNS endpoint behind the perimeter, Google identities only.
    assert i["controlPlaneEndpointsConfig"] == {
        "dnsEndpointConfig": {
            "allowExternalTraffic": p.vpc_sc is not None,
            "enableK8sTokensViaDns": False,
            "enableK8sCertsViaDns": False,
        }
    }, f"{urn}: {i['controlPlaneEndpointsConfig']}"


def test_the_dns_endpoint_is_open_only_behind_a_perimeter(runs: dict[str, Run]) -> None:
    for name, expected in (("example", True), ("many", True), ("europe", False)):
        c = runs[name].one(CLUSTER)
        dns = c.inputs["controlPlaneEndpointsConfig"]["dnsEndpointConfig"]
        assert dns["allowExternalTraffic"] is expected, f"{name}: {c.urn}: {dns}"


def test_only_the_specs_networks_reach_the_control_plane(run: Run) -> None:
    c = run.one(CLUSTER)
    authorized = c.inputs["masterAuthorizedNetworksConfig"]
    expected = [
        {"displayName": an.name, "cidrBlock": an.cidr} for an in run.platform.network.authorized_networks
    ]
    assert authorized["cidrBlocks"] == expected, f"{c.urn}: {authorized['cidrBlocks']}"
    assert authorized["gcpPublicCidrsAccessEnabled"] is False, c.urn
    assert authorized["privateEndpointEnforcementEnabled"] is True, c.urn


def test_cluster_hardening(run: Run) -> None:
    n = Names.of(run.platform)
    c = run.one(CLUSTER)
    i, urn = c.inputs, c.urn
    assert i["workloadIdentityConfig"] == {"workloadPool": f"{run.platform.project_id}.svc.id.goog"}, urn
    assert i["datapathProvider"] == "ADVANCED_DATAPATH", urn
    assert i["enableShieldedNodes"] is True, urn
    assert i["enableIntranodeVisibility"] is True, urn
    assert i["enableLegacyAbac"] is False, urn
    assert i["enableKubernetesAlpha"] is False, urn
    assert i["masterAuth"] == {"clientCertificateConfig": {"issueClientCertificate": False}}, urn
    assert i["releaseChannel"] == {"channel": run.platform.cluster.release_channel}, urn
    assert i["binaryAuthorization"] == {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"}, urn
    # Configuration auditing on; GKE's retired vulnerability scanning off (Artifact
    # Analysis scans the registry instead).
    assert i["securityPostureConfig"] == {"mode": "BASIC", "vulnerabilityMode": "VULNERABILITY_DISABLED"}, urn
    assert {"SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"} <= set(i["loggingConfig"]["enableComponents"]), urn
    assert {"SYSTEM_COMPONENTS", "DCGM"} <= set(i["monitoringConfig"]["enableComponents"]), urn
    assert i["removeDefaultNodePool"] is True, f"{urn}: the default node pool is kept"
    assert i["nodePoolDefaults"]["nodeConfigDefaults"]["insecureKubeletReadonlyPortEnabled"] == "FALSE", urn
    assert i["deletionProtection"] is True, urn
    assert i["databaseEncryption"] == {
        "state": "ENCRYPTED",
        "keyName": n.crypto_key_id("gke-secrets"),
    }, urn
    assert f"/locations/{run.platform.region}/" in i["databaseEncryption"]["keyName"], urn


def test_even_the_throwaway_default_pool_is_hardened(run: Run) -> None:
    n = Names.of(run.platform)
    c = run.one(CLUSTER)
    config = c.inputs["nodeConfig"]
    assert config["serviceAccount"] == n.service_account_email(n.node_service_account), c.urn
    assert config["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}, c.urn
    assert config["imageType"] == "COS_CONTAINERD", c.urn
    assert config["bootDiskKmsKey"] == n.crypto_key_id("disks"), c.urn


def test_nodes_run_as_a_dedicated_account_with_minimal_roles(run: Run) -> None:
    n = Names.of(run.platform)
    cluster_component = run.one("sluicegate:gcp:Cluster")
    account = run.one("gcp:serviceaccount/account:Account", f"{n.cluster}-nodes")
    assert account.inputs["accountId"] == n.node_service_account, account.urn
    assert account.parent == cluster_component.urn, account.urn
    grants = run.of_type("gcp:projects/iAMMember:IAMMember")
    member = f"serviceAccount:{n.service_account_email(n.node_service_account)}"
    assert sorted(g.inputs["role"] for g in grants) == sorted(NODE_ROLES), [g.urn for g in grants]
    for g in grants:
        assert g.inputs["member"] == member, f"{g.urn}: member {g.inputs['member']!r}"
        assert g.inputs["role"] not in ("roles/editor", "roles/owner"), g.urn


def test_no_service_account_keys_anywhere(run: Run) -> None:
    keys = [r.urn for r in run.resources if r.type.startswith("gcp:serviceaccount/key:")]
    assert keys == [], f"service account keys: {keys}"


def _kubeconfig(run: Run) -> tuple[str, dict]:
    provider = run.one("pulumi:providers:kubernetes")
    return provider.urn, json.loads(provider.inputs["kubeconfig"])


def test_kubernetes_provider_reaches_the_operators_endpoint(run: Run) -> None:
    cluster_component = run.one("sluicegate:gcp:Cluster")
    provider = run.one("pulumi:providers:kubernetes")
    assert provider.parent == cluster_component.urn, provider.urn
    assert provider.inputs["enableServerSideApply"] == "true", provider.urn
    urn, config = _kubeconfig(run)
    (cluster,) = config["clusters"]
    server = cluster["cluster"]
    if run.platform.vpc_sc:
        # The DNS endpoint from the cluster's outputs (the mocks answer as GKE names it);
        # its certificate is publicly trusted, so no CA is pinned.
        pattern = rf"https://gke-[0-9a-f]{{32}}-[0-9]{{12}}\.{re.escape(run.platform.region)}\.gke\.goog"
        assert re.fullmatch(pattern, server["server"]), f"{urn}: server {server['server']}"
        assert set(server) == {"server"}, f"{urn}: {server}"
    else:
        # The private IP endpoint: the mocks answer with the second address of the /28.
        expected = ipaddress.ip_network(run.platform.network.control_plane_cidr)[2]
        assert server["server"] == f"https://{expected}", f"{urn}: server {server['server']}"
        ca = base64.b64decode(server["certificate-authority-data"])
        assert ca.startswith(b"-----BEGIN CERTIFICATE-----"), urn


def test_kubeconfig_holds_no_credential_only_the_gke_plugin(run: Run) -> None:
    urn, config = _kubeconfig(run)
    (user,) = config["users"]
    assert user["user"] == {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "gke-gcloud-auth-plugin",
            "installHint": AUTH_PLUGIN_HINT,
            "provideClusterInfo": True,
            "interactiveMode": "Never",
        }
    }, f"{urn}: {user}"
    (context,) = config["contexts"]
    assert context["context"] == {"cluster": config["clusters"][0]["name"], "user": user["name"]}, urn
    assert config["current-context"] == context["name"], urn
