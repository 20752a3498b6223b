"""The CLI contract: exit codes, one-line errors on stderr, nothing half-written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sluicegate.cli import main
from tests.conftest import read_yaml, write_yaml


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> tuple[int, Path, str]:
    """One real plan of the example, shared by the tests that read its output."""
    out = tmp_path_factory.mktemp("plan") / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sluicegate.cli", "plan", "--spec", str(repo), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    return proc.returncode, out, proc.stdout


def test_example_plans_clean(planned) -> None:
    code, out, stdout = planned
    assert code == 0, stdout
    for step in ("foundation", "platform", "manifests", "audit"):
        assert step in stdout
    assert "controls:" in stdout and " 0 failed" in stdout
    assert f"reports in {out / 'audit'}" in stdout.replace("\n", "")
    assert f"{out}: written (there was no previous plan)" in " ".join(stdout.split())


def test_plan_writes_the_documented_layout(planned) -> None:
    _, out, _ = planned
    # One Terraform module per foundation stage, in the folders stages.json names.
    stages = json.loads((out / "stages.json").read_text())
    assert sorted(p.parent.name for p in (out / "foundation").glob("*/main.tf.json")) == [
        "0-foundation",
        "2-perimeter",
    ]
    assert {s["folder"] for s in stages if s["tool"] == "terraform"} == {
        "foundation/0-foundation",
        "foundation/2-perimeter",
    }
    graph = json.loads((out / "platform" / "graph.json").read_text())
    assert graph["resources"] and {"urn", "type", "name", "parent", "inputs"} <= set(graph["resources"][0])
    assert list((out / "manifests").rglob("*.yaml"))
    for report in ("findings.json", "report.md", "report.html", "report.sarif"):
        assert (out / "audit" / report).is_file(), report
    assert json.loads((out / "spec.json").read_text())["region"] == "australia-southeast1"
    # The stack's Pulumi policy pack, with its parameters, beside what it checks.
    assert "runtime: opa" in (out / "pulumi-pack" / "PulumiPolicy.yaml").read_text()
    assert '"region": "australia-southeast1"' in (out / "pulumi-pack" / "params.rego").read_text()
    platform_stage = next(s for s in stages if s["name"] == "platform")
    assert platform_stage["command"] == "pulumi -C infra up --policy-pack ../out/pulumi-pack"
    # The reports name the folder the plan was moved to, not the one it was built in.
    assert json.loads((out / "audit" / "findings.json").read_text())["out"] == str(out.resolve())


def test_invalid_spec_exits_2_with_one_line_and_writes_nothing(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = read_yaml(example / "teams" / "onco.yaml")
    data["gpu_quota"] = -1
    write_yaml(example / "teams" / "onco.yaml", data)
    out = tmp_path / "out"
    assert main(["plan", "--spec", str(example), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: teams/onco.yaml: gpu_quota: must be >= 0\n"
    assert captured.out == ""
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["platform"]


def test_failed_plan_leaves_the_previous_out_untouched(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker").write_text("previous plan")
    (example / "platform.yaml").write_text("prefix: [\n")
    assert main(["plan", "--spec", str(example), "--out", str(out)]) == 2
    assert (out / "marker").read_text() == "previous plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "platform"]


def test_a_plan_with_blocking_findings_still_replaces_out_with_its_reports(
    example: Path, tmp_path: Path
) -> None:
    """Without VPC Service Controls the operators cannot reach the control plane
    (DEP-21, high): the plan exits 1, and out/ is this plan, reports included."""
    data = read_yaml(example / "platform.yaml")
    del data["vpc_sc"]
    write_yaml(example / "platform.yaml", data)
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker").write_text("previous plan")
    proc = subprocess.run(
        [sys.executable, "-m", "sluicegate.cli", "plan", "--spec", str(example), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert not (out / "marker").exists()
    findings = json.loads((out / "audit" / "findings.json").read_text())["findings"]
    assert "DEP-21" in {f["control_id"] for f in findings}
    for report in ("report.md", "report.html", "report.sarif"):
        assert (out / "audit" / report).is_file(), report
    # The pack is this spec's: without a perimeter, no restricted services.
    assert '"vpc_sc": false' in (out / "pulumi-pack" / "params.rego").read_text()
    summary = " ".join(proc.stdout.split())
    assert (
        f"{out}: replaced the previous plan; it has findings at or above high, "
        "so the exit code is 1"
    ) in summary, proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "platform"]


def test_bad_fail_on_is_invalid_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path), "--fail-on", "severe"]) == 2
    assert capsys.readouterr().err == (
        "error: --fail-on: must be one of low, medium, high, critical, not 'severe'\n"
    )


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--spek", "x"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_audit_of_a_mutated_plan_fails_with_exit_1(planned, tmp_path: Path) -> None:
    """An auditor edits a copy of a plan (a team bucket moved to the US) and audits it again."""
    _, out, _ = planned
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    graph_file = copy / "platform" / "graph.json"
    graph = json.loads(graph_file.read_text())
    buckets = [r for r in graph["resources"] if r["type"] == "gcp:storage/bucket:Bucket"]
    assert buckets
    buckets[0]["inputs"]["location"] = "US"
    graph_file.write_text(json.dumps(graph))
    proc = subprocess.run(
        [sys.executable, "-m", "sluicegate.cli", "audit", str(copy)], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    findings = json.loads((copy / "audit" / "findings.json").read_text())
    ids = {f["control_id"] for f in (findings["findings"] if isinstance(findings, dict) else findings)}
    assert "RES-02" in ids


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("sluicegate")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for command in ("plan", "audit", "onboard", "render", "synth", "redaction"):
        assert command in proc.stdout
