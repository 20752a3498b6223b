"""Read a plan's output folder into the one document the Rego rules evaluate.

The document has four parts, each from one artifact of OUT and nothing else:

- ``params``: what the rules compare against (region, derived names, teams), from
  ``spec.json`` and ``sluicegate.names``;
- ``terraform``: every ``foundation/*.tf.json`` as written by CDK Terrain;
- ``pulumi``: ``platform/graph.json`` (the Pulumi program run under mocks);
- ``manifests``: every object of every ``manifests/**/*.yaml``.

The rules normalise the layers themselves (``policies/lib/``), so the Pulumi policy
pack, which receives Pulumi's own input, runs the same rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from sluicegate import catalogue
from sluicegate.errors import SluicegateError
from sluicegate.gitops.objects import load_all, one_line, recall
from sluicegate.policy import derived
from sluicegate.names import TEAM_KSAS, Names

# Services the VPC-SC perimeter must restrict: catalogue/perimeter.yaml, the list the
# foundation writes (CONTROLS.md NET-06 lists more for platforms that use them).
RESTRICTED_SERVICES = catalogue.restricted_services()


class AuditError(SluicegateError):
    """An audit that cannot run as asked; the CLI prints the one line and exits 2."""


class ArtifactError(AuditError):
    """OUT is missing, or one of its artifacts cannot be read: one line naming the file."""


@dataclass(frozen=True)
class Artifacts:
    """What was read from OUT: the evaluation document and how many things it holds."""

    doc: dict
    resource_count: int


def _operator_access_levels(spec: dict) -> list[str]:
    operators = spec.get("operators") or {}
    return sorted(
        [level["name"] for level in operators.get("access_levels") or []]
        + list(operators.get("existing_access_levels") or [])
    )


def params_from_spec(spec: dict) -> dict:
    """The values rules compare against, derived from the normalised spec alone."""
    try:
        names = Names(spec["prefix"], spec["project_id"], spec["region"])
    except KeyError as err:
        raise ArtifactError(f"spec.json: missing {err.args[0]!r}") from None
    teams = []
    for team in spec.get("teams", []):
        name = team["name"]
        teams.append(
            {
                "name": name,
                # Kubeflow's profile controller names the team namespace after the profile.
                "namespace": name,
                "bucket": names.team_bucket(name),
                "service_account": names.team_service_account_email(name),
                "ksas": list(TEAM_KSAS),
                "wi_members": [names.workload_identity_member(name, ksa) for ksa in TEAM_KSAS],
                "gpu_quota": team.get("gpu_quota", 0),
                "data_classification": team.get("data_classification", ""),
            }
        )
    return {
        "region": names.region,
        "project_id": names.project_id,
        "prefix": names.prefix,
        "registry_url": names.registry_url,
        "registry_prefix": f"{names.registry_host}/{names.project_id}/",
        "workload_pool": names.workload_pool,
        "node_service_account": names.service_account_email(names.node_service_account),
        "vpc_sc": bool(spec.get("vpc_sc")),
        "control_plane_cidr": (spec.get("network") or {}).get("control_plane_cidr", ""),
        # The access levels the operators work from (created by the foundation, or the
        # organization's own): the only way in from outside the VPC.
        "operator_access_levels": _operator_access_levels(spec),
        "restricted_services": list(RESTRICTED_SERVICES),
        "restricted_zones": list(catalogue.restricted_zones()),
        "cmek_services": list(catalogue.cmek_services()),
        "teams": teams,
        # Lookups by account for rules that relate grants to teams. As input they cost a
        # lookup; as comprehensions in Rego, rego-cpp 1.5 rebuilds them for every grant.
        "team_by_account": {t["service_account"]: t for t in teams},
        **bringup_params(spec),
    }


def bringup_params(spec: dict) -> dict:
    """What the deployability controls (DEP-01 to DEP-06) compare the plan against: the
    deployer identities, the access levels the ingress rules may name, and each team
    owner's member, so the rules can tell that the bring-up lets in exactly who it must."""
    vpc_sc = spec.get("vpc_sc") or {}
    ops = spec.get("operators") or {}
    policy = vpc_sc.get("access_policy_id", "")
    created = [
        f"accessPolicies/{policy}/accessLevels/{level['name']}"
        for level in ops.get("access_levels", [])
    ]
    return {
        "deployers": list(ops.get("deployers", [])),
        "access_levels": created,
        "existing_access_levels": list(ops.get("existing_access_levels", [])),
        "team_owner_access": bool(vpc_sc.get("team_owner_access", False)),
        "team_owners": [
            {
                "team": team["name"],
                "data_classification": team.get("data_classification", ""),
                "members": [f"user:{owner}" for owner in team.get("owners", [])],
            }
            for team in spec.get("teams", [])
        ],
        "deployer_services": sorted(catalogue.deployer_services()),
        "owner_services": sorted(catalogue.owner_services()),
    }


def _read_json(path: Path, out: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ArtifactError(f"{path.relative_to(out)}: cannot be read as JSON ({err})") from None


def _read_manifests(folder: Path, out: Path) -> list[dict]:
    entries = []
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        rel = str(path.relative_to(out))
        try:
            data = path.read_bytes()
            docs = recall(path, data)
            if docs is None:
                docs = load_all(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            why = one_line(err) if isinstance(err, yaml.YAMLError) else str(err)
            raise ArtifactError(f"{rel}: cannot be read as YAML ({why})") from None
        for obj in docs:
            if obj is None:
                continue
            if not isinstance(obj, dict) or "kind" not in obj:
                raise ArtifactError(f"{rel}: a document that is not a Kubernetes object")
            # kustomization.yaml and friends are build inputs, not objects Argo CD applies.
            if "apiVersion" not in obj:
                continue
            entries.append({"file": rel, "object": audited(obj)})
    return entries


def audited(obj: dict) -> dict:
    """``obj`` as the rules see it: a CustomResourceDefinition without the OpenAPI
    schema of each version (``spec.versions[].schema``).

    The schemas are validation of the custom resources' fields, which no control
    reads; they are 70 % of a plan's manifests by size, and a Rego evaluation costs in
    proportion to the size of its input. Everything else of a CRD stays: its names,
    scope, versions and conversion webhook (DEP-12 reads that)."""
    spec = obj.get("spec")
    if obj.get("kind") != "CustomResourceDefinition" or not isinstance(spec, dict):
        return obj
    versions = spec.get("versions")
    if not isinstance(versions, list):
        return obj
    slim = [{k: v for k, v in ver.items() if k != "schema"} if isinstance(ver, dict) else ver
            for ver in versions]
    return {**obj, "spec": {**spec, "versions": slim}}


def load(out: Path) -> Artifacts:
    """Read OUT; raise ArtifactError naming the first file that is missing or unreadable."""
    out = Path(out)
    if not out.is_dir():
        raise ArtifactError(f"{out}: no such plan output folder")
    spec_path = out / "spec.json"
    if not spec_path.is_file():
        raise ArtifactError(f"{out}: no spec.json; is this the output of `sluicegate plan`?")
    spec = _read_json(spec_path, out)
    foundation = out / "foundation"
    tf_files = sorted(foundation.rglob("*.tf.json")) if foundation.is_dir() else []
    if not tf_files:
        raise ArtifactError(f"{out}: no foundation/*.tf.json")
    graph_path = out / "platform" / "graph.json"
    if not graph_path.is_file():
        raise ArtifactError(f"{out}: no platform/graph.json")
    manifests_dir = out / "manifests"
    if not manifests_dir.is_dir():
        raise ArtifactError(f"{out}: no manifests/ folder")

    terraform = [
        {"file": str(p.relative_to(out)), "json": _read_json(p, out)} for p in tf_files
    ]
    graph = _read_json(graph_path, out)
    if not isinstance(graph, dict) or not isinstance(graph.get("resources"), list):
        raise ArtifactError("platform/graph.json: no 'resources' list")
    manifests = _read_manifests(manifests_dir, out)
    count = (
        sum(len(v) for t in terraform for v in t["json"].get("resource", {}).values())
        + len(graph["resources"])
        + len(manifests)
    )
    doc = {
        "params": params_from_spec(spec),
        "terraform": terraform,
        "pulumi": graph,
        "manifests": manifests,
    }
    doc["derived"] = derived.derive(doc)
    return Artifacts(doc=doc, resource_count=count)
