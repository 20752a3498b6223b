"""Each scenario's synthesized Terraform against its YAML inventory, plus properties
every scenario must have (every location is the spec's region, names match the
platform layer's, no perimeter rule opens to any identity)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sluicegate import catalogue
from sluicegate.names import KMS_KEY_PURPOSES, Names
from sluicegate.spec.model import Platform

INVENTORIES = Path(__file__).parent / "inventories"
# Inventory sections keyed by resource address (`type.name`).
ADDRESSED = ("resource", "data")


def _mismatches(got: Any, expected: Any, where: str) -> Iterator[str]:
    """Where ``got`` differs from ``expected``: mappings by the expected keys only,
    lists element by element and of equal length, scalars by equality."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            yield f"{where}: got {got!r}, expected a mapping {expected!r}"
            return
        for key, value in expected.items():
            if key not in got:
                yield f"{where}.{key}: missing, expected {value!r}"
            else:
                yield from _mismatches(got[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            yield f"{where}: got {got!r}, expected {expected!r}"
            return
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            yield from _mismatches(g, e, f"{where}[{i}]")
    elif got != expected:
        yield f"{where}: got {got!r}, expected {expected!r}"


def inventory_problems(config: dict, inventory: dict) -> list[str]:
    """Every difference between a synthesized ``config`` and an ``inventory``."""
    problems = []
    for rtype, count in inventory.get("counts", {}).items():
        got = len(config.get("resource", {}).get(rtype, {}))
        if got != count:
            problems.append(f"count of {rtype}: got {got}, expected {count}")
    for section in ADDRESSED:
        for address, expected in inventory.get(section, {}).items():
            rtype, name = address.split(".", 1)
            shown = f"data.{address}" if section == "data" else address
            found = config.get(section, {}).get(rtype, {}).get(name)
            if found is None:
                problems.append(f"{shown}: not in the synthesized config")
            else:
                problems.extend(_mismatches(found, expected, shown))
    for section in ("provider", "terraform"):
        if section in inventory:
            problems.extend(_mismatches(config.get(section), inventory[section], section))
    return problems


def test_inventory(scenario: str, synthesized: Callable[[str], dict]) -> None:
    inventory_file = INVENTORIES / f"{scenario}.yaml"
    inventory = yaml.safe_load(inventory_file.read_text())
    problems = inventory_problems(synthesized(scenario), inventory)
    assert not problems, f"{inventory_file.name}:\n  " + "\n  ".join(problems)


def test_every_scenario_has_an_inventory(scenario_names: tuple[str, ...]) -> None:
    assert sorted(p.stem for p in INVENTORIES.glob("*.yaml")) == sorted(scenario_names)


def test_inventory_comparison_reports_address_got_and_expected() -> None:
    config = {"resource": {"google_kms_key_ring": {"kms_ring": {"location": "us-east4"}}}}
    inventory = {
        "counts": {"google_kms_key_ring": 2},
        "resource": {
            "google_kms_key_ring.kms_ring": {"location": "australia-southeast1"},
            "google_compute_network.network_vpc": {"name": "sg-vpc"},
        },
    }
    assert inventory_problems(config, inventory) == [
        "count of google_kms_key_ring: got 1, expected 2",
        "google_kms_key_ring.kms_ring.location: got 'us-east4', expected 'australia-southeast1'",
        "google_compute_network.network_vpc: not in the synthesized config",
    ]


def _resources(config: dict) -> Iterator[tuple[str, dict]]:
    for rtype, by_name in config.get("resource", {}).items():
        for name, body in by_name.items():
            yield f"{rtype}.{name}", body


def _locations(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (path, value) under ``value`` whose key says it is a place."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key in ("location", "region", "storage_location") and isinstance(child, str):
                yield f"{path}.{key}", child
            else:
                yield from _locations(child, f"{path}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _locations(child, f"{path}[{i}]")


def test_every_location_is_the_region(
    scenario: str, synthesized: Callable[[str], dict], platform_of: Callable[[str], Platform]
) -> None:
    region = platform_of(scenario).region
    config = synthesized(scenario)
    found = [
        f"{where}: got {got!r}, expected {region!r}"
        for address, body in _resources(config)
        for where, got in _locations(body, address)
        if got.lower() != region
    ]
    assert not found, "\n".join(found)
    assert any(True for address, body in _resources(config) for _ in _locations(body, address))


def test_no_other_region_appears(
    scenario: str, synthesized: Callable[[str], dict], platform_of: Callable[[str], Platform]
) -> None:
    region = platform_of(scenario).region
    text = json.dumps(synthesized(scenario)).lower()
    others = [r for r in catalogue.load().regions if r != region and re.search(rf"\b{r}\b", text)]
    assert not others, f"{scenario}: the config names other regions: {others}"


def test_names_are_the_ones_the_platform_layer_derives(
    scenario: str, synthesized: Callable[[str], dict], platform_of: Callable[[str], Platform]
) -> None:
    """The platform (Pulumi) finds the network, subnet and keys by derived IDs, never by
    state; these IDs must be exactly what the foundation creates."""
    platform = platform_of(scenario)
    names = Names.of(platform)
    resources = synthesized(scenario)["resource"]
    ring = resources["google_kms_key_ring"]["kms_ring"]
    for purpose in KMS_KEY_PURPOSES:
        key = resources["google_kms_crypto_key"][f"kms_key_{purpose.replace('-', '_')}"]
        built = (
            f"projects/{ring['project']}/locations/{ring['location']}/keyRings/{ring['name']}"
            f"/cryptoKeys/{key['name']}"
        )
        assert built == names.crypto_key_id(purpose), f"kms_key_{purpose}: {built!r}"
    vpc = resources["google_compute_network"]["network_vpc"]
    subnet = resources["google_compute_subnetwork"]["network_subnetwork"]
    assert f"projects/{vpc['project']}/global/networks/{vpc['name']}" == names.network_id
    assert (
        f"projects/{subnet['project']}/regions/{subnet['region']}/subnetworks/{subnet['name']}"
        == names.subnetwork_id
    )
    ranges = {r["range_name"] for r in subnet["secondary_ip_range"]}
    assert ranges == {names.pods_range, names.services_range}


def test_keys_rotate_within_90_days(scenario: str, synthesized: Callable[[str], dict]) -> None:
    keys = synthesized(scenario)["resource"]["google_kms_crypto_key"]
    slow = {
        name: key.get("rotation_period")
        for name, key in keys.items()
        if int(key.get("rotation_period", "0s").rstrip("s")) not in range(86400, 90 * 86400 + 1)
    }
    assert not slow, f"keys without a rotation of at most 90 days: {slow}"


def test_deny_all_egress_is_below_every_allow(
    scenario: str, synthesized: Callable[[str], dict]
) -> None:
    rules = synthesized(scenario)["resource"]["google_compute_firewall"]
    denies = {n: r for n, r in rules.items() if "deny" in r}
    allows = {n: r for n, r in rules.items() if "allow" in r}
    assert list(denies) == ["egress_deny_all"]
    deny = denies["egress_deny_all"]
    assert deny["destination_ranges"] == ["0.0.0.0/0"]
    for name, rule in allows.items():
        assert rule["direction"] == "EGRESS", f"google_compute_firewall.{name}: not an egress rule"
        assert rule["priority"] < deny["priority"], (
            f"google_compute_firewall.{name}: priority {rule['priority']} is not above the "
            f"deny-all's {deny['priority']}"
        )
        assert "0.0.0.0/0" not in rule["destination_ranges"], f"google_compute_firewall.{name}"


@pytest.mark.parametrize("scenario", ["example", "europe_west4"])
def test_perimeter_is_enforced_and_opens_to_no_one(
    scenario: str, synthesized: Callable[[str], dict]
) -> None:
    perimeter = synthesized(scenario)["resource"]["google_access_context_manager_service_perimeter"]
    body = perimeter["perimeter_perimeter"]
    assert "spec" not in body, "a dry-run spec enforces nothing"
    status = body["status"]
    vpc = status["vpc_accessible_services"]
    assert vpc["allowed_services"] == status["restricted_services"]
    assert "storage.googleapis.com" in status["restricted_services"]
    assert "ANY_IDENTITY" not in json.dumps(body)


def test_docs_describe_every_resource_type_constraint_and_api(
    scenario_names: tuple[str, ...], synthesized: Callable[[str], dict]
) -> None:
    """docs/foundation.md lists every resource by logical entity; this keeps it complete."""
    from sluicegate.foundation.org_policies import CONSTRAINTS
    from sluicegate.foundation.services import PERIMETER_APIS, PLATFORM_APIS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "foundation.md").read_text()
    types = {t for name in scenario_names for t in synthesized(name)["resource"]}
    data = {t for name in scenario_names for t in synthesized(name)["data"]}
    wanted = types | data | {c.name for c in CONSTRAINTS}
    wanted |= {api.split(".")[0] for api in (*PLATFORM_APIS, *PERIMETER_APIS)}
    missing = sorted(w for w in wanted if w not in docs)
    assert not missing, f"docs/foundation.md does not mention: {missing}"
