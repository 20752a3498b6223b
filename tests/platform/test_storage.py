"""The cluster's storage classes: the default one encrypts with the region's disk key,
GKE's own ones are no longer default, all on the cluster's provider."""

from __future__ import annotations

from sluicegate.names import CMEK_STORAGE_CLASS, Names
from tests.platform.conftest import Run

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
PATCH = "kubernetes:storage.k8s.io/v1:StorageClassPatch"


def test_the_default_class_encrypts_with_the_regions_disk_key(run: Run) -> None:
    n = Names.of(run.platform)
    sc = run.one(STORAGE_CLASS)
    i = sc.inputs
    assert CMEK_STORAGE_CLASS == "sluicegate-cmek-rwo"
    assert i["metadata"]["name"] == CMEK_STORAGE_CLASS, sc.urn
    assert i["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}, sc.urn
    assert i["provisioner"] == "pd.csi.storage.gke.io", sc.urn
    assert i["parameters"] == {
        "type": "pd-balanced",
        "disk-encryption-kms-key": n.crypto_key_id("disks"),
    }, sc.urn
    key = i["parameters"]["disk-encryption-kms-key"]
    assert f"/locations/{run.platform.region}/keyRings/" in key and key.endswith("/cryptoKeys/sg-disks"), key
    assert i["volumeBindingMode"] == "WaitForFirstConsumer", sc.urn
    assert i["allowVolumeExpansion"] is True, sc.urn
    assert i["reclaimPolicy"] == "Delete", sc.urn


def test_gkes_own_classes_are_no_longer_default(run: Run) -> None:
    patches = {p.inputs["metadata"]["name"]: p for p in run.of_type(PATCH)}
    assert sorted(patches) == ["standard", "standard-rwo"]
    for name, patch in patches.items():
        assert patch.inputs["metadata"]["annotations"] == {
            "storageclass.kubernetes.io/is-default-class": "false",
            # GKE's addon manager owns the annotation: server-side apply must take it over.
            "pulumi.com/patchForce": "true",
        }, patch.urn
        # A patch changes only the annotation: no provisioner or parameters to fight GKE over.
        assert set(patch.inputs) == {"apiVersion", "kind", "metadata"}, f"{patch.urn}: {sorted(patch.inputs)}"
        kind = (patch.inputs["apiVersion"], patch.inputs["kind"])
        assert kind == ("storage.k8s.io/v1", "StorageClass"), patch.urn


def test_storage_classes_are_on_the_clusters_provider(run: Run) -> None:
    provider = run.one("pulumi:providers:kubernetes")
    component = run.one("sluicegate:k8s:Storage")
    for r in [run.one(STORAGE_CLASS), *run.of_type(PATCH)]:
        assert r.provider and r.provider.startswith(f"{provider.urn}::"), f"{r.urn}: {r.provider}"
        assert r.parent == component.urn, r.urn
