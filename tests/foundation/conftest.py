"""Scenarios of the foundation, each synthesized once per test session.

Synthesis starts a node process and takes seconds, so every scenario is built
once (``synthesized``) and shared by all the tests that read it. Scenarios are
the example platform changed in memory with ``model_copy``; the example's files
are never edited.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.spec.model import Platform
from sluicegate.spec.rules import ensure_valid

REPO = Path(__file__).resolve().parents[2]
ORGANIZATION_ID = "123456789012"
FOLDER_ID = "234567890123"

# name -> how the scenario differs from the example platform.
SCENARIOS: dict[str, Callable[[Platform], Platform]] = {
    "example": lambda p: p,
    "organization": lambda p: p.model_copy(
        update={
            "organization_id": ORGANIZATION_ID,
            "policy_scope": "organization",
            "confirm_organization_wide": True,
        }
    ),
    "folder": lambda p: p.model_copy(update={"folder_id": FOLDER_ID}),
    "organization_and_folder": lambda p: p.model_copy(
        update={"organization_id": ORGANIZATION_ID, "folder_id": FOLDER_ID}
    ),
    "no_perimeter": lambda p: p.model_copy(update={"vpc_sc": None, "operators": None}),
    "europe_west4": lambda p: p.model_copy(update={"region": "europe-west4"}),
    # The organization's own access level (a device policy) instead of created ones.
    "existing_access_levels": lambda p: p.model_copy(
        update={
            "operators": p.operators.model_copy(
                update={
                    "access_levels": (),
                    "existing_access_levels": (EXISTING_LEVEL,),
                }
            )
        }
    ),
    "no_team_owner_access": lambda p: p.model_copy(
        update={"vpc_sc": p.vpc_sc.model_copy(update={"team_owner_access": False})}
    ),
    "attestor": lambda p: p.model_copy(
        update={
            "cluster": p.cluster.model_copy(
                update={
                    "binary_authorization": p.cluster.binary_authorization.model_copy(
                        update={"attestor": ATTESTOR}
                    )
                }
            )
        }
    ),
    # The Docker Hub mirror pulls as an account: its token's in-region secret and key.
    "dockerhub": lambda p: p.model_copy(
        update={"registry": p.registry.model_copy(update={"dockerhub_username": DOCKERHUB_USER})}
    ),
}
DOCKERHUB_USER = "acmeml"
EXISTING_LEVEL = "accessPolicies/987654321098/accessLevels/acme_managed_devices"
ATTESTOR = "projects/acme-ml-platform/attestors/sg-ci"
# The webhook target ports a scenario's manifests serve (derived from the hydrated
# tree in a plan; given here). Kubeflow 26.03's: PodDefaults, Katib/KFP cache/
# Gatekeeper, pvcviewer, istiod.
WEBHOOK_PORTS = {"example": (15017, 4443, 8443, 9443)}


@pytest.fixture(params=list(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> str:
    """Every scenario's name in turn (a test parametrizing ``scenario`` picks its own)."""
    return request.param


@pytest.fixture(scope="session")
def scenario_names() -> tuple[str, ...]:
    return tuple(SCENARIOS)


@pytest.fixture(scope="session")
def example() -> Platform:
    return spec.load(REPO)


@pytest.fixture(scope="session")
def platform_of(example: Platform) -> Callable[[str], Platform]:
    """The platform of a scenario, by name."""
    return lambda name: SCENARIOS[name](example)


@pytest.fixture(scope="session")
def synthesized(platform_of: Callable[[str], Platform]) -> Callable[[str], dict]:
    """The Terraform JSON of a scenario's stages (by folder, as ``write`` lays them out),
    by scenario name: synthesized on first use, then reused."""
    from cdktn import Testing

    from sluicegate.foundation import (
        FOUNDATION_FOLDER,
        PERIMETER_FOLDER,
        PERIMETER_STACK_ID,
        STACK_ID,
        FoundationStack,
        PerimeterStack,
    )

    cache: dict[str, dict[str, dict]] = {}

    def get(name: str) -> dict[str, dict]:
        if name not in cache:
            platform = platform_of(name)
            ensure_valid(platform)
            ports = WEBHOOK_PORTS.get(name, ())
            stack = FoundationStack(Testing.app(), STACK_ID, platform, webhook_ports=ports)
            modules = {FOUNDATION_FOLDER: json.loads(Testing.synth(stack))}
            if platform.vpc_sc:
                stage2 = PerimeterStack(Testing.app(), PERIMETER_STACK_ID, platform)
                modules[PERIMETER_FOLDER] = json.loads(Testing.synth(stage2))
            cache[name] = modules
        return cache[name]

    return get


@pytest.fixture(scope="session")
def webhook_ports_of() -> Callable[[str], tuple[int, ...]]:
    """The webhook ports a scenario's foundation was synthesized with."""
    return lambda name: WEBHOOK_PORTS.get(name, ())


@pytest.fixture(scope="session")
def stage0(synthesized: Callable[[str], dict[str, dict]]) -> Callable[[str], dict]:
    """A scenario's stage 0 root module (``0-foundation``)."""
    return lambda name: synthesized(name)["0-foundation"]
