"""Rules that span several fields, checked once the models have parsed.

Each rule yields ``(file, field path, reason)``; the loader raises the first as a
``SpecError``. The order of the rules is the order a reader fixes things in:
region, network, pools, teams, then the names derived from all of them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from itertools import combinations

from sluicegate import catalogue, names
from sluicegate.errors import SpecError
from sluicegate.spec.model import Mig, Platform, Team

PLATFORM_FILE = "platform.yaml"

Problem = tuple[str, str, str]


def team_file(team: Team | str) -> str:
    return f"teams/{team if isinstance(team, str) else team.name}.yaml"


def _region(p: Platform) -> Iterator[Problem]:
    known = catalogue.load().regions
    if p.region not in known:
        yield PLATFORM_FILE, "region", f"unknown region {p.region!r} (known: {', '.join(sorted(known))})"


def _network(p: Platform) -> Iterator[Problem]:
    net = p.network
    plane = ipaddress.ip_network(net.control_plane_cidr)
    if plane.prefixlen != 28:
        yield PLATFORM_FILE, "network.control_plane_cidr", f"must be a /28, not /{plane.prefixlen}"
    ranges = {
        field: ipaddress.ip_network(getattr(net, field))
        for field in (
            "subnet_cidr", "pods_cidr", "services_cidr", "control_plane_cidr", "proxy_only_cidr"
        )
    }
    for (a, net_a), (b, net_b) in combinations(ranges.items(), 2):
        if net_a.overlaps(net_b):
            yield PLATFORM_FILE, f"network.{b}", f"{net_b} overlaps network.{a} ({net_a})"


def _pools(p: Platform) -> Iterator[Problem]:
    cat = catalogue.load()
    system = p.cluster.system_pool
    if system.min_nodes > system.max_nodes:
        yield PLATFORM_FILE, "cluster.system_pool.min_nodes", f"must be <= max_nodes ({system.max_nodes})"
    seen: set[str] = set()
    for i, pool in enumerate(p.cluster.gpu_pools):
        at = f"cluster.gpu_pools[{i}]"
        if pool.name in seen:
            yield PLATFORM_FILE, f"{at}.name", f"pool {pool.name!r} is defined twice"
        seen.add(pool.name)
        if pool.min_nodes > pool.max_nodes:
            yield PLATFORM_FILE, f"{at}.min_nodes", f"must be <= max_nodes ({pool.max_nodes})"
        gpu = cat.gpus.get(pool.gpu_type)
        if gpu is None:
            yield PLATFORM_FILE, f"{at}.gpu_type", (
                f"unknown GPU type {pool.gpu_type!r} (known: {', '.join(sorted(cat.gpus))})"
            )
            continue
        counts = gpu.gpus_for(pool.machine_type)
        if not counts:
            yield PLATFORM_FILE, f"{at}.machine_type", (
                f"{pool.machine_type} cannot carry {pool.gpu_type} "
                f"(use {', '.join(gpu.machine_type_names())})"
            )
        elif pool.gpus_per_node not in counts:
            allowed = " or ".join(str(c) for c in counts)
            yield PLATFORM_FILE, f"{at}.gpus_per_node", (
                f"{pool.machine_type} takes {allowed} {pool.gpu_type}, not {pool.gpus_per_node}"
            )
        if p.region in cat.regions and not cat.gpu_zones(pool.gpu_type, p.region):
            yield PLATFORM_FILE, f"{at}.gpu_type", (
                f"{pool.gpu_type} is not offered in any zone of {p.region}"
            )
        if isinstance(pool.sharing, Mig):
            if not gpu.mig_partitions:
                yield PLATFORM_FILE, f"{at}.sharing.strategy", f"{pool.gpu_type} does not support MIG"
            elif pool.sharing.partition_size not in gpu.mig_partitions:
                yield PLATFORM_FILE, f"{at}.sharing.partition_size", (
                    f"{pool.sharing.partition_size!r} is not a MIG partition of {pool.gpu_type} "
                    f"({', '.join(gpu.mig_partitions)})"
                )


def _scope(p: Platform) -> Iterator[Problem]:
    if p.policy_node == "folder" and not p.folder_id:
        yield PLATFORM_FILE, "policy_scope", "folder needs folder_id (the platform's dedicated folder)"
    if p.policy_node == "organization":
        if not p.organization_id:
            yield PLATFORM_FILE, "policy_scope", "organization needs organization_id"
        elif not p.confirm_organization_wide:
            yield PLATFORM_FILE, "confirm_organization_wide", (
                f"policy_scope organization sets gcp.resourceLocations, CMEK and OS Login on "
                f"every project of organization {p.organization_id}, not only this platform's; "
                "use a dedicated folder (folder_id), or set confirm_organization_wide: true"
            )
    if p.confirm_organization_wide and p.policy_node != "organization":
        yield PLATFORM_FILE, "confirm_organization_wide", "is set but policy_scope is not organization"


def _operators(p: Platform) -> Iterator[Problem]:
    if p.vpc_sc and not p.operators:
        yield PLATFORM_FILE, "operators", (
            "vpc_sc needs operators (deployers and access_levels): an enforced perimeter "
            "without them refuses terraform, pulumi and CI"
        )
    if not p.operators:
        return
    ops = p.operators
    if p.vpc_sc and not (ops.access_levels or ops.existing_access_levels):
        yield PLATFORM_FILE, "operators.access_levels", (
            "the perimeter needs at least one access level (access_levels or "
            "existing_access_levels): the networks or devices the operators work from"
        )
    names_seen = [level.name for level in ops.access_levels]
    for i, name in enumerate(names_seen):
        if names_seen.index(name) != i:
            yield PLATFORM_FILE, f"operators.access_levels[{i}].name", f"{name!r} is listed twice"
    for i, ref in enumerate(ops.existing_access_levels):
        if p.vpc_sc and not ref.startswith(f"accessPolicies/{p.vpc_sc.access_policy_id}/"):
            yield PLATFORM_FILE, f"operators.existing_access_levels[{i}]", (
                f"{ref} is not in the perimeter's access policy {p.vpc_sc.access_policy_id}"
            )
    deployers = p.operators.deployers
    for i, member in enumerate(deployers):
        if deployers.index(member) != i:
            yield PLATFORM_FILE, f"operators.deployers[{i}]", f"{member} is listed twice"


def _storage(p: Platform) -> Iterator[Problem]:
    if p.storage.retention_days and p.storage.versioning:
        yield PLATFORM_FILE, "storage.retention_days", (
            "a retention policy cannot be combined with storage.versioning: true "
            "(Cloud Storage refuses Object Versioning on a bucket with a retention policy)"
        )


def _teams(p: Platform) -> Iterator[Problem]:
    pool_types = {pool.gpu_type for pool in p.cluster.gpu_pools}
    seen: set[str] = set()
    for team in p.teams:
        file = team_file(team)
        if team.name in seen:
            yield file, "name", f"team {team.name!r} is defined twice"
        seen.add(team.name)
        for i, gpu_type in enumerate(team.gpu_types):
            if gpu_type not in pool_types:
                pools = ", ".join(sorted(pool_types)) or "none"
                yield file, f"gpu_types[{i}]", f"no GPU pool has {gpu_type} (pools have: {pools})"
        if team.gpu_quota and not team.gpu_types:
            yield file, "gpu_quota", f"{team.gpu_quota} GPUs but gpu_types is empty"
        capacity = sum(
            pool.max_schedulable_gpus for pool in p.cluster.gpu_pools if pool.gpu_type in team.gpu_types
        )
        if team.gpu_types and team.gpu_quota > capacity:
            yield file, "gpu_quota", (
                f"{team.gpu_quota} exceeds the {capacity} GPUs its pools can ever hold"
            )


def _names(p: Platform) -> Iterator[Problem]:
    for team, field, problem in names.violations(p):
        yield (team_file(team) if team else PLATFORM_FILE), field, problem


def check(platform: Platform) -> Iterator[Problem]:
    """Every cross-field problem of ``platform``, in the order they are best fixed."""
    yield from _region(platform)
    yield from _network(platform)
    yield from _scope(platform)
    yield from _operators(platform)
    yield from _pools(platform)
    yield from _storage(platform)
    yield from _teams(platform)
    yield from _names(platform)


def ensure_valid(platform: Platform) -> None:
    """Raise ``SpecError`` for the first problem of ``platform``.

    ``spec.load`` runs this; the layers run it again on entry because a Platform can
    also be made in code (``model_copy`` skips validation), and a cloud would refuse
    what these rules catch.
    """
    for file, path, reason in check(platform):
        raise SpecError(file, path, reason)
