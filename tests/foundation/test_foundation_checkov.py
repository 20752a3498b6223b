"""Checkov, a second opinion: no failed check on any scenario's Terraform JSON except
the suppressions in checkov/terraform.yaml, each with a reason and each still needed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SUPPRESSIONS = REPO / "checkov" / "terraform.yaml"
CHECKOV = Path(sys.executable).with_name("checkov")


def _name(resource: str) -> str:
    """The resource's name: Checkov reports terraform_json resources as ``resource.<name>``."""
    return resource.rsplit(".", 1)[-1]


@pytest.fixture(scope="module")
def suppressions() -> list[dict]:
    return yaml.safe_load(SUPPRESSIONS.read_text())["suppressions"]


@pytest.fixture(scope="module")
def report(
    scenario_names: tuple[str, ...],
    synthesized: Callable[[str], dict[str, dict]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict:
    """One Checkov run over every scenario, each stage module in its own folder."""
    if not CHECKOV.exists():
        pytest.skip(f"checkov is not installed beside {sys.executable}")
    root = tmp_path_factory.mktemp("checkov")
    for name in scenario_names:
        for folder, config in synthesized(name).items():
            (root / name / folder).mkdir(parents=True)
            (root / name / folder / "main.tf.json").write_text(json.dumps(config, indent=2))
    command = [str(CHECKOV), "--framework", "terraform_json", "--skip-download"]
    command += ["--output", "json", "--directory", str(root)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    # Exit code 1 means "some check failed"; anything else is Checkov itself failing.
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def test_checkov_read_every_scenario(report: dict, scenario_names: tuple[str, ...]) -> None:
    assert report["check_type"] == "terraform_json"
    assert report["summary"]["parsing_errors"] == 0
    assert report["summary"]["passed"] > 0
    checked = {Path(r["file_path"]).parts[-3] for r in report["results"]["passed_checks"]}
    assert checked == set(scenario_names)


def _suppressed(finding: dict, suppressions: list[dict]) -> bool:
    return any(
        finding["check_id"] == s["check"]
        and _name(finding["resource"]) in {_name(r) for r in s["resources"]}
        for s in suppressions
    )


def test_no_failed_check_outside_the_suppressions(report: dict, suppressions: list[dict]) -> None:
    failed = [
        f"{'/'.join(Path(f['file_path']).parts[-3:-1])}: {f['check_id']} ({f['check_name']}) "
        f"on {f['resource']}"
        for f in report["results"]["failed_checks"]
        if not _suppressed(f, suppressions)
    ]
    assert not failed, "\n".join(failed)


def test_every_suppression_has_a_reason_and_is_still_needed(
    report: dict, suppressions: list[dict]
) -> None:
    for s in suppressions:
        assert s.get("reason", "").strip(), f"{s['check']}: no reason"
        assert s.get("resources"), f"{s['check']}: names no resource"
        names = {_name(r) for r in s["resources"]}
        matched = [
            f
            for f in report["results"]["failed_checks"]
            if f["check_id"] == s["check"] and _name(f["resource"]) in names
        ]
        assert matched, f"{s['check']} on {s['resources']}: no longer fails, remove it"
