"""`sluicegate audit`: every control of ``policies/`` over the artifacts of one plan.

``audit(out)`` reads only what is in ``out`` (see ``artifacts``), evaluates every
control with regopy (``engine``), applies the waivers (``waivers``), and writes
``out/audit/``: findings.json always, and report.md, report.html and report.sarif
unless ``formats`` names fewer (``oscal``, OSCAL assessment results, when named).
With ``spec``, the values the rules compare against come from the committed spec,
not from ``out/spec.json``; ``bundle`` also writes the evidence bundle (``bundle``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from sluicegate.policy import artifacts, derived, engine, reports, waivers
from sluicegate.policy.artifacts import ArtifactError, AuditError
from sluicegate.policy.catalogue import SEVERITIES, Control, controls
from sluicegate.policy.waivers import Waiver, WaiverError

__all__ = [
    "ArtifactError", "AuditError", "AuditResult", "ControlResult", "Finding", "WaiverError", "audit", "audit_document",
]

FORMATS = ("json", "md", "html", "sarif", "oscal")
# What an audit writes when no --format is given.
DEFAULT_FORMATS = ("json", "md", "html", "sarif")


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
    waiver: Waiver | None = None  # the waiver in force that accepts this finding

    @property
    def waived(self) -> bool:
        return self.waiver is not None

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
            "waiver": self.waiver.as_dict() if self.waiver else None,
        }


@dataclass(frozen=True)
class ControlResult:
    """A control's verdict: its implementations (a rule of ours, Gatekeeper templates),
    what they examined (from their evaluation) and what failed."""

    id: str
    implementations: tuple[Control, ...]
    findings: tuple[Finding, ...]
    examined: tuple[dict, ...]  # {"address", "layer", "type"} of everything examined

    def examined_by_layer(self) -> dict[str, list[str]]:
        """The addresses examined, by layer, in the order the layers are built."""
        layers: dict[str, list[str]] = {}
        for item in self.examined:
            layers.setdefault(item["layer"], []).append(item["address"])
        order = ("foundation", "platform", "manifests", "live")
        return {k: layers[k] for k in sorted(layers, key=lambda k: (order.index(k) if k in order else len(order), k))}

    @property
    def primary(self) -> Control:
        return self.implementations[0]

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.waived)

    @property
    def passed(self) -> bool:
        """No finding but waived ones."""
        return not self.open_findings

    @property
    def status(self) -> str:
        """pass, waived (every finding waived) or fail."""
        if self.open_findings:
            return "fail"
        return "waived" if self.findings else "pass"

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
    # Where the reference values came from, and how OUT/spec.json differs from them.
    reference: dict = field(default_factory=lambda: {"source": "OUT/spec.json", "differs": []})
    waivers_file: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    findings: list[Finding] = field(init=False)

    def __post_init__(self) -> None:
        self.findings = [f for r in self.results for f in r.findings]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived]

    def by_severity(self) -> dict[str, int]:
        """Findings not waived, per severity, most severe first."""
        counts = {s: 0 for s in reversed(SEVERITIES)}
        for finding in self.findings:
            if not finding.waived:
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
        """True when a finding not waived is at or above ``fail_on``."""
        threshold = SEVERITIES.index(self.fail_on)
        return any(SEVERITIES.index(f.severity) >= threshold for f in self.findings if not f.waived)


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

    # Fail closed: a rule that cannot be evaluated, or whose result does not hold
    # together, has not shown the control holds.
    errors = (
        [make("policy", control.file, f"the rule did not evaluate: {outcome.error}", control.file)]
        if outcome.error is not None
        else []
    )
    return errors + [
        make(f["layer"], f["address"], f["msg"], f.get("file") or f["layer"])
        for f in outcome.failures
    ]


def audit(
    out: Path,
    *,
    fail_on: str = "high",
    formats: tuple[str, ...] | None = None,
    shown_as: Path | None = None,
    spec: Path | None = None,
    waivers_file: Path | None = None,
    today: dt.date | None = None,
    bundle: Path | None = None,
) -> AuditResult:
    """Audit the plan in ``out`` and write ``out/audit/``.

    ``shown_as`` is the folder the reports name as audited, when ``out`` is a staging
    folder that will be moved there (as `sluicegate plan` does). ``spec`` is the
    committed spec (its folder or platform.yaml) to take the reference values from.
    The waivers are ``waivers_file``, else ``waivers.yaml`` beside the committed spec
    when ``spec`` is given, else ``out/waivers.yaml``; each is in force through its
    expiry day, judged on ``today`` (default: the date now). ``bundle`` is the
    evidence bundle to write (``policy.bundle``).

    Raises ``ArtifactError`` (exit 2) when OUT or one of its artifacts is missing or
    unreadable, ``WaiverError`` for a waivers file that is not as documented,
    ``AuditError`` for an unknown severity or format.
    """
    if fail_on not in SEVERITIES:
        raise AuditError(f"--fail-on: must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    wanted = set(DEFAULT_FORMATS if formats is None else formats) | {"json"}
    unknown = wanted - set(FORMATS)
    if unknown:
        raise AuditError(f"--format: {', '.join(sorted(unknown))} is not one of {', '.join(FORMATS)}")
    out = Path(out)
    with engine.workers_for(controls(), _teams_in(out)) as workers:
        return _audit(out, fail_on=fail_on, wanted=wanted, shown_as=shown_as, spec=spec,
                      waivers_file=waivers_file, today=today, bundle=bundle, workers=workers)


def _teams_in(out: Path) -> int:
    """How many teams the plan in ``out`` renders (its folders under manifests/teams/),
    known before the plan is read: what decides whether workers start early."""
    try:
        return sum(1 for p in (out / "manifests" / "teams").iterdir() if p.is_dir())
    except OSError:
        return 0


def _audit(out: Path, *, fail_on: str, wanted: set[str], shown_as: Path | None, spec: Path | None,
           waivers_file: Path | None, today: dt.date | None, bundle: Path | None,
           workers: list[engine.Worker]) -> AuditResult:
    loaded = artifacts.load(out)
    doc, reference = loaded.doc, {"source": "OUT/spec.json", "differs": []}
    spec_dir = None
    if spec is not None:
        spec_dir, doc, reference = _committed_reference(Path(spec), doc)
    found = waivers_file or _default_waivers(out, spec_dir)
    accepted = waivers.load(found, {c.id for c in controls()}) if found else []
    result = audit_document(
        doc,
        out=Path(shown_as or out).resolve(),
        report_dir=out / "audit",
        resource_count=loaded.resource_count,
        fail_on=fail_on,
        formats=wanted,
        accepted=accepted,
        today=today,
        reference=reference,
        waivers_file=found,
        workers=workers,
    )
    if bundle is not None:
        from sluicegate.policy import bundle as bundles

        bundles.write(Path(bundle), out=out, result=result, spec_dir=spec_dir)
    return result


def _default_waivers(out: Path, spec_dir: Path | None) -> Path | None:
    candidate = (spec_dir / waivers.FILE) if spec_dir else (out / waivers.FILE)
    return candidate if candidate.is_file() else None


# The reference values the rules compare against, as named when they differ.
_REFERENCE_KEYS = {
    "region": "region",
    "project_id": "project_id",
    "prefix": "prefix",
    "teams": "teams",
    "vpc_sc": "vpc_sc",
    "restricted_services": "perimeter services",
    "operator_access_levels": "operator access levels",
    "team_owners": "team owners",
    "deployers": "deployers",
}


def _committed_reference(spec: Path, doc: dict) -> tuple[Path, dict, dict]:
    """``doc`` with its params from the committed spec at ``spec``, and what differs
    from OUT/spec.json's (the spec loads as `sluicegate plan` loads it: a bad spec is
    exit 2)."""
    from sluicegate import spec as specs
    from sluicegate.spec.load import spec_root

    folder, _ = spec_root(spec)
    platform = specs.load(spec)
    committed = artifacts.params_from_spec(platform.model_dump(mode="json", by_alias=True))
    differs = [name for key, name in _REFERENCE_KEYS.items() if committed.get(key) != doc["params"].get(key)]
    differs += sorted(k for k in set(committed) | set(doc["params"])
                      if k not in _REFERENCE_KEYS and committed.get(k) != doc["params"].get(k))
    bound = {**doc, "params": committed}
    bound["derived"] = derived.derive(bound)
    return folder, bound, {"source": str(folder), "differs": differs}


def _waive(result: ControlResult, accepted: list[Waiver], today: dt.date) -> ControlResult:
    """The control's findings with the waivers in force marked, and a finding for each
    of its waivers that expired or matches nothing. A rule that did not evaluate is
    never waived: it has not shown what holds."""
    mine = [w for w in accepted if w.control == result.id]
    if not mine:
        return result
    used: set[str] = set()
    findings = []
    for f in result.findings:
        waiver = None
        if f.layer != "policy":
            waiver = next((w for w in mine if w.active(today) and w.matches(f.control_id, f.address)), None)
        if waiver:
            used.add(waiver.where)
        findings.append(replace(f, waiver=waiver) if waiver else f)
    for w in mine:
        if not w.active(today):
            why = f"the waiver expired on {w.expires.isoformat()}: it waives nothing; renew or remove it"
        elif w.where not in used:
            why = f"the waiver matches no finding of {w.control}: remove it"
        else:
            continue
        findings.append(
            Finding(
                control_id=result.id,
                title=result.primary.title,
                severity=waivers.SEVERITY,
                layer="waivers",
                address=f"{w.where.replace(': ', '#')} {w.resource}",
                message=f"{why} (owner {w.owner}, ticket {w.ticket or 'none'})",
                file=waivers.FILE,
                frameworks=result.frameworks,
            )
        )
    return replace(result, findings=tuple(findings))


def audit_document(
    doc: dict,
    *,
    out: Path,
    report_dir: Path,
    resource_count: int,
    fail_on: str,
    formats: set[str],
    accepted: list[Waiver] = (),
    today: dt.date | None = None,
    reference: dict | None = None,
    waivers_file: Path | None = None,
    workers: list[engine.Worker] = (),
) -> AuditResult:
    """Every control over ``doc`` (a document as ``artifacts.load`` builds it, or the
    live one of ``sluicegate verify --live``), with the waivers ``accepted`` applied as of
    ``today``; the reports go to ``report_dir`` and name ``out`` as audited."""
    today = today or dt.date.today()
    catalogue = controls()
    evaluation = engine.evaluate(catalogue, doc, started=workers)
    outcomes = evaluation.outcomes
    results = []
    for cid in sorted({c.id for c in catalogue}):
        mine = [o for o in outcomes if o.control.id == cid]
        examined = {json.dumps(x, sort_keys=True): x for o in mine for x in o.examined}
        control = ControlResult(
            id=cid,
            implementations=tuple(o.control for o in mine),
            findings=tuple(f for o in mine for f in _findings(o.control, o)),
            examined=tuple(sorted(examined.values(), key=lambda x: (x["layer"], x["address"]))),
        )
        results.append(_waive(control, list(accepted), today))
    result = AuditResult(
        out=out,
        report_dir=report_dir,
        fail_on=fail_on,
        results=results,
        resource_count=resource_count,
        reference=reference or {"source": "OUT/spec.json", "differs": []},
        waivers_file=waivers_file,
        today=today,
    )
    reports.write(result, formats)
    return result
