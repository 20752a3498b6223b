"""The control catalogue, read from the ``# METADATA`` block of every rule file.

The Rego files are the single source: ``policies/controls.yaml`` and
``docs/controls.md`` are generated from this catalogue (``python -m
sluicegate.policy.generate``) and a test fails when they drift.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from sluicegate import kit
from sluicegate.errors import SluicegateError

# SLUICEGATE_POLICIES points at another copy: an evidence bundle's, audited again.
POLICIES = Path(os.environ["SLUICEGATE_POLICIES"]) if os.environ.get("SLUICEGATE_POLICIES") else kit.POLICIES
SEVERITIES = ("low", "medium", "high", "critical")
FRAMEWORKS = ("app", "hipaa", "iso27001_2022", "cis_gke")
FRAMEWORK_NAMES = {
    "app": "Australian Privacy Principles",
    "hipaa": "HIPAA Security Rule §164.312",
    "iso27001_2022": "ISO/IEC 27001:2022 Annex A",
    "cis_gke": "CIS GKE Benchmark 1.9.0",
}
# The Gatekeeper templates name the CIS GKE benchmark with its version.
_FRAMEWORK_ALIASES = {"cis_gke_1_9": "cis_gke"}
_CONTROL_ID = re.compile(r"^(RES|ENC|LOG|NET|IAM|GKE|STO|K8S|DEP)-\d{2}$")
# The folders of policies/ that hold rules: cloud, Kubernetes and deployability (DEP).
RULE_FOLDERS = ("gcp", "k8s", "deploy")
_PACKAGE = re.compile(r"^package\s+([A-Za-z0-9_.]+)\s*$", re.MULTILINE)


class CatalogueError(SluicegateError):
    """A rule file whose metadata an auditor could not rely on."""


@dataclass(frozen=True)
class Control:
    """One control: its metadata and the Rego rule that finds its failures."""

    id: str
    title: str
    description: str
    severity: str
    frameworks: dict[str, list[str]]
    remediation: str
    file: str  # relative to the repository root
    query: str  # the Rego reference whose value is the set of failures
    engine: str  # "rules": a set of findings over all layers; "gatekeeper": per object
    layers: tuple[str, ...] = field(default=())
    # Terraform types / Kubernetes kinds the control guards: where resources of these
    # exist, a control that examined nothing is a finding.
    scope: tuple[str, ...] = field(default=())
    # Address prefixes of resources of those kinds that the control leaves to another
    # review (K8S-06: the hydrated upstream components' own RBAC).
    scope_excludes: tuple[str, ...] = field(default=())
    # The Rego reference whose value is the set of what the rule examined ("rules" only;
    # a Gatekeeper template's are the objects its Constraints match).
    examined_query: str = ""

    @property
    def rule_name(self) -> str:
        return self.query.rsplit(".", 1)[1]


def rule_name(control_id: str) -> str:
    """RES-02 -> fail_res_02: the rule that holds the control's failures."""
    return "fail_" + control_id.lower().replace("-", "_")


def examined_name(control_id: str) -> str:
    """RES-02 -> examined_res_02: the rule that holds what the control examined."""
    return "examined_" + control_id.lower().replace("-", "_")


def metadata_block(source: str, where: str) -> dict:
    """The YAML of the first ``# METADATA`` comment block of a Rego file."""
    lines = source.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "# METADATA")
    except StopIteration:
        raise CatalogueError(f"{where}: no # METADATA block") from None
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("#"):
            break
        body.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        meta = yaml.load("\n".join(body), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as err:
        raise CatalogueError(f"{where}: METADATA is not YAML ({err})") from None
    if not isinstance(meta, dict):
        raise CatalogueError(f"{where}: METADATA is not a mapping")
    return meta


def _control(path: Path, engine: str) -> Control:
    where = str(path.relative_to(POLICIES.parent))
    source = path.read_text()
    meta = metadata_block(source, where)
    custom = meta.get("custom") or {}
    cid = custom.get("control_id", "")
    if not _CONTROL_ID.match(str(cid)):
        raise CatalogueError(f"{where}: custom.control_id {cid!r} is not like RES-02")
    severity = custom.get("severity")
    if severity not in SEVERITIES:
        raise CatalogueError(f"{where}: custom.severity must be one of {', '.join(SEVERITIES)}")
    frameworks = {
        _FRAMEWORK_ALIASES.get(k, k): v for k, v in (custom.get("frameworks") or {}).items()
    }
    unknown = set(frameworks) - set(FRAMEWORKS)
    if unknown:
        raise CatalogueError(f"{where}: unknown frameworks {sorted(unknown)}")
    for key in ("title", "description"):
        if not meta.get(key):
            raise CatalogueError(f"{where}: METADATA has no {key}")
    if not custom.get("remediation"):
        raise CatalogueError(f"{where}: custom.remediation is missing")
    package = _PACKAGE.search(source)
    if not package:
        raise CatalogueError(f"{where}: no package line")
    if engine == "rules":
        name = rule_name(cid)
        if not re.search(rf"^{name} contains ", source, re.MULTILINE):
            raise CatalogueError(f"{where}: control {cid} must define `{name} contains ...`")
        query = f"data.{package.group(1)}.{name}"
        examined = examined_name(cid)
        if not re.search(rf"^{examined} contains ", source, re.MULTILINE):
            raise CatalogueError(f"{where}: control {cid} must define `{examined} contains ...`")
        examined_query = f"data.{package.group(1)}.{examined}"
    else:
        query = f"data.{package.group(1)}.violation"
        examined_query = ""
    return Control(
        id=cid,
        title=meta["title"].strip(),
        description=" ".join(meta["description"].split()),
        severity=severity,
        frameworks={k: [str(c) for c in frameworks.get(k) or []] for k in FRAMEWORKS},
        remediation=" ".join(str(custom["remediation"]).split()),
        file=where,
        query=query,
        engine=engine,
        layers=tuple(custom.get("layers") or ()),
        scope=tuple(custom.get("scope") or ()),
        examined_query=examined_query,
        scope_excludes=tuple(custom.get("scope_excludes") or ()),
    )


def rule_files(root: Path = POLICIES) -> list[Path]:
    """Every control's Rego file: policies/gcp, policies/k8s and policies/deploy, tests
    excluded."""
    return sorted(
        p
        for sub in RULE_FOLDERS
        for p in (root / sub).rglob("*.rego")
        if not p.name.endswith("_test.rego")
    )


def lib_files(root: Path = POLICIES) -> list[Path]:
    return sorted(p for p in (root / "lib").glob("*.rego") if not p.name.endswith("_test.rego"))


def gatekeeper_files(root: Path = POLICIES) -> list[Path]:
    """The manifests layer's ConstraintTemplate Rego that declares a K8S control id."""
    folder = root / "gatekeeper"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*.rego")):
        if path.name.endswith("_test.rego"):
            continue
        if re.search(r"control_id:\s*K8S-\d{2}", path.read_text()):
            found.append(path)
    return found


@cache
def controls() -> tuple[Control, ...]:
    """Every control, ordered by id; Gatekeeper templates reuse a control's id."""
    found = [_control(p, "rules") for p in rule_files()]
    ids = [c.id for c in found]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogueError(f"policies/: control ids defined twice: {', '.join(dupes)}")
    found += [_control(p, "gatekeeper") for p in gatekeeper_files()]
    return tuple(sorted(found, key=lambda c: (c.id, c.engine, c.file)))
