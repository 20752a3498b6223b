"""`sluicegate audit`: every control of ``policies/`` over the artifacts of one plan.

``audit(out)`` reads only what is in ``out`` (see ``artifacts``), evaluates every
control with regopy (``engine``), and writes ``out/audit/``: findings.json always,
and report.md, report.html and report.sarif unless ``formats`` names fewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sluicegate.policy import artifacts, engine, reports
from sluicegate.policy.artifacts import ArtifactError, AuditError
from sluicegate.policy.catalogue import SEVERITIES, Control, controls

__all__ = ["ArtifactError", "AuditError", "AuditResult", "ControlResult", "Finding", "audit", "audit_document"]

FORMATS = ("json", "md", "html", "sarif")


@dataclass(frozen=True)
class Finding:
    """One failure of one control on one resource (or one missing resource)."""

    control_id: str
    title: str
    severity: str
    layer: str
    address: str
    message: str
    file: str
    frameworks: dict[str, list[str]]

    def as_dict(self) -> dict:
        return {
            "control_id": self.control_id,
            "title": self.title,
            "severity": self.severity,
            "layer": self.layer,
            "address": self.address,
            "message": self.message,
            "file": self.file,
            "frameworks": self.frameworks,
        }


@dataclass(frozen=True)
class ControlResult:
    """A control's verdict: its implementations (a rule of ours, Gatekeeper templates),
    the resources it looked at and what failed."""

    id: str
    implementations: tuple[Control, ...]
    findings: tuple[Finding, ...]
    checked: tuple[dict, ...]  # {"address", "layer", "type"} of every resource in scope

    @property
    def primary(self) -> Control:
        return self.implementations[0]

    @property
    def passed(self) -> bool:
        return not self.findings

    @property
    def severity(self) -> str:
        return max((c.severity for c in self.implementations), key=SEVERITIES.index)

    @property
    def frameworks(self) -> dict[str, list[str]]:
        merged: dict[str, list[str]] = {}
        for control in self.implementations:
            for name, clauses in control.frameworks.items():
                merged.setdefault(name, [])
                merged[name] += [c for c in clauses if c not in merged[name]]
        return merged


@dataclass
class AuditResult:
    """What the CLI prints and the reports show."""

    out: Path
    report_dir: Path
    fail_on: str
    results: list[ControlResult]
    resource_count: int
    findings: list[Finding] = field(init=False)

    def __post_init__(self) -> None:
        self.findings = [f for r in self.results for f in r.findings]

    def by_severity(self) -> dict[str, int]:
        """Findings per severity, most severe first."""
        counts = {s: 0 for s in reversed(SEVERITIES)}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    @property
    def controls_total(self) -> int:
        return len(self.results)

    @property
    def controls_passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def controls_failed(self) -> int:
        return self.controls_total - self.controls_passed

    @property
    def blocking(self) -> bool:
        """True when a finding is at or above ``fail_on``."""
        threshold = SEVERITIES.index(self.fail_on)
        return any(SEVERITIES.index(f.severity) >= threshold for f in self.findings)


def _findings(control: Control, outcome: engine.RuleOutcome) -> list[Finding]:
    def make(layer: str, address: str, message: str, file: str) -> Finding:
        return Finding(
            control_id=control.id,
            title=control.title,
            severity=control.severity,
            layer=layer,
            address=address,
            message=message,
            file=file,
            frameworks=control.frameworks,
        )

    if outcome.error is not None:
        # Fail closed: a rule that cannot be evaluated has not shown the control holds.
        return [make("policy", control.file, f"the rule did not evaluate: {outcome.error}", control.file)]
    return [
        make(f["layer"], f["address"], f["msg"], f.get("file") or f["layer"])
        for f in outcome.failures
    ]


def audit(
    out: Path,
    *,
    fail_on: str = "high",
    formats: tuple[str, ...] | None = None,
    shown_as: Path | None = None,
) -> AuditResult:
    """Audit the plan in ``out`` and write ``out/audit/``.

    ``shown_as`` is the folder the reports name as audited, when ``out`` is a staging
    folder that will be moved there (as `sluicegate plan` does).

    Raises ``ArtifactError`` (exit 2) when OUT or one of its artifacts is missing or
    unreadable, ``AuditError`` for an unknown severity or format.
    """
    if fail_on not in SEVERITIES:
        raise AuditError(f"--fail-on: must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    wanted = set(FORMATS if formats is None else formats) | {"json"}
    unknown = wanted - set(FORMATS)
    if unknown:
        raise AuditError(f"--format: {', '.join(sorted(unknown))} is not one of {', '.join(FORMATS)}")
    out = Path(out)
    loaded = artifacts.load(out)
    return audit_document(
        loaded.doc,
        out=Path(shown_as) if shown_as else out,
        report_dir=out / "audit",
        resource_count=loaded.resource_count,
        fail_on=fail_on,
        formats=wanted,
    )


def audit_document(
    doc: dict, *, out: Path, report_dir: Path, resource_count: int, fail_on: str, formats: set[str]
) -> AuditResult:
    """Every control over ``doc`` (a document as ``artifacts.load`` builds it, or the
    live one of ``sluicegate verify --live``); the reports go to ``report_dir`` and
    name ``out`` as audited."""
    catalogue = controls()
    evaluation = engine.evaluate(catalogue, doc)
    outcomes, scope = evaluation.outcomes, evaluation.inventory
    results = []
    for cid in sorted({c.id for c in catalogue}):
        mine = [o for o in outcomes if o.control.id == cid]
        implementations = tuple(o.control for o in mine)
        checked = tuple(
            item
            for kind in sorted({k for c in implementations for k in c.scope})
            for item in scope.get(kind, [])
        )
        results.append(
            ControlResult(
                id=cid,
                implementations=implementations,
                findings=tuple(f for o in mine for f in _findings(o.control, o)),
                checked=checked,
            )
        )
    result = AuditResult(
        out=out,
        report_dir=report_dir,
        fail_on=fail_on,
        results=results,
        resource_count=resource_count,
    )
    reports.write(result, formats)
    return result
