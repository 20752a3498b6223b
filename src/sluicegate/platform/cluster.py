"""The regional private GKE cluster, its dedicated node service account, and the
Kubernetes provider that talks to it.

The cluster sits on the foundation's subnet and secondary ranges and encrypts
Secrets with the foundation's regional key; it finds all three by their derived
IDs (``sluicegate.names``), so no state passes between the two layers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from sluicegate.names import Names
from sluicegate.spec.model import Network

TYPE = "sluicegate:gcp:Cluster"

# The one project role a node needs: write logs and metrics, read its own metadata
# (Google's "Kubernetes Engine Default Node Service Account" role). Image pulls are
# granted per repository by ``Registry``, not project-wide.
NODE_ROLES = ("roles/container.defaultNodeServiceAccount",)

LOGGED_COMPONENTS = ("SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS")
# DCGM gives the per-GPU utilisation and memory metrics that quota and cost reviews need.
MONITORED_COMPONENTS = (
    "SYSTEM_COMPONENTS",
    "APISERVER",
    "SCHEDULER",
    "CONTROLLER_MANAGER",
    "STORAGE",
    "POD",
    "DAEMONSET",
    "DEPLOYMENT",
    "STATEFULSET",
    "DCGM",
)


@dataclass(frozen=True)
class ClusterArgs:
    """What the cluster is built from: all of it derived from the spec."""

    names: Names
    network: Network
    release_channel: str
    zones: tuple[str, ...]
    external_dns_access: bool = False
    """The DNS endpoint admits operators from outside Google Cloud (IAM-gated).
    Only behind a VPC Service Controls perimeter that restricts container.googleapis.com,
    whose ingress rules admit the deployers from their access levels (docs/platform.md)."""


def pool_settings(
    *,
    min_nodes: int,
    max_nodes: int,
    location_policy: str,
    parent: pulumi.Resource,
    replaced_on: tuple[str, ...],
    delete_before_replace: bool,
) -> dict:
    """NodePool arguments every pool of the platform shares: total autoscaling,
    auto-repair and auto-upgrade, surge upgrades, and how a replacement happens.

    ``delete_before_replace`` is for pools with a stable name (GKE refuses a second
    pool of the same name); a pool whose name changes with its replacing settings
    (the system pool) is created first and the old one deleted after.
    """
    return {
        "autoscaling": {
            "total_min_node_count": min_nodes,
            "total_max_node_count": max_nodes,
            "location_policy": location_policy,
        },
        "management": {"auto_repair": True, "auto_upgrade": True},
        "upgrade_settings": {"strategy": "SURGE", "max_surge": 1, "max_unavailable": 0},
        "opts": pulumi.ResourceOptions(
            parent=parent,
            delete_before_replace=delete_before_replace,
            replace_on_changes=list(replaced_on),
            # Per zone, only read at creation; the autoscaler owns the count after that.
            ignore_changes=["initialNodeCount"],
        ),
    }


def node_config(
    names: Names,
    service_account: pulumi.Input[str],
    *,
    machine_type: str,
    disk_size_gb: int,
) -> dict:
    """The hardened node settings every pool shares (GKE-04, -05, -06, -11, -12).

    Shared by the cluster's throw-away default pool, the system pool and the GPU
    pools, so no pool can drift from the baseline.
    """
    return {
        "machine_type": machine_type,
        "image_type": "COS_CONTAINERD",
        "disk_type": "pd-balanced",
        "disk_size_gb": disk_size_gb,
        "boot_disk_kms_key": names.crypto_key_id("disks"),
        "service_account": service_account,
        # Access is governed by IAM on the dedicated service account, not by scopes.
        "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
        "workload_metadata_config": {"mode": "GKE_METADATA"},
        "shielded_instance_config": {"enable_secure_boot": True, "enable_integrity_monitoring": True},
        "metadata": {"disable-legacy-endpoints": "true"},
        "kubelet_config": {"insecure_kubelet_readonly_port_enabled": "FALSE"},
    }


class Cluster(pulumi.ComponentResource):
    """A regional, private, VPC-native GKE Standard cluster with no default node pool."""

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        n = args.names
        child = pulumi.ResourceOptions(parent=self)

        self.node_service_account = gcp.serviceaccount.Account(
            f"{name}-nodes",
            project=n.project_id,
            account_id=n.node_service_account,
            display_name="GKE nodes",
            description=f"Dedicated node identity of {n.cluster}; never the Compute default account.",
            opts=child,
        )
        node_member = self.node_service_account.email.apply(lambda e: f"serviceAccount:{e}")
        self.node_roles = [
            gcp.projects.IAMMember(
                f"{name}-nodes-{role.removeprefix('roles/').replace('.', '-')}",
                project=n.project_id,
                role=role,
                member=node_member,
                opts=child,
            )
            for role in NODE_ROLES
        ]

        network = args.network
        self.cluster = gcp.container.Cluster(
            name,
            name=n.cluster,
            project=n.project_id,
            location=n.region,
            node_locations=list(args.zones),
            deletion_protection=True,
            # GKE must create a default pool; it is removed at once and every real pool
            # is a separate NodePool, so pools change without touching the cluster.
            remove_default_node_pool=True,
            initial_node_count=1,
            node_config=node_config(
                n, self.node_service_account.email, machine_type="e2-small", disk_size_gb=50
            ),
            network=n.network_id,
            subnetwork=n.subnetwork_id,
            networking_mode="VPC_NATIVE",
            ip_allocation_policy={
                "cluster_secondary_range_name": n.pods_range,
                "services_secondary_range_name": n.services_range,
                "stack_type": "IPV4",
            },
            private_cluster_config={
                "enable_private_nodes": True,
                "enable_private_endpoint": True,
                "master_ipv4_cidr_block": network.control_plane_cidr,
                "master_global_access_config": {"enabled": False},
            },
            # The operators' path (docs/platform.md, "Reaching the control plane"): the
            # DNS endpoint, where every request is checked by IAM
            # (container.clusters.connect) and, behind the perimeter, by VPC Service
            # Controls before it reaches the API server. Only Google identities: no
            # Kubernetes service-account tokens or client certificates over it. The IP
            # endpoint stays private, for the authorized networks.
            control_plane_endpoints_config={
                "dns_endpoint_config": {
                    "allow_external_traffic": args.external_dns_access,
                    "enable_k8s_tokens_via_dns": False,
                    "enable_k8s_certs_via_dns": False,
                }
            },
            master_authorized_networks_config={
                "cidr_blocks": [
                    {"display_name": an.name, "cidr_block": an.cidr}
                    for an in network.authorized_networks
                ],
                "gcp_public_cidrs_access_enabled": False,
                "private_endpoint_enforcement_enabled": True,
            },
            workload_identity_config={"workload_pool": n.workload_pool},
            datapath_provider="ADVANCED_DATAPATH",
            enable_shielded_nodes=True,
            enable_intranode_visibility=True,
            enable_legacy_abac=False,
            enable_kubernetes_alpha=False,
            master_auth={"client_certificate_config": {"issue_client_certificate": False}},
            database_encryption={"state": "ENCRYPTED", "key_name": n.crypto_key_id("gke-secrets")},
            release_channel={"channel": args.release_channel},
            binary_authorization={"evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
            # Workload configuration auditing (the no-cost standard tier) stays on. GKE's
            # own vulnerability scanning is retired (VULNERABILITY_BASIC since 2025-07-31;
            # VULNERABILITY_ENTERPRISE, Advanced Vulnerability Insights, deprecated for
            # GKE Standard): images are scanned by Artifact Analysis in the registry
            # instead, on push and continuously (docs/platform.md, "Vulnerability scanning").
            security_posture_config={"mode": "BASIC", "vulnerability_mode": "VULNERABILITY_DISABLED"},
            logging_config={"enable_components": list(LOGGED_COMPONENTS)},
            monitoring_config={
                "enable_components": list(MONITORED_COMPONENTS),
                "managed_prometheus": {"enabled": True},
            },
            node_pool_defaults={
                "node_config_defaults": {"insecure_kubelet_readonly_port_enabled": "FALSE"}
            },
            # The Gateway API and GKE's Gateway controller (its policy CRDs, the
            # gke-l7-rilb class the dashboard's internal load balancer is built from).
            gateway_api_config={"channel": "CHANNEL_STANDARD"},
            addons_config={
                "http_load_balancing": {"disabled": False},
                "gce_persistent_disk_csi_driver_config": {"enabled": True},
                "gcs_fuse_csi_driver_config": {"enabled": True},
            },
            resource_labels={"platform": n.prefix, "managed-by": "sluicegate"},
            opts=child,
        )

        # The DNS endpoint GKE assigned (gke-<id>.<region>.gke.goog), an output of the cluster.
        self.dns_endpoint = self.cluster.control_plane_endpoints_config.apply(
            lambda c: c.dns_endpoint_config.endpoint if c and c.dns_endpoint_config else None
        )
        # Not a secret: it holds the endpoint and the cluster's public CA, no credential.
        self.kubeconfig = pulumi.Output.all(
            self.cluster.name,
            self.dns_endpoint if args.external_dns_access else self.cluster.endpoint,
            self.cluster.master_auth.cluster_ca_certificate,
        ).apply(lambda v: kubeconfig(*v, dns=args.external_dns_access))
        # Built from the cluster's outputs so that no Kubernetes resource is planned
        # against a cluster that does not exist yet.
        self.provider = k8s.Provider(
            f"{name}-k8s",
            kubeconfig=self.kubeconfig,
            enable_server_side_apply=True,
            opts=child,
        )

        self.register_outputs(
            {
                "name": self.cluster.name,
                "id": self.cluster.id,
                "endpoint": self.cluster.endpoint,
                "dns_endpoint": self.dns_endpoint,
                "node_service_account": self.node_service_account.email,
            }
        )


# What kubectl prints when the plugin is missing (the wording of gcloud's own kubeconfig).
AUTH_PLUGIN = "gke-gcloud-auth-plugin"
AUTH_PLUGIN_HINT = (
    "Install gke-gcloud-auth-plugin: "
    "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin"
)


def kubeconfig(cluster: str, endpoint: str, ca_certificate: str, *, dns: bool) -> str:
    """A kubeconfig for the control plane that authenticates with gcloud's GKE plugin.

    ``dns``: ``endpoint`` is the DNS endpoint, served under a publicly trusted
    certificate, so no CA is pinned (as `gcloud container clusters get-credentials
    --dns-endpoint` writes it); otherwise it is the private IP endpoint, verified
    against the cluster's CA. No client certificate or static token either way: the
    plugin hands the API server the caller's Google token (the identity gcloud is
    logged in or impersonating as), which IAM checks at the DNS endpoint first.
    """
    server: dict[str, str] = {"server": f"https://{endpoint}"}
    if not dns:
        server["certificate-authority-data"] = ca_certificate
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": cluster, "cluster": server}],
            "users": [
                {
                    "name": cluster,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": AUTH_PLUGIN,
                            "installHint": AUTH_PLUGIN_HINT,
                            "provideClusterInfo": True,
                            "interactiveMode": "Never",
                        }
                    },
                }
            ],
            "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": cluster}}],
            "current-context": cluster,
        },
        sort_keys=True,
    )
