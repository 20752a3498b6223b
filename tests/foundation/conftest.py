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
    "no_perimeter": lambda p: p.model_copy(update={"vpc_sc": None}),
    "europe_west4": lambda p: p.model_copy(update={"region": "europe-west4"}),
}


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
    """The Terraform JSON of a scenario, by name: synthesized on first use, then reused."""
    from cdktn import Testing

    from sluicegate.foundation import STACK_ID, FoundationStack

    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            platform = platform_of(name)
            ensure_valid(platform)
            stack = FoundationStack(Testing.app(), STACK_ID, platform)
            cache[name] = json.loads(Testing.synth(stack))
        return cache[name]

    return get
