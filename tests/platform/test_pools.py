"""System and GPU node pools: zones that offer each GPU, accelerator, sharing, taint, scaling."""

from __future__ import annotations

import re

from sluicegate import catalogue
from sluicegate.names import Names
from sluicegate.platform.system_pool import REPLACED_ON, system_pool_name
from sluicegate.spec.model import Mig, SystemPool, TimeSharing
from tests.platform.conftest import Run

NODE_POOL = "gcp:container/nodePool:NodePool"


def gpu_pools(run: Run) -> list:
    n = Names.of(run.platform)
    by_name = {r.inputs["name"]: r for r in run.of_type(NODE_POOL)}
    pools = [(spec, by_name[n.gpu_pool(spec.name)]) for spec in run.platform.cluster.gpu_pools]
    assert pools, "every scenario has GPU pools"
    return pools


def system_pool(run: Run):
    (pool,) = [r for r in run.of_type(NODE_POOL) if r.inputs["name"].startswith("system-")]
    return pool


def test_one_pool_per_spec_pool_plus_the_system_pool(run: Run) -> None:
    n = Names.of(run.platform)
    names = sorted(r.inputs["name"] for r in run.of_type(NODE_POOL))
    system = system_pool_name(n, run.platform.cluster.system_pool)
    expected = sorted([system, *(n.gpu_pool(p.name) for p in run.platform.cluster.gpu_pools)])
    assert names == expected


def test_each_gpu_pool_is_only_in_zones_that_offer_its_gpu(run: Run) -> None:
    cat = catalogue.load()
    region = run.platform.region
    for spec, pool in gpu_pools(run):
        zones = pool.inputs["nodeLocations"]
        assert zones == list(cat.gpu_zones(spec.gpu_type, region)), f"{pool.urn}: zones {zones}"
        assert zones, f"{pool.urn}: no zones"
        for zone in zones:
            assert zone.startswith(f"{region}-"), f"{pool.urn}: {zone} is outside {region}"
            assert zone in cat.gpus[spec.gpu_type].zones, f"{pool.urn}: {zone} has no {spec.gpu_type}"


def test_gpu_pool_accelerator_driver_and_sharing(run: Run) -> None:
    for spec, pool in gpu_pools(run):
        (acc,) = pool.inputs["nodeConfig"]["guestAccelerators"]
        assert acc["type"] == spec.gpu_type, pool.urn
        assert acc["count"] == spec.gpus_per_node, f"{pool.urn}: count {acc['count']!r}"
        assert acc["gpuDriverInstallationConfig"] == {"gpuDriverVersion": spec.driver_version}, pool.urn
        if isinstance(spec.sharing, TimeSharing):
            assert acc["gpuSharingConfig"] == {
                "gpuSharingStrategy": "TIME_SHARING",
                "maxSharedClientsPerGpu": spec.sharing.max_shared_clients_per_gpu,
            }, pool.urn
            assert "gpuPartitionSize" not in acc, pool.urn
        elif isinstance(spec.sharing, Mig):
            assert acc["gpuPartitionSize"] == spec.sharing.partition_size, pool.urn
            assert "gpuSharingConfig" not in acc, pool.urn
        else:
            assert "gpuSharingConfig" not in acc and "gpuPartitionSize" not in acc, pool.urn


def test_gpu_pool_scaling_spot_taint_and_labels(run: Run) -> None:
    for spec, pool in gpu_pools(run):
        i, urn = pool.inputs, pool.urn
        assert i["autoscaling"]["totalMinNodeCount"] == spec.min_nodes, urn
        assert i["autoscaling"]["totalMaxNodeCount"] == spec.max_nodes, urn
        assert i["autoscaling"]["locationPolicy"] == ("ANY" if spec.spot else "BALANCED"), urn
        assert i["nodeConfig"]["spot"] is spec.spot, urn
        assert i["nodeConfig"]["taints"] == [
            {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}
        ], urn
        assert i["nodeConfig"]["labels"] == {
            "sluicegate.io/pool": spec.name,
            "sluicegate.io/gpu-type": spec.gpu_type,
        }, urn
        assert i["nodeConfig"]["machineType"] == spec.machine_type, urn
        assert i["nodeConfig"]["diskSizeGb"] == spec.disk_size_gb, urn


def test_every_pool_is_managed_and_hardened(run: Run) -> None:
    n = Names.of(run.platform)
    cluster = run.one("gcp:container/cluster:Cluster")
    cluster_id = f"projects/{run.platform.project_id}/locations/{run.platform.region}/clusters/{n.cluster}"
    for pool in run.of_type(NODE_POOL):
        i, urn, config = pool.inputs, pool.urn, pool.inputs["nodeConfig"]
        assert i["cluster"] == cluster_id, f"{urn}: cluster {i['cluster']!r} (cluster is {cluster.urn})"
        assert i["location"] == run.platform.region, urn
        assert i["management"] == {"autoRepair": True, "autoUpgrade": True}, urn
        assert config["imageType"] == "COS_CONTAINERD", urn
        assert config["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}, urn
        assert config["shieldedInstanceConfig"] == {
            "enableSecureBoot": True,
            "enableIntegrityMonitoring": True,
        }, urn
        assert config["serviceAccount"] == n.service_account_email(n.node_service_account), urn
        assert config["bootDiskKmsKey"] == n.crypto_key_id("disks"), urn
        assert f"/locations/{run.platform.region}/" in config["bootDiskKmsKey"], urn
        assert config["metadata"] == {"disable-legacy-endpoints": "true"}, urn
        assert config["kubeletConfig"]["insecureKubeletReadonlyPortEnabled"] == "FALSE", urn


def test_system_pool_follows_the_spec(run: Run) -> None:
    n, spec = Names.of(run.platform), run.platform.cluster.system_pool
    pool = system_pool(run)
    assert pool.inputs["nodeConfig"]["labels"] == {"sluicegate.io/pool": n.system_pool}, pool.urn
    assert pool.inputs["nodeConfig"]["machineType"] == spec.machine_type, pool.urn
    assert pool.inputs["autoscaling"]["totalMinNodeCount"] == spec.min_nodes, pool.urn
    assert pool.inputs["autoscaling"]["totalMaxNodeCount"] == spec.max_nodes, pool.urn
    assert pool.inputs["nodeLocations"] == list(catalogue.load().zones(run.platform.region)), pool.urn
    assert "taints" not in pool.inputs["nodeConfig"], f"{pool.urn}: system pods must fit untolerated"


def test_hyperdisk_only_machines_get_a_hyperdisk_boot_disk(runs: dict[str, Run]) -> None:
    run = runs["europe"]
    disks = {spec.name: pool.inputs["nodeConfig"]["diskType"] for spec, pool in gpu_pools(run)}
    assert disks == {"l4": "pd-balanced", "a100": "pd-balanced", "rtx": "hyperdisk-balanced"}


def test_pools_hang_off_the_cluster_component(run: Run) -> None:
    cluster = run.one("sluicegate:gcp:Cluster")
    pools = {r.urn for r in run.of_type(NODE_POOL)}
    below = {r.urn for r in run.under(cluster.urn) if r.type == NODE_POOL}
    assert pools == below


def test_system_pool_name_is_versioned_by_its_replacing_settings(run: Run) -> None:
    n, spec = Names.of(run.platform), run.platform.cluster.system_pool
    name = system_pool(run).inputs["name"]
    assert re.fullmatch(r"system-[0-9a-f]{8}", name), name
    # What forces a new pool changes the name; what is updated in place does not.
    for change in ({"machine_type": "e2-standard-16"}, {"disk_size_gb": spec.disk_size_gb + 50}):
        other = system_pool_name(n, spec.model_copy(update=change))
        assert other != name and other.startswith("system-"), change
    scaled = spec.model_copy(update={"min_nodes": spec.min_nodes + 1, "max_nodes": spec.max_nodes + 1})
    assert system_pool_name(n, scaled) == name
    # Another project (another node account and disk key) is another pool.
    assert system_pool_name(Names(n.prefix, "other-project", n.region), spec) != name


def test_the_example_system_pool_name_is_stable() -> None:
    """The hash is of the settings, not of Python's hash seed or dict order."""
    n = Names("sg", "acme-ml-platform", "australia-southeast1")
    assert system_pool_name(n, SystemPool()) == system_pool_name(n, SystemPool())
    assert system_pool_name(n, SystemPool()) != system_pool_name(
        Names("sg", "acme-ml-platform", "europe-west4"), SystemPool()
    )


def test_system_pool_is_created_before_the_old_one_is_deleted(run: Run) -> None:
    pool = system_pool(run)
    options = pool.options
    assert "deleteBeforeReplace" not in options, f"{pool.urn}: {options}"
    assert options["replaceOnChanges"] == sorted(REPLACED_ON), f"{pool.urn}: {options}"
    assert options["ignoreChanges"] == ["initialNodeCount"], pool.urn


def test_gpu_pools_are_deleted_before_they_are_replaced(run: Run) -> None:
    # Stable names, and creating first would need the GPU quota twice over.
    for spec, pool in gpu_pools(run):
        assert pool.options.get("deleteBeforeReplace") is True, f"{pool.urn}: {pool.options}"
        assert "nodeConfig.guestAccelerators" in pool.options["replaceOnChanges"], pool.urn
