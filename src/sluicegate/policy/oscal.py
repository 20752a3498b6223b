"""The audit as OSCAL assessment results, built with compliance-trestle's typed models
(``trestle.oscal.assessment_results``), which validate every field as it is set.

One result for the audit; per control, one observation (what it examined, by layer, and
what failed and why) and one finding (satisfied or not, with the framework clauses as
properties and any waivers in its remarks). UUIDs are derived from the plan and the
control (UUID v5), so the same audit gives the same document but for its timestamps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from importlib import metadata
from typing import TYPE_CHECKING

from trestle.oscal import OSCAL_VERSION
from trestle.oscal import assessment_results as ar
from trestle.oscal import common

if TYPE_CHECKING:
    from sluicegate.policy import AuditResult, ControlResult

# The namespace of sluicegate's own OSCAL properties (OSCAL asks for one on any name
# that is not its own).
NS = "urn:sluicegate"
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "\0".join(parts)))


def _prop(name: str, value: str) -> common.Property:
    return common.Property(name=name, value=value, ns=NS)


def _observation(audit: AuditResult, r: ControlResult, now: dt.datetime) -> ar.Observation:
    by_layer = r.examined_by_layer()
    lines = [f"{len(items)} examined in {layer}" for layer, items in by_layer.items()] or ["nothing examined"]
    lines += [f"{'waived' if f.waived else 'failed'}: {f.layer} {f.address}: {f.message}" for f in r.findings]
    return ar.Observation(
        uuid=_uuid(str(audit.out), r.id, "observation"),
        title=f"{r.id} evidence",
        description="\n".join(lines),
        methods=["TEST"],
        types=["control-objective"],
        props=[_prop(f"examined-{layer}", str(len(items))) for layer, items in by_layer.items()]
        or [_prop("examined", "0")],
        relevant_evidence=[
            common.RelevantEvidence(
                href="findings.json",
                description=f"controls[{r.id}].examined and .failed list every address examined and failed",
            )
        ],
        collected=now,
    )


def _finding(audit: AuditResult, r: ControlResult, observation: ar.Observation) -> common.Finding:
    clauses = [_prop(name, clause) for name, cs in r.frameworks.items() for clause in cs]
    waived = [f for f in r.findings if f.waived]
    remarks = "\n".join(
        f"waived: {f.address} until {f.waiver.expires.isoformat()} by {f.waiver.owner} "
        f"(ticket {f.waiver.ticket or 'none'}): {f.waiver.reason}"
        for f in waived
    )
    return common.Finding(
        uuid=_uuid(str(audit.out), r.id, "finding"),
        title=f"{r.id}: {r.primary.title}",
        description=r.primary.description,
        props=[_prop("severity", r.severity), _prop("status", r.status), *clauses],
        target=common.FindingTarget(
            type=common.FindingTargetTypeValidValues.objective_id,
            target_id=r.id,
            status=common.ObjectiveStatus(
                state=(
                    common.ObjectiveStatusStateValidValues.satisfied
                    if r.passed
                    else common.ObjectiveStatusStateValidValues.not_satisfied
                )
            ),
        ),
        related_observations=[common.RelatedObservation(observation_uuid=observation.uuid)],
        remarks=remarks or None,
    )


def assessment_results(audit: AuditResult, now: dt.datetime | None = None) -> ar.AssessmentResults:
    """The OSCAL ``assessment-results`` of ``audit``; its ``oscal_serialize_json()`` is
    the document, ``{"assessment-results": ...}``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    observations = [_observation(audit, r, now) for r in audit.results]
    findings = [_finding(audit, r, o) for r, o in zip(audit.results, observations)]
    result = ar.Result(
        uuid=_uuid(str(audit.out), "result"),
        title=f"sluicegate audit of {audit.out}",
        description=(
            f"Every control of policies/ over the plan's {audit.resource_count} resources and objects: "
            f"{audit.controls_passed} passed, {audit.controls_failed} failed of {audit.controls_total}; "
            f"blocking at {audit.fail_on}: {'yes' if audit.blocking else 'no'}."
        ),
        start=now,
        end=now,
        props=[_prop("fail-on", audit.fail_on), _prop("blocking", str(audit.blocking).lower()),
               _prop("reference", audit.reference["source"])],
        reviewed_controls=common.ReviewedControls(
            control_selections=[
                common.ControlSelections(
                    include_controls=[common.SelectControlById(control_id=r.id) for r in audit.results]
                )
            ]
        ),
        observations=observations,
        findings=findings,
    )
    return ar.AssessmentResults(
        uuid=_uuid(str(audit.out), "assessment-results"),
        metadata=common.Metadata(
            title="sluicegate audit",
            last_modified=now,
            version=metadata.version("sluicegate"),
            oscal_version=OSCAL_VERSION,
        ),
        import_ap=ar.ImportAp(
            href="policies/controls.yaml",
            remarks="No OSCAL assessment plan: the controls assessed are the catalogue of policies/.",
        ),
        results=[result],
    )
