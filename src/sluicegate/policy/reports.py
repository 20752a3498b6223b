"""The audit's reports: findings.json and report.sarif for machines, report.md and a
self-contained report.html for people (auditors first: every control, its verdict,
the evidence per resource and the framework clauses), and, when asked, OSCAL
assessment results (``oscal``) for a GRC tool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined

from sluicegate.policy.catalogue import FRAMEWORK_NAMES, FRAMEWORKS

if TYPE_CHECKING:
    from sluicegate.policy import AuditResult, ControlResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub code scanning ranks results by this property (0-10), not by level.
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
FILES = {
    "json": "findings.json",
    "md": "report.md",
    "html": "report.html",
    "sarif": "report.sarif",
    "oscal": "assessment-results.json",
}


def _env(autoescape: bool) -> Environment:
    return Environment(
        loader=PackageLoader("sluicegate.policy", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _evidence(result: ControlResult) -> list[dict]:
    """One row per thing the control examined or failed: failed ones first, with the
    reasons, then what passed, by layer."""
    failed: dict[tuple[str, str], list] = {}
    for finding in result.findings:
        failed.setdefault((finding.layer, finding.address), []).append(finding)
    rows = [
        {
            "address": a,
            "layer": layer,
            "passed": False,
            "waived": all(f.waived for f in fs),
            "messages": [_why(f) for f in fs],
        }
        for (layer, a), fs in failed.items()
    ]
    for item in result.examined:
        if (item["layer"], item["address"]) not in failed:
            rows.append({"address": item["address"], "layer": item["layer"], "passed": True, "waived": False, "messages": []})
    return rows


def _why(finding) -> str:
    if not finding.waived:
        return finding.message
    w = finding.waiver
    return (f"{finding.message} (waived until {w.expires.isoformat()} by {w.owner}, "
            f"ticket {w.ticket or 'none'}: {w.reason})")


def _context(result: AuditResult) -> dict:
    return {
        "audit": result,
        "frameworks": FRAMEWORKS,
        "framework_names": FRAMEWORK_NAMES,
        "evidence": {r.id: _evidence(r) for r in result.results},
    }


def findings_json(result: AuditResult) -> dict:
    return {
        "out": str(result.out),
        "fail_on": result.fail_on,
        "blocking": result.blocking,
        "summary": {
            "controls_total": result.controls_total,
            "controls_passed": result.controls_passed,
            "controls_failed": result.controls_failed,
            "resources": result.resource_count,
            "findings_by_severity": result.by_severity(),
            "waived": len(result.waived),
        },
        "reference": result.reference,
        "waivers": str(result.waivers_file) if result.waivers_file else None,
        "as_of": result.today.isoformat(),
        "controls": [
            {
                "control_id": r.id,
                "title": r.primary.title,
                "severity": r.severity,
                "passed": r.passed,
                "status": r.status,
                "findings": len(r.findings),
                "examined": r.examined_by_layer(),
                "failed": [
                    {"layer": f.layer, "address": f.address, "why": f.message,
                     **({"waiver": f.waiver.as_dict()} if f.waived else {})}
                    for f in r.findings
                ],
                "frameworks": r.frameworks,
                "rules": [c.file for c in r.implementations],
            }
            for r in result.results
        ],
        "findings": [f.as_dict() for f in result.findings],
    }


def sarif(result: AuditResult) -> dict:
    rules = [
        {
            "id": r.id,
            "name": r.primary.title,
            "shortDescription": {"text": r.primary.title},
            "fullDescription": {"text": r.primary.description},
            "help": {"text": r.primary.remediation},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {
                "severity": r.severity,
                "security-severity": _SECURITY_SEVERITY[r.severity],
                "frameworks": r.frameworks,
                "tags": ["security", *(f"{k}:{c}" for k, cs in r.frameworks.items() for c in cs)],
            },
        }
        for r in result.results
    ]
    index = {r.id: i for i, r in enumerate(result.results)}
    results = [
        {
            "ruleId": f.control_id,
            "ruleIndex": index[f.control_id],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.address}: {f.message}"},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": f.file, "uriBaseId": "OUT"}},
                    "logicalLocations": [{"fullyQualifiedName": f.address, "kind": "resource"}],
                }
            ],
            "properties": {"layer": f.layer, "severity": f.severity},
            **(
                {"suppressions": [{"kind": "external", "status": "accepted", "justification": _why(f)}]}
                if f.waived
                else {}
            ),
        }
        for f in result.findings
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "sluicegate", "rules": rules}},
                "originalUriBaseIds": {"OUT": {"uri": result.out.resolve().as_uri() + "/"}},
                "results": results,
            }
        ],
    }


def write(result: AuditResult, formats: set[str]) -> list[Path]:
    """Write the requested reports into ``result.report_dir``; return their paths."""
    folder = result.report_dir
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FILES:
        path = folder / FILES[fmt]
        if fmt not in formats:
            # A report from an earlier audit of this OUT would contradict this one.
            path.unlink(missing_ok=True)
            continue
        if fmt == "json":
            text = json.dumps(findings_json(result), indent=2) + "\n"
        elif fmt == "sarif":
            text = json.dumps(sarif(result), indent=2) + "\n"
        elif fmt == "oscal":
            from sluicegate.policy import oscal

            text = oscal.assessment_results(result).oscal_serialize_json(pretty=True) + "\n"
        else:
            text = _env(fmt == "html").get_template(f"report.{fmt}.j2").render(_context(result))
        path.write_text(text)
        written.append(path)
    return written
