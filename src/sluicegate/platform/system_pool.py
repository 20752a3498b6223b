"""The system node pool: Argo CD, Kubeflow's control plane and every untainted pod.

Its GKE name is versioned by the settings that replace it, so a replacement creates
the new pool before the old one is deleted (docs/platform.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from sluicegate.names import Names
from sluicegate.platform.cluster import node_config, pool_settings
from sluicegate.spec.model import SystemPool as SystemPoolSpec

TYPE = "sluicegate:gcp:SystemPool"

# The node settings the pool's versioned name is hashed from (``Names.system_pool_name``):
# every ForceNew setting of ``REPLACED_ON`` (a change must give a new name, or GKE would
# refuse to create the replacement beside the old pool), plus machine type, disk and
# image, which the provider could update in place but only by recreating every node of
# the pool at once, surge or not; as a new pool they move over as described in
# docs/platform.md ("Replacing the system pool").
VERSIONED_SETTINGS = (
    "machine_type",
    "disk_type",
    "disk_size_gb",
    "image_type",
    "service_account",
    "boot_disk_kms_key",
    "oauth_scopes",
    "metadata",
    "shielded_instance_config",
)

# Changing any of these makes the provider replace the pool (ForceNew in the
# Terraform google provider's node pool schema). Listed here so that the engine
# treats them as replacements even where the provider would try an update, and so
# docs/platform.md can name them.
REPLACED_ON = (
    "name",
    "nodeConfig.serviceAccount",
    "nodeConfig.bootDiskKmsKey",
    "nodeConfig.oauthScopes",
    "nodeConfig.metadata",
    "nodeConfig.shieldedInstanceConfig",
)


@dataclass(frozen=True)
class SystemPoolArgs:
    names: Names
    spec: SystemPoolSpec
    cluster_id: pulumi.Input[str]
    node_service_account: pulumi.Input[str]
    zones: tuple[str, ...]


def system_pool_name(names: Names, pool: SystemPoolSpec) -> str:
    """The system pool's GKE name for ``pool``: ``system-<hash of VERSIONED_SETTINGS>``.

    Computed from the spec alone (the node account's e-mail is derived, not read back
    from the cloud), so a plan shows the name a change will give.
    """
    config = node_config(
        names,
        names.service_account_email(names.node_service_account),
        machine_type=pool.machine_type,
        disk_size_gb=pool.disk_size_gb,
    )
    return names.system_pool_name({key: config[key] for key in VERSIONED_SETTINGS})


class SystemPool(pulumi.ComponentResource):
    """An autoscaled, auto-upgraded and auto-repaired pool spread over the region's zones."""

    def __init__(self, name: str, args: SystemPoolArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        n, pool = args.names, args.spec
        config = node_config(
            n,
            args.node_service_account,
            machine_type=pool.machine_type,
            disk_size_gb=pool.disk_size_gb,
        )
        # The node label is the stable selector (the pool's GKE name is versioned).
        config["labels"] = {"sluicegate.io/pool": n.system_pool}
        self.pool_name = system_pool_name(n, pool)
        self.node_pool = gcp.container.NodePool(
            name,
            name=self.pool_name,
            project=n.project_id,
            location=n.region,
            cluster=args.cluster_id,
            node_locations=list(args.zones),
            # Per zone, only read at creation; the autoscaler owns the count after that.
            initial_node_count=max(1, math.ceil(pool.min_nodes / len(args.zones))),
            node_config=config,
            **pool_settings(
                min_nodes=pool.min_nodes,
                max_nodes=pool.max_nodes,
                location_policy="BALANCED",
                parent=self,
                replaced_on=REPLACED_ON,
                # The new name lets the new pool come up beside the old one.
                delete_before_replace=False,
            ),
        )
        self.register_outputs({"name": self.node_pool.name, "id": self.node_pool.id})
