"""Run the platform program the way `pulumi up` runs it (``infra/__main__.py``
with its stack configuration), under mocks, and look at what it registered."""

from __future__ import annotations

import copy
import runpy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.platform import offline
from sluicegate.spec.model import Platform
from tests.conftest import REPO, read_yaml, write_yaml

MAIN = REPO / "infra" / "__main__.py"
# The apps digest a stack pins (sluicegate:gitopsDigest); any well-formed one will do.
GITOPS_DIGEST = "sha256:" + "5e" * 32


@dataclass(frozen=True)
class Run:
    """One mocked run: the spec it read and every resource it registered."""

    platform: Platform
    resources: tuple[offline.Registration, ...]

    def of_type(self, token: str) -> list[offline.Registration]:
        return [r for r in self.resources if r.type == token]

    def one(self, token: str, name: str | None = None) -> offline.Registration:
        found = [r for r in self.of_type(token) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {token} named {name!r}, found {[r.urn for r in found]}"
        return found[0]

    def under(self, urn: str) -> Iterator[offline.Registration]:
        """Every resource below ``urn`` in the parent tree."""
        for r in self.resources:
            parent = r.parent
            while parent:
                if parent == urn:
                    yield r
                    break
                parent = self.by_urn[parent].parent

    @property
    def by_urn(self) -> dict[str, offline.Registration]:
        return {r.urn: r for r in self.resources}


def run_main(spec_path: Path | None, digest: str | None = GITOPS_DIGEST) -> Run:
    """Run ``infra/__main__.py`` under mocks; ``None`` leaves ``sluicegate:spec`` (or
    ``sluicegate:gitopsDigest``) unset."""
    config = {"sluicegate:spec": str(spec_path)} if spec_path else {}
    if digest is not None:
        config["sluicegate:gitopsDigest"] = digest
    resources = offline.run(
        lambda: runpy.run_path(str(MAIN), run_name="__main__"),
        project="sluicegate",
        stack="test",
        config=config,
    )
    return Run(spec.load(spec_path or REPO), tuple(resources))


def scenario(root: Path, changes: dict, teams: list[dict]) -> Path:
    """Write a spec under ``root``: the example's platform.yaml with ``changes`` on top."""
    data = copy.deepcopy(read_yaml(REPO / "platform.yaml"))
    for key, value in changes.items():
        data[key] = value
    root.mkdir(parents=True)
    write_yaml(root / "platform.yaml", data)
    (root / "teams").mkdir()
    for team in teams:
        write_yaml(root / "teams" / f"{team['name']}.yaml", team)
    return root


def team(name: str, classification: str, gpu_types: list[str], quota: int = 0) -> dict:
    return {
        "name": name,
        "owners": [f"{name}.lead@acme.example"],
        "data_classification": classification,
        "gpu_quota": quota,
        "gpu_types": gpu_types,
    }


# Several pools of the kinds a team can ask for: time-shared spot T4s, plain P4s on
# the LATEST driver, H100s split by MIG. All offered in australia-southeast1.
MANY_POOLS = {
    "release_channel": "STABLE",
    "system_pool": {"machine_type": "e2-standard-8", "min_nodes": 3, "max_nodes": 6},
    "gpu_pools": [
        {
            "name": "t4",
            "gpu_type": "nvidia-tesla-t4",
            "machine_type": "n1-standard-8",
            "gpus_per_node": 1,
            "max_nodes": 4,
            "spot": True,
            "sharing": {"strategy": "time-sharing", "max_shared_clients_per_gpu": 4},
        },
        {
            "name": "p4",
            "gpu_type": "nvidia-tesla-p4",
            "machine_type": "n1-standard-4",
            "gpus_per_node": 2,
            "min_nodes": 1,
            "max_nodes": 3,
            "driver_version": "LATEST",
        },
        {
            "name": "h100",
            "gpu_type": "nvidia-h100-80gb",
            "machine_type": "a3-highgpu-8g",
            "gpus_per_node": 8,
            "max_nodes": 2,
            "disk_size_gb": 500,
            "sharing": {"strategy": "mig", "partition_size": "3g.40gb"},
        },
    ],
}

# A second region with other machine series, including one (G4) that needs Hyperdisk,
# and no VPC Service Controls perimeter: the operators reach the control plane from the
# authorized networks over the private IP endpoint.
EUROPE = {
    "region": "europe-west4",
    "vpc_sc": None,
    "operators": None,
    "network": {
        "subnet_cidr": "10.40.0.0/20",
        "pods_cidr": "10.44.0.0/14",
        "services_cidr": "10.48.0.0/20",
        "control_plane_cidr": "172.16.8.0/28",
        "proxy_only_cidr": "10.40.16.0/23",
        "authorized_networks": [
            {"name": "corp-vpn", "cidr": "10.200.0.0/16"},
            {"name": "ci-runners", "cidr": "10.201.4.0/24"},
        ],
    },
    "cluster": {
        "gpu_pools": [
            {
                "name": "l4",
                "gpu_type": "nvidia-l4",
                "machine_type": "g2-standard-8",
                "gpus_per_node": 1,
                "max_nodes": 4,
            },
            {
                "name": "a100",
                "gpu_type": "nvidia-tesla-a100",
                "machine_type": "a2-highgpu-1g",
                "gpus_per_node": 1,
                "max_nodes": 2,
                "sharing": {"strategy": "mig", "partition_size": "1g.5gb"},
            },
            {
                "name": "rtx",
                "gpu_type": "nvidia-rtx-pro-6000",
                "machine_type": "g4-standard-48",
                "gpus_per_node": 1,
                "max_nodes": 2,
                "spot": True,
            },
        ]
    },
    "argocd": {
        "repo_url": "https://github.com/acme/ml-platform-eu.git",
        "revision": "release-2026.11",
        "path": "gitops/rendered/",
        "ha": True,
    },
    "storage": {"soft_delete_days": 30, "retention_days": 0, "versioning": True},
    # The Docker Hub mirror pulls as an account (its token in the regional secret).
    "registry": {"dockerhub_username": "acmeeu"},
}


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """The example (default stack configuration) and two scenarios, each run once."""
    root = tmp_path_factory.mktemp("specs")
    many = scenario(
        root / "many",
        {
            "cluster": MANY_POOLS,
            "storage": {"soft_delete_days": 14, "retention_days": 30, "versioning": False},
        },
        [
            team("onco", "pii", ["nvidia-tesla-t4"], 4),
            team("radiology", "pii", ["nvidia-h100-80gb"], 16),
            team("forecast", "internal", ["nvidia-tesla-p4", "nvidia-tesla-t4"], 6),
            team("finance", "internal", []),
        ],
    )
    europe = scenario(
        root / "europe",
        EUROPE,
        [team("genomics", "pii", ["nvidia-tesla-a100"], 7), team("vision", "internal", ["nvidia-l4"], 2)],
    )
    return {"example": run_main(None), "many": run_main(many), "europe": run_main(europe)}


@pytest.fixture(params=["example", "many", "europe"])
def run(request: pytest.FixtureRequest, runs: dict[str, Run]) -> Run:
    return runs[request.param]
