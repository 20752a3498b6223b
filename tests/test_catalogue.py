"""The catalogue's data is consistent and carries its source."""

from __future__ import annotations

import pytest
import yaml
from importlib import resources

from sluicegate import catalogue


def test_each_file_names_its_source_and_date() -> None:
    for name in ("regions.yaml", "gpus.yaml", "registries.yaml"):
        data = yaml.safe_load(resources.files("sluicegate.catalogue").joinpath(name).read_text())
        assert data["source"].startswith("https://cloud.google.com/"), name
        assert data["checked"], name


def test_required_regions_and_gpus_are_covered() -> None:
    cat = catalogue.load()
    assert {"australia-southeast1", "europe-west4", "us-central1"} <= set(cat.regions)
    assert {
        "nvidia-tesla-t4",
        "nvidia-l4",
        "nvidia-tesla-a100",
        "nvidia-a100-80gb",
        "nvidia-h100-80gb",
        "nvidia-h200-141gb",
    } <= set(cat.gpus)


def test_every_gpu_zone_belongs_to_a_known_region_and_zone() -> None:
    cat = catalogue.load()
    known = {zone for region in cat.regions.values() for zone in region.zones}
    for gpu_type, gpu in cat.gpus.items():
        assert gpu.zones, gpu_type
        assert set(gpu.zones) <= known, f"{gpu_type}: {sorted(set(gpu.zones) - known)}"
        assert gpu.machine_types or gpu.attach_to, gpu_type


def test_zones_are_named_after_their_region() -> None:
    for region, data in catalogue.load().regions.items():
        assert all(zone.rsplit("-", 1)[0] == region for zone in data.zones), region


def test_gpu_counts() -> None:
    cat = catalogue.load()
    assert cat.gpus["nvidia-l4"].gpus_for("g2-standard-48") == (4,)
    assert cat.gpus["nvidia-l4"].gpus_for("n1-standard-8") == ()
    assert cat.gpus["nvidia-tesla-t4"].gpus_for("n1-highmem-16") == (1, 2, 4)
    assert cat.gpus["nvidia-tesla-t4"].gpus_for("n2-standard-8") == ()


@pytest.mark.parametrize(
    ("gpu", "partition", "count"),
    [
        ("nvidia-tesla-a100", "1g.5gb", 7),
        ("nvidia-tesla-a100", "2g.10gb", 3),
        ("nvidia-h100-80gb", "1g.20gb", 4),  # two memory slices each: four fit, not seven
        ("nvidia-h100-80gb", "3g.40gb", 2),
        ("nvidia-h200-141gb", "4g.71gb", 1),
    ],
)
def test_mig_instances_per_gpu(gpu: str, partition: str, count: int) -> None:
    assert catalogue.load().gpus[gpu].mig_partitions[partition] == count


def test_mig_counts_never_exceed_seven_compute_slices() -> None:
    for gpu_type, gpu in catalogue.load().gpus.items():
        for partition, count in gpu.mig_partitions.items():
            compute = int(partition.split("g.")[0])
            assert 1 <= count <= 7 // compute, f"{gpu_type} {partition}: {count}"
