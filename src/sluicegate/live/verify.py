"""`sluicegate verify --live`: the audit's controls over the running platform, and its
drift from the plan.

Everything is read first (the cluster, then the objects); only when every read has
succeeded are the reports written, into ``OUT/audit-live/`` (findings.json, report.md,
report.html, report.sarif as `sluicegate audit` writes them, naming the live cluster
as audited, and drift.json), through a staging folder: a failed read leaves no
reports, and an earlier run's stay as they were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sluicegate.live import gke, kube, normalise
from sluicegate.live.drift import Drift, drift
from sluicegate.policy import DEFAULT_FORMATS, AuditResult, artifacts, audit_document
from sluicegate.policy.catalogue import SEVERITIES

REPORTS = "audit-live"


@dataclass(frozen=True)
class Live:
    """What was read live: the cluster (API JSON) and the objects."""

    cluster: dict
    objects: list[dict]


@dataclass(frozen=True)
class VerifyResult:
    audit: AuditResult
    drift: list[Drift]
    report_dir: Path

    @property
    def blocking(self) -> bool:
        """A blocking finding, or any drift: the running platform is not the plan."""
        return self.audit.blocking or bool(self.drift)


def cluster_id(spec: dict) -> gke.ClusterId:
    """The plan's cluster, from its normalised spec."""
    from sluicegate.names import Names

    names = Names(spec["prefix"], spec["project_id"], spec["region"])
    return gke.ClusterId(names.project_id, names.region, names.cluster)


def constraint_kinds(doc: dict) -> list[str]:
    return sorted({
        m["object"]["kind"] for m in doc["manifests"]
        if m["object"].get("apiVersion", "").startswith(normalise.CONSTRAINTS_GROUP + "/")
    })


def read(doc: dict, cluster: gke.ClusterId, *, gke_client, kubeconfig: Path | None, timeout: float = 30.0) -> Live:
    """Read the cluster and the objects the plan's document needs."""
    found = gke.read_cluster(gke_client, cluster, timeout=timeout)
    connection = kube.connect(found, cluster.path, kubeconfig=kubeconfig)
    return Live(found, kube.read_objects(connection, constraint_kinds(doc), timeout=timeout))


def verify(out: Path, *, gke_client, kubeconfig: Path | None = None, fail_on: str = "high",
           formats: tuple[str, ...] | None = None, timeout: float = 30.0) -> VerifyResult:
    """Read the running platform the plan in ``out`` describes, audit it, compare it
    with the plan and write ``out/audit-live/``."""
    from sluicegate.staging import staged_dir
    from sluicegate.policy import AuditError

    if fail_on not in SEVERITIES:
        raise AuditError(f"--fail-on: must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    out = Path(out)
    planned = artifacts.load(out)
    spec = json.loads((out / "spec.json").read_text())
    cluster = cluster_id(spec)
    live = read(planned.doc, cluster, gke_client=gke_client, kubeconfig=kubeconfig, timeout=timeout)
    doc = normalise.document(planned.doc, live.cluster, live.objects)
    drifted = drift(planned.doc, live.cluster, live.objects)
    report_dir = out / REPORTS
    with staged_dir(report_dir) as stage:
        result = audit_document(
            doc,
            # What the reports name as audited: the running cluster, against this plan.
            out=Path(f"live {cluster.path} (plan {out})"),
            report_dir=stage,
            resource_count=planned.resource_count,
            fail_on=fail_on,
            formats=set(formats or DEFAULT_FORMATS) | {"json"},
        )
        (stage / "drift.json").write_text(
            json.dumps({"cluster": cluster.path, "plan": str(out), "drift": [d.as_dict() for d in drifted]},
                       indent=2, default=str) + "\n"
        )
    return VerifyResult(result, drifted, report_dir)

