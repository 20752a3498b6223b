"""The system node pool: Argo CD, Kubeflow's control plane and every untainted pod."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from sluicegate.names import Names
from sluicegate.platform.cluster import node_config, pool_settings
from sluicegate.spec.model import SystemPool as SystemPoolSpec

TYPE = "sluicegate:gcp:SystemPool"

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
        config["labels"] = {"sluicegate.io/pool": n.system_pool}
        self.node_pool = gcp.container.NodePool(
            name,
            name=n.system_pool,
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
            ),
        )
        self.register_outputs({"name": self.node_pool.name, "id": self.node_pool.id})
