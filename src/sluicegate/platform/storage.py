"""The cluster's storage classes: a default class that encrypts every Persistent
Disk with the region's `disks` key, and GKE's own classes no longer default.

`gcp.restrictNonCmekServices` covers compute.googleapis.com, so a disk created
without a customer-managed key is refused: a PVC on GKE's `standard-rwo` would
stay Pending. The hydrated Kubeflow PVCs name ``CMEK_STORAGE_CLASS``; any other
PVC that names no class gets it as the default.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from sluicegate.names import CMEK_STORAGE_CLASS, Names

TYPE = "sluicegate:k8s:Storage"

# The Persistent Disk CSI driver, the only provisioner that takes a KMS key.
PROVISIONER = "pd.csi.storage.gke.io"
DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
# The classes GKE installs with the PD CSI driver (standard-rwo is the default one,
# standard the in-tree name now backed by the same driver). Both create disks
# without a key.
GKE_CLASSES = ("standard-rwo", "standard")


@dataclass(frozen=True)
class StorageArgs:
    names: Names
    provider: k8s.Provider


def cmek_class(names: Names) -> dict:
    """The CMEK StorageClass's fields: pd-balanced disks under the region's `disks` key."""
    return {
        "metadata": {
            "name": CMEK_STORAGE_CLASS,
            "annotations": {DEFAULT_CLASS_ANNOTATION: "true"},
            "labels": {"app.kubernetes.io/managed-by": "sluicegate"},
        },
        "provisioner": PROVISIONER,
        "parameters": {
            "type": "pd-balanced",
            "disk-encryption-kms-key": names.crypto_key_id("disks"),
        },
        # A zonal disk is created in the zone of the node its first pod lands on.
        "volume_binding_mode": "WaitForFirstConsumer",
        "allow_volume_expansion": True,
        "reclaim_policy": "Delete",
    }


class Storage(pulumi.ComponentResource):
    """The default CMEK StorageClass and the patches that demote GKE's own classes."""

    def __init__(self, name: str, args: StorageArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        on_cluster = pulumi.ResourceOptions(parent=self, provider=args.provider)
        self.cmek_class = k8s.storage.v1.StorageClass(
            f"{name}-{CMEK_STORAGE_CLASS}", **cmek_class(args.names), opts=on_cluster
        )
        # Server-side apply patches: they take over only the default-class annotation
        # (patchForce: GKE's addon manager owns the field) and leave the rest of each
        # class to GKE. A cluster with two default classes would give new PVCs the
        # newest one, so the demotion is not optional.
        self.demoted = [
            k8s.storage.v1.StorageClassPatch(
                f"{name}-{cls}-not-default",
                metadata={
                    "name": cls,
                    "annotations": {
                        DEFAULT_CLASS_ANNOTATION: "false",
                        "pulumi.com/patchForce": "true",
                    },
                },
                opts=on_cluster,
            )
            for cls in GKE_CLASSES
        ]
        self.register_outputs({"default_class": CMEK_STORAGE_CLASS})
