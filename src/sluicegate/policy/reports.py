"""The audit's reports: findings.json and report.sarif for machines, report.md and a
self-contained report.html for people (auditors first: every control, its verdict,
the evidence per resource and the framework clauses)."""

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
_FILES = {"json": "findings.json", "md": "report.md", "html": "report.html", "sarif": "report.sarif"}


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
    """One row per resource the control looked at: failed ones first, with the reason."""
    failed: dict[str, list[str]] = {}
    for finding in result.findings:
        failed.setdefault(finding.address, []).append(finding.message)
    rows = [
        {"address": a, "layer": next(f.layer for f in result.findings if f.address == a),
         "passed": False, "messages": m}
        for a, m in failed.items()
    ]
    seen = set(failed)
    for item in result.checked:
        if item["address"] not in seen:
            seen.add(item["address"])
            rows.append({"address": item["address"], "layer": item["layer"], "passed": True, "messages": []})
    return rows


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
        },
        "controls": [
            {
                "control_id": r.id,
                "title": r.primary.title,
                "severity": r.severity,
                "passed": r.passed,
                "findings": len(r.findings),
                "resources_checked": len(r.checked),
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
    for fmt in ("json", "md", "html", "sarif"):
        path = folder / _FILES[fmt]
        if fmt not in formats:
            # A report from an earlier audit of this OUT would contradict this one.
            path.unlink(missing_ok=True)
            continue
        if fmt == "json":
            text = json.dumps(findings_json(result), indent=2) + "\n"
        elif fmt == "sarif":
            text = json.dumps(sarif(result), indent=2) + "\n"
        else:
            text = _env(fmt == "html").get_template(f"report.{fmt}.j2").render(_context(result))
        path.write_text(text)
        written.append(path)
    return written
