"""Each scenario's synthesized Terraform, stage by stage, against its YAML inventory,
plus properties every scenario must have (every location is the spec's region, names
match the platform layer's, the perimeter lets in exactly the spec's identities and
no one else, grants wait for the agents they name)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sluicegate import catalogue
from sluicegate.names import Names, key_purposes
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


def test_inventory(scenario: str, synthesized: Callable[[str], dict[str, dict]]) -> None:
    """An inventory has one section per stage module; a scenario writes exactly those."""
    inventory_file = INVENTORIES / f"{scenario}.yaml"
    inventory = yaml.safe_load(inventory_file.read_text())
    modules = synthesized(scenario)
    assert sorted(modules) == sorted(inventory), f"{inventory_file.name}: stage modules"
    problems = [
        f"{folder}: {problem}"
        for folder, expected in inventory.items()
        for problem in inventory_problems(modules[folder], expected)
    ]
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


def _resources(modules: dict[str, dict]) -> Iterator[tuple[str, dict]]:
    """Every resource of every stage module, as ``<folder>/<type>.<name>``."""
    for folder, config in modules.items():
        for rtype, by_name in config.get("resource", {}).items():
            for name, body in by_name.items():
                yield f"{folder}/{rtype}.{name}", body


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
    scenario: str, synthesized: Callable[[str], dict[str, dict]], platform_of: Callable[[str], Platform]
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
    scenario: str, synthesized: Callable[[str], dict[str, dict]], platform_of: Callable[[str], Platform]
) -> None:
    region = platform_of(scenario).region
    text = json.dumps(synthesized(scenario)).lower()
    others = [r for r in catalogue.load().regions if r != region and re.search(rf"\b{r}\b", text)]
    assert not others, f"{scenario}: the config names other regions: {others}"


def test_names_are_the_ones_the_platform_layer_derives(
    scenario: str, stage0: Callable[[str], dict], platform_of: Callable[[str], Platform]
) -> None:
    """The platform (Pulumi) finds the network, subnet and keys by derived IDs, never by
    state; these IDs must be exactly what the foundation creates."""
    platform = platform_of(scenario)
    names = Names.of(platform)
    resources = stage0(scenario)["resource"]
    ring = resources["google_kms_key_ring"]["kms_ring"]
    for purpose in key_purposes(platform):
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


def test_keys_rotate_within_90_days(scenario: str, stage0: Callable[[str], dict]) -> None:
    keys = stage0(scenario)["resource"]["google_kms_crypto_key"]
    slow = {
        name: key.get("rotation_period")
        for name, key in keys.items()
        if int(key.get("rotation_period", "0s").rstrip("s")) not in range(86400, 90 * 86400 + 1)
    }
    assert not slow, f"keys without a rotation of at most 90 days: {slow}"


def test_deny_all_egress_is_below_every_allow(scenario: str, stage0: Callable[[str], dict]) -> None:
    rules = stage0(scenario)["resource"]["google_compute_firewall"]
    denies = {n: r for n, r in rules.items() if "deny" in r}
    allows = {n: r for n, r in rules.items() if "allow" in r and r["direction"] == "EGRESS"}
    assert list(denies) == ["egress_deny_all"]
    deny = denies["egress_deny_all"]
    assert deny["destination_ranges"] == ["0.0.0.0/0"]
    assert len(allows) == 3
    for name, rule in allows.items():
        assert rule["priority"] < deny["priority"], (
            f"google_compute_firewall.{name}: priority {rule['priority']} is not above the "
            f"deny-all's {deny['priority']}"
        )
        assert "0.0.0.0/0" not in rule["destination_ranges"], f"google_compute_firewall.{name}"


def test_ingress_rules_open_only_the_webhook_and_dashboard_ports_to_the_nodes(
    scenario: str,
    stage0: Callable[[str], dict],
    platform_of: Callable[[str], Platform],
    webhook_ports_of: Callable[[str], tuple[int, ...]],
) -> None:
    platform = platform_of(scenario)
    names = Names.of(platform)
    nodes = [names.service_account_email(names.node_service_account)]
    rules = stage0(scenario)["resource"]["google_compute_firewall"]
    ingress = {n: r for n, r in rules.items() if r["direction"] == "INGRESS"}
    # name -> (sources, ports): the load balancer's proxies to the gateway's HTTP
    # target port, health checks to its status port, the control plane to webhooks.
    expected = {
        "dashboard_allow_proxies": ([platform.network.proxy_only_cidr], ["8080"]),
        "dashboard_allow_health_checks": (["35.191.0.0/16", "130.211.0.0/22"], ["15021"]),
    }
    ports = webhook_ports_of(scenario)
    if ports:
        expected["webhooks_allow_control_plane"] = (
            [platform.network.control_plane_cidr], [str(p) for p in sorted(ports)]
        )
    assert sorted(ingress) == sorted(expected), f"{scenario}: ingress rules"
    for name, (sources, allowed) in expected.items():
        rule = ingress[name]
        assert rule["source_ranges"] == sources, f"{scenario}: google_compute_firewall.{name}"
        assert rule["target_service_accounts"] == nodes, f"{scenario}: google_compute_firewall.{name}"
        assert rule["allow"] == [{"protocol": "tcp", "ports": allowed}], (
            f"{scenario}: google_compute_firewall.{name}"
        )


# Which resource types each stage holds: the perimeter is enforced only by stage 2.
STAGE2_TYPES = {
    "google_access_context_manager_service_perimeter_ingress_policy",
    "google_access_context_manager_service_perimeter_resource",
}


def test_each_stage_holds_its_own_resources(
    scenario: str, synthesized: Callable[[str], dict[str, dict]],
    platform_of: Callable[[str], Platform],
) -> None:
    modules = synthesized(scenario)
    stage0_types = set(modules["0-foundation"]["resource"])
    assert not stage0_types & STAGE2_TYPES, f"{scenario}: stage 0 enforces the perimeter"
    if not platform_of(scenario).vpc_sc:
        assert list(modules) == ["0-foundation"], f"{scenario}: no perimeter, no stage 2"
        return
    assert set(modules["2-perimeter"]["resource"]) == STAGE2_TYPES
    assert "google_access_context_manager_service_perimeter" in stage0_types
    assert modules["2-perimeter"]["terraform"]["backend"]["gcs"]["prefix"] == "perimeter"


@pytest.mark.parametrize(
    "scenario",
    ["example", "europe_west4", "existing_access_levels", "no_team_owner_access", "folder"],
)
def test_ingress_rules_let_in_exactly_the_spec_identities(
    scenario: str,
    synthesized: Callable[[str], dict[str, dict]],
    platform_of: Callable[[str], Platform],
) -> None:
    """Enforced (stage 2) and dry run (stage 0): the deployers to the services they call,
    the team owners to Cloud Storage only when the spec asks, from the access levels."""
    from sluicegate.foundation.perimeter import DEPLOYER_SERVICES

    platform = platform_of(scenario)
    modules = synthesized(scenario)
    policy = platform.vpc_sc.access_policy_id
    levels = [f"accessPolicies/{policy}/accessLevels/{lv.name}" for lv in platform.operators.access_levels]
    levels += list(platform.operators.existing_access_levels)
    owners = sorted({f"user:{o}" for t in platform.teams for o in t.owners})
    expected = {"deployers: Terraform, Pulumi and CI": (list(platform.operators.deployers), sorted(DEPLOYER_SERVICES))}
    if platform.vpc_sc.team_owner_access:
        expected["team owners: their DVC data"] = (owners, ["storage.googleapis.com"])
    enforced = modules["2-perimeter"]["resource"][
        "google_access_context_manager_service_perimeter_ingress_policy"
    ]
    dry_run = modules["0-foundation"]["resource"][
        "google_access_context_manager_service_perimeter"
    ]["perimeter_perimeter"]["spec"]["ingress_policies"]
    for where, rules in (("2-perimeter", list(enforced.values())), ("0-foundation spec", dry_run)):
        got = {
            r["title"]: (
                r["ingress_from"]["identities"],
                [op["service_name"] for op in r["ingress_to"]["operations"]],
            )
            for r in rules
        }
        assert got == expected, f"{scenario} {where}: ingress rules"
        for r in rules:
            assert "identity_type" not in r["ingress_from"], f"{scenario} {where}: {r['title']}"
            assert all(
                op["method_selectors"] == [{"method": "*"}] for op in r["ingress_to"]["operations"]
            )
    for r in enforced.values():
        got_levels = [s["access_level"] for s in r["ingress_from"]["sources"]]
        assert got_levels == levels, f"{scenario}: {r['title']}: sources"
    assert "ANY_IDENTITY" not in json.dumps(modules)


@pytest.mark.parametrize("scenario", ["example", "europe_west4"])
def test_perimeter_is_dry_run_at_stage_0_and_enforced_at_stage_2(
    scenario: str, synthesized: Callable[[str], dict[str, dict]]
) -> None:
    modules = synthesized(scenario)
    body = modules["0-foundation"]["resource"]["google_access_context_manager_service_perimeter"][
        "perimeter_perimeter"
    ]
    assert body["use_explicit_dry_run_spec"] is True
    assert body["spec"]["resources"] == ["projects/${data.google_project.foundation_project.number}"]
    status = body["status"]
    assert "resources" not in status and "ingress_policies" not in status
    assert status["vpc_accessible_services"]["allowed_services"] == status["restricted_services"]
    assert body["spec"]["restricted_services"] == status["restricted_services"]
    assert "storage.googleapis.com" in status["restricted_services"]
    stage2 = modules["2-perimeter"]["resource"]
    project = stage2["google_access_context_manager_service_perimeter_resource"]["perimeter_project"]
    assert project["perimeter_name"] == body["name"]
    ingress = stage2["google_access_context_manager_service_perimeter_ingress_policy"]
    assert {r["perimeter"] for r in ingress.values()} == {body["name"]}
    assert project["depends_on"] == [
        f"google_access_context_manager_service_perimeter_ingress_policy.{n}" for n in ingress
    ], "the project goes into the enforced perimeter only after every ingress rule"


def test_every_kms_grant_names_and_waits_for_its_agent(
    scenario: str, stage0: Callable[[str], dict], platform_of: Callable[[str], Platform]
) -> None:
    """No grant may name an agent that may not exist yet: each takes the agent's e-mail
    from the resource that creates or reads it and depends on it."""
    config = stage0(scenario)
    grants = config["resource"]["google_kms_crypto_key_iam_member"]
    identities = config["resource"]["google_project_service_identity"]
    # Secret Manager's agent only with the Docker Hub token's secret (and its key).
    agents = {"container.googleapis.com", "artifactregistry.googleapis.com"}
    if platform_of(scenario).registry.dockerhub_username:
        agents.add("secretmanager.googleapis.com")
    assert {i["service"] for i in identities.values()} == agents, scenario
    for name, grant in grants.items():
        (dependency,) = grant["depends_on"]
        if dependency == "google_project_service.services_compute":
            # Compute Engine's agent comes with its API; the only address built by hand.
            assert grant["member"].endswith("@compute-system.iam.gserviceaccount.com"), name
            continue
        assert grant["member"].startswith(f"serviceAccount:${{{dependency}."), (
            f"google_kms_crypto_key_iam_member.{name}: {grant['member']} is not read from "
            f"{dependency}"
        )
    assert "gcp-sa-artifactregistry" not in json.dumps(grants)
    assert "container-engine-robot" not in json.dumps(grants)


def test_docs_describe_every_resource_type_constraint_and_api(
    scenario_names: tuple[str, ...], synthesized: Callable[[str], dict[str, dict]]
) -> None:
    """docs/foundation.md lists every resource by logical entity; this keeps it complete."""
    from sluicegate.foundation.org_policies import CONSTRAINTS
    from sluicegate.foundation.services import DOCKERHUB_APIS, PERIMETER_APIS, PLATFORM_APIS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "foundation.md").read_text()
    modules = [m for name in scenario_names for m in synthesized(name).values()]
    types = {t for m in modules for t in m["resource"]}
    data = {t for m in modules for t in m["data"]}
    wanted = types | data | {c.name for c in CONSTRAINTS}
    wanted |= {api.split(".")[0] for api in (*PLATFORM_APIS, *PERIMETER_APIS, *DOCKERHUB_APIS)}
    missing = sorted(w for w in wanted if w not in docs)
    assert not missing, f"docs/foundation.md does not mention: {missing}"
