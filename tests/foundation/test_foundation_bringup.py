"""The bring-up order as data (``sluicegate.stages``), the audit parameters the
deployability controls read (``sluicegate.foundation.params``), and a mutation test:
a planned copy whose stage 2 lost its ingress rules fails the audit on DEP-01."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sluicegate.policy.artifacts import bringup_params as audit_params
from sluicegate.foundation.perimeter import DEPLOYER_SERVICES, RESTRICTED_SERVICES
from sluicegate.spec.model import Platform
from sluicegate.stages import stages

REPO = Path(__file__).resolve().parents[2]
INGRESS = "google_access_context_manager_service_perimeter_ingress_policy"


def test_stages_in_order_with_a_perimeter(example: Platform) -> None:
    got = [(s.number, s.name, s.tool, s.folder) for s in stages(example)]
    assert got == [
        (0, "foundation", "terraform", "foundation/0-foundation"),
        (1, "platform", "pulumi", "infra"),
        (1, "publish", "sluicegate", "manifests"),
        (2, "perimeter", "terraform", "foundation/2-perimeter"),
    ]
    by_name = {s.name: s for s in stages(example)}
    assert by_name["foundation"].command == (
        "terraform -chdir=out/foundation/0-foundation init && "
        "terraform -chdir=out/foundation/0-foundation apply"
    )
    assert "dry run" in by_name["foundation"].what
    assert json.loads(json.dumps([s.as_dict() for s in stages(example)]))[3]["number"] == 2


def test_no_perimeter_no_stage_2(example: Platform) -> None:
    platform = example.model_copy(update={"vpc_sc": None, "operators": None})
    assert [s.name for s in stages(platform)] == ["foundation", "platform", "publish"]
    assert "dry run" not in stages(platform)[0].what


def test_deployer_services_are_restricted_services() -> None:
    assert set(DEPLOYER_SERVICES) <= set(RESTRICTED_SERVICES)
    assert "container.googleapis.com" in DEPLOYER_SERVICES, "the DNS endpoint of the cluster"


def test_audit_params_from_the_example_spec(example: Platform) -> None:
    spec = example.model_dump(mode="json")
    params = audit_params(spec)
    assert params["deployers"] == list(example.operators.deployers)
    assert params["access_levels"] == ["accessPolicies/987654321098/accessLevels/sg_corp_egress"]
    assert params["existing_access_levels"] == []
    assert params["team_owner_access"] is True
    assert {t["team"]: t["members"] for t in params["team_owners"]} == {
        "forecast": ["user:raj.patel@acme.example", "user:kim.ng@acme.example"],
        "onco": ["user:ana.lee@acme.example"],
    }
    assert params["deployer_services"] == sorted(DEPLOYER_SERVICES)


def test_audit_params_without_a_perimeter(example: Platform) -> None:
    spec = example.model_copy(update={"vpc_sc": None, "operators": None}).model_dump(mode="json")
    params = audit_params(spec)
    assert params["deployers"] == [] and params["access_levels"] == []
    assert params["team_owner_access"] is False


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sluicegate plan` of the example, once (offline)."""
    out = tmp_path_factory.mktemp("plan") / "out"
    run = subprocess.run(
        [sys.executable, "-m", "sluicegate.cli", "plan", "--spec", str(REPO), "--out", str(out)],
        capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def _audit(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sluicegate.cli", "audit", str(out), "--format", "json"],
        capture_output=True, text=True, timeout=900,
    )


def _failed(out: Path) -> set[str]:
    findings = json.loads((out / "audit" / "findings.json").read_text())
    return {c["control_id"] for c in findings["controls"] if not c["passed"]}


def test_the_plan_writes_both_stages_and_passes_every_dep_control(planned: Path) -> None:
    stage2 = json.loads((planned / "foundation" / "2-perimeter" / "main.tf.json").read_text())
    assert len(stage2["resource"][INGRESS]) == 2
    assert not {c for c in _failed(planned) if c.startswith("DEP-")}


def test_stripping_the_ingress_rules_fails_the_audit_on_dep_01(
    planned: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "out"
    shutil.copytree(planned, copy)
    path = copy / "foundation" / "2-perimeter" / "main.tf.json"
    config = json.loads(path.read_text())
    del config["resource"][INGRESS]
    config["resource"]["google_access_context_manager_service_perimeter_resource"][
        "perimeter_project"
    ]["depends_on"] = []
    path.write_text(json.dumps(config))
    run = _audit(copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "DEP-01" in _failed(copy)
