"""A GPU node pool: the accelerator, its GKE-managed driver, sharing, taint and zones."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from sluicegate.names import Names
from sluicegate.platform.cluster import node_config, pool_settings
from sluicegate.platform.system_pool import REPLACED_ON as POOL_REPLACED_ON
from sluicegate.spec.model import GpuPool as GpuPoolSpec
from sluicegate.spec.model import Mig, TimeSharing

TYPE = "sluicegate:gcp:GpuPool"

# Only pods that tolerate this taint land on GPU nodes, so CPU work cannot hold
# GPU capacity. GKE adds the same taint itself; stating it keeps it checkable.
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}

# On top of the system pool's list: the accelerator block (type, count, driver
# version, MIG partition, time-sharing) and spot are ForceNew in the provider.
REPLACED_ON = (*POOL_REPLACED_ON, "nodeConfig.guestAccelerators", "nodeConfig.spot")

# Machine series whose boot disk must be Hyperdisk (they do not take Persistent
# Disk): A3 Ultra, A4 and G4, per cloud.google.com/compute/docs/accelerator-optimized-machines
# (checked 2026-11-22).
HYPERDISK_ONLY = ("a3-ultragpu-", "a4-", "a4x-", "g4-")


@dataclass(frozen=True)
class GpuPoolArgs:
    names: Names
    spec: GpuPoolSpec
    cluster_id: pulumi.Input[str]
    node_service_account: pulumi.Input[str]
    zones: tuple[str, ...]
    """Zones of the region that offer the pool's GPU (from the catalogue)."""


def accelerator(pool: GpuPoolSpec) -> dict:
    """The guest accelerator block of a pool: type, count, managed driver and sharing."""
    block: dict = {
        "type": pool.gpu_type,
        "count": pool.gpus_per_node,
        "gpu_driver_installation_config": {"gpu_driver_version": pool.driver_version},
    }
    if isinstance(pool.sharing, TimeSharing):
        block["gpu_sharing_config"] = {
            "gpu_sharing_strategy": "TIME_SHARING",
            "max_shared_clients_per_gpu": pool.sharing.max_shared_clients_per_gpu,
        }
    elif isinstance(pool.sharing, Mig):
        block["gpu_partition_size"] = pool.sharing.partition_size
    return block


class GpuPool(pulumi.ComponentResource):
    """One GPU pool of the spec, scaling between its total min and max node counts."""

    def __init__(self, name: str, args: GpuPoolArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        if not args.zones:
            raise ValueError(f"GPU pool {args.spec.name}: no zone offers {args.spec.gpu_type}")
        n, pool = args.names, args.spec
        config = node_config(
            n,
            args.node_service_account,
            machine_type=pool.machine_type,
            disk_size_gb=pool.disk_size_gb,
        )
        if pool.machine_type.startswith(HYPERDISK_ONLY):
            config["disk_type"] = "hyperdisk-balanced"
        config |= {
            "guest_accelerators": [accelerator(pool)],
            "spot": pool.spot,
            "taints": [GPU_TAINT],
            "labels": {"sluicegate.io/pool": pool.name, "sluicegate.io/gpu-type": pool.gpu_type},
            "resource_labels": {"platform": n.prefix, "gpu-pool": pool.name},
        }
        self.node_pool = gcp.container.NodePool(
            name,
            name=n.gpu_pool(pool.name),
            project=n.project_id,
            location=n.region,
            cluster=args.cluster_id,
            node_locations=list(args.zones),
            initial_node_count=math.ceil(pool.min_nodes / len(args.zones)),
            node_config=config,
            **pool_settings(
                min_nodes=pool.min_nodes,
                max_nodes=pool.max_nodes,
                # Spot capacity comes and goes per zone; ANY takes it wherever it is.
                location_policy="ANY" if pool.spot else "BALANCED",
                parent=self,
                replaced_on=REPLACED_ON,
                # Stable name (`gpu-<name>`): the old pool goes first. Creating first would
                # need the region's GPU quota (and spot capacity) twice over for the length
                # of the move; GPU work is batch and restarts (docs/platform.md).
                delete_before_replace=True,
            ),
        )
        self.register_outputs(
            {"name": self.node_pool.name, "id": self.node_pool.id, "zones": list(args.zones)}
        )
