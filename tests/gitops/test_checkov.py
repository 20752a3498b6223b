"""Checkov's Kubernetes checks over the rendered tree, with the one suppression file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from sluicegate.gitops.hydrate import HYDRATED

from .conftest import REPO, kit_objects

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


def test_the_hydrated_part_is_what_checkov_skips():
    """The one skipped path is the upstream part of the tree (the reason is in the file)."""
    assert yaml.safe_load(CONFIG.read_text())["skip-path"] == [HYDRATED]


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
    own = kit_objects(objects)
    assert own and len(own) < len(objects), "the tree has no hydrated part to skip"
    assert summary["resource_count"] == len(own), "Checkov did not read every object of the kit"
    checked = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert not [f for f in checked if f.lstrip("/").startswith(f"{HYDRATED}/")], (
        f"Checkov checked the hydrated part it is configured to skip: {sorted(checked)}"
    )
    assert summary["passed"] > 0
    assert result.returncode == 0
