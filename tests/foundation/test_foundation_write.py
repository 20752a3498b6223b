"""``write()`` (what `sluicegate synth` and `sluicegate plan` call) and the CDK Terrain
entry in infra/foundation (what `cdktn synth` runs) produce the same foundation."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sluicegate.foundation import TERRAFORM_FILE, count_resources, write
from sluicegate.spec.model import Platform

REPO = Path(__file__).resolve().parents[2]
ENTRY = REPO / "infra" / "foundation"
INVENTORIES = Path(__file__).parent / "inventories"


def _without_metadata(value):
    """A config without CDK Terrain's "//" metadata, which Terraform ignores."""
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k != "//"}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


@pytest.fixture(scope="module")
def written(example: Platform, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    dest = tmp_path_factory.mktemp("gcs") / "foundation"
    return dest, write(example, dest)


@pytest.fixture(scope="module")
def written_local(example: Platform, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("local")
    write(example, dest, local_backend=True)
    return dest


def test_write_leaves_one_terraform_file_and_counts_its_resources(
    written: tuple[Path, int],
) -> None:
    dest, count = written
    assert [p.name for p in dest.iterdir()] == [TERRAFORM_FILE]
    config = json.loads((dest / TERRAFORM_FILE).read_text())
    # The example's inventory counts every resource type the foundation has.
    counts = yaml.safe_load((INVENTORIES / "example.yaml").read_text())["counts"]
    assert sorted(config["resource"]) == sorted(t for t, n in counts.items() if n)
    assert count == count_resources(config) == sum(counts.values())


def test_write_builds_what_the_tests_synthesize(
    written: tuple[Path, int], synthesized: Callable[[str], dict]
) -> None:
    dest, _ = written
    config = _without_metadata(json.loads((dest / TERRAFORM_FILE).read_text()))
    assert config == _without_metadata(synthesized("example"))


def test_state_goes_to_the_state_bucket_by_default(written: tuple[Path, int]) -> None:
    dest, _ = written
    backend = json.loads((dest / TERRAFORM_FILE).read_text())["terraform"]["backend"]
    assert backend == {"gcs": {"bucket": "acme-ml-platform-sg-tfstate", "prefix": "foundation"}}


def test_local_backend_keeps_state_beside_the_config(written_local: Path) -> None:
    config = json.loads((written_local / TERRAFORM_FILE).read_text())
    assert config["terraform"]["backend"] == {"local": {"path": "terraform.tfstate"}}
    assert "google_storage_bucket" in config["resource"], "the state bucket is still created"


def test_cdktn_entry_synthesizes_the_same_stack(
    written: tuple[Path, int], tmp_path: Path
) -> None:
    """Runs the app command of infra/foundation/cdktf.json the way the CDK Terrain CLI
    does (in that folder, output folder in CDKTF_OUTDIR)."""
    config = json.loads((ENTRY / "cdktf.json").read_text())
    assert config["language"] == "python"
    command = shlex.split(config["app"])
    env = {**os.environ, "CDKTF_OUTDIR": str(tmp_path)}
    env.pop("SLUICEGATE_SPEC", None)
    env.pop("SLUICEGATE_LOCAL_BACKEND", None)
    run = subprocess.run(command, cwd=ENTRY, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    synthesized = json.loads((tmp_path / "stacks" / "foundation" / "cdk.tf.json").read_text())
    dest, _ = written
    expected = json.loads((dest / TERRAFORM_FILE).read_text())
    assert _without_metadata(synthesized) == _without_metadata(expected)


def test_cdktn_entry_reports_a_bad_spec_in_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    text = (REPO / "platform.yaml").read_text().replace(
        "project_id: acme-ml-platform", "project_id: googly-ml-platform"
    )
    (spec / "platform.yaml").write_text(text)
    env = {**os.environ, "SLUICEGATE_SPEC": str(spec), "CDKTF_OUTDIR": str(tmp_path / "out")}
    run = subprocess.run(
        [sys.executable, "main.py"], cwd=ENTRY, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: platform.yaml: project_id: derived bucket name 'googly-ml-platform-sg-tfstate' "
        "may not start with 'goog'"
    ]
    assert not (tmp_path / "out").exists()
