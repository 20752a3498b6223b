"""Drift: every planned value that the running platform does not have.

``drift(planned, cluster, objects)`` compares the plan's document with what was read
live and returns one ``Drift`` per difference, naming the resource and the field:

- the cluster and each node pool, field by field over ``normalise``'s tables (the
  field is named as the GKE API names it, the value as the plan holds it);
- each planned object of a kind read live, leaf by leaf over what the plan sets
  (server-set fields such as ``uid`` or a webhook's injected ``caBundle`` are not
  planned values), or as absent;
- a live object in a namespace the plan manages that the plan does not have;
- a Gatekeeper constraint that reports violations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sluicegate.live import normalise
from sluicegate.live.normalise import _ABSENT, CLUSTER, CLUSTER_FIELDS, NODE_POOL, POOL_FIELDS, get

ABSENT = "(absent)"
NOT_PLANNED = "(not planned)"
# The API server's service-account controller creates it in every namespace.
_EVERY_NAMESPACE = ("ServiceAccount", "default")


@dataclass(frozen=True)
class Drift:
    """One planned value the running platform differs in."""

    resource: str
    field: str
    planned: Any
    live: Any

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.resource}: {self.field}: planned {self.planned!r}, live {self.live!r}"


def _fields(resource: str, prefix: str, planned: dict, live: dict, fields) -> list[Drift]:
    found = []
    for pulumi_path, api_path, convert in fields:
        want = get(planned, pulumi_path)
        if want is _ABSENT:
            continue
        have = get(live, api_path)
        if have is _ABSENT and normalise.is_default(want):
            continue  # left out of the API's JSON because it is the default: equal
        if have is _ABSENT and isinstance(want, bool):
            have = False  # a bool with no presence is left out when false
        else:
            have = ABSENT if have is _ABSENT else convert(have)
        if have != want:
            found.append(Drift(resource, prefix + ".".join(api_path), want, have))
    return found


def _leaves(value, path: tuple[str, ...] = ()):
    # Paths as tuples: label and annotation keys have dots of their own.
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    else:
        yield path, value


def _at(obj, path: tuple[str, ...]):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return ABSENT
        obj = obj[key]
    return obj


def _address(obj: dict) -> str:
    kind, namespace, name = normalise.identity(obj)
    return f"{kind}/{namespace}/{name}" if namespace else f"{kind}/{name}"


def drift(planned: dict, cluster: dict, objects: list[dict]) -> list[Drift]:
    """Every planned value that differs live (see the module doc), in plan order."""
    found: list[Drift] = []
    name = cluster.get("name", "")
    pools = {p.get("name"): p for p in cluster.get("nodePools", [])}
    for r in planned["pulumi"]["resources"]:
        if r["type"] == CLUSTER:
            found += _fields(f"GKE cluster {name}", "", r["inputs"], cluster, CLUSTER_FIELDS)
        elif r["type"] == NODE_POOL:
            pool_name = r["inputs"].get("name", "")
            where = f"GKE node pool {name}/{pool_name}"
            if pool_name not in pools:
                found.append(Drift(where, "(node pool)", "present", ABSENT))
                continue
            found += _fields(where, "", r["inputs"], pools[pool_name], POOL_FIELDS)
    live = {normalise.identity(o): o for o in objects}
    planned_keys = set()
    for entry in planned["manifests"]:
        obj = entry["object"]
        if not normalise.is_live_kind(obj):
            continue
        key = normalise.identity(obj)
        planned_keys.add(key)
        address = _address(obj)
        if key not in live:
            found.append(Drift(address, "(object)", "present", ABSENT))
            continue
        for path, want in _leaves({k: v for k, v in obj.items() if k != "status"}):
            have = _at(live[key], path)
            if have != want:
                found.append(Drift(address, ".".join(path), want, have))
    managed = normalise.managed_namespaces(planned["manifests"])
    for key, obj in sorted(live.items()):
        if key not in planned_keys and key[1] in managed and key[:3:2] != _EVERY_NAMESPACE:
            found.append(Drift(_address(obj), "(object)", NOT_PLANNED, "present"))
        if obj.get("apiVersion", "").startswith(normalise.CONSTRAINTS_GROUP + "/"):
            violations = (obj.get("status") or {}).get("totalViolations", 0)
            if violations:
                found.append(Drift(_address(obj), "status.totalViolations", 0, violations))
    return found
