"""Checkov's Kubernetes checks over the rendered tree, with the one suppression file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO

CONFIG = REPO / "checkov" / "kubernetes.yaml"
CHECKOV = Path(sys.executable).parent / "checkov"


def test_every_suppression_carries_a_reason():
    config = yaml.safe_load(CONFIG.read_text())
    assert config["framework"] == ["kubernetes"]
    skipped = config["skip-check"]
    for check in skipped:
        line = next(l for l in CONFIG.read_text().splitlines() if re.match(rf"\s*-\s*{check}\b", l))
        reason = line.partition("#")[2].strip()
        assert len(reason) > 10, f"checkov/kubernetes.yaml: {check} is suppressed without a reason"


def test_checkov_kubernetes_checks_pass(rendered, objects):
    result = subprocess.run(
        [str(CHECKOV), "--config-file", str(CONFIG), "-d", str(rendered), "-o", "json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,  # a loaded CI runner; it takes ~15 s alone
    )
    report = json.loads(result.stdout)
    failed = [
        f"{c['check_id']} {c['resource']} ({c['file_path']})"
        for c in report["results"]["failed_checks"]
    ]
    assert failed == [], (
        f"Checkov failed checks (fix, or suppress with a reason in {CONFIG.name}): {failed}"
    )
    summary = report["summary"]
    assert summary["parsing_errors"] == 0
    assert summary["resource_count"] == len(objects), "Checkov did not read every rendered object"
    assert summary["passed"] > 0
    assert result.returncode == 0
