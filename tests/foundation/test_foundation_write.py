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

from sluicegate.foundation import (
    FOUNDATION_FOLDER,
    PERIMETER_FOLDER,
    TERRAFORM_FILE,
    count_resources,
    write,
)
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
def written(
    example: Platform,
    tmp_path_factory: pytest.TempPathFactory,
    webhook_ports_of: Callable[[str], tuple[int, ...]],
) -> tuple[Path, int]:
    dest = tmp_path_factory.mktemp("gcs") / "foundation"
    return dest, write(example, dest, webhook_ports=webhook_ports_of("example"))


def _module(dest: Path, folder: str = FOUNDATION_FOLDER) -> dict:
    return json.loads((dest / folder / TERRAFORM_FILE).read_text())


@pytest.fixture(scope="module")
def written_local(example: Platform, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("local")
    write(example, dest, local_backend=True)
    return dest


def test_write_leaves_one_root_module_per_stage_and_counts_their_resources(
    written: tuple[Path, int],
) -> None:
    dest, count = written
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        f"{FOUNDATION_FOLDER}/{TERRAFORM_FILE}",
        f"{PERIMETER_FOLDER}/{TERRAFORM_FILE}",
    ]
    # The example's inventory counts every resource type each stage has.
    inventory = yaml.safe_load((INVENTORIES / "example.yaml").read_text())
    total = 0
    for folder in (FOUNDATION_FOLDER, PERIMETER_FOLDER):
        config = _module(dest, folder)
        counts = inventory[folder]["counts"]
        assert sorted(config["resource"]) == sorted(t for t, n in counts.items() if n), folder
        assert count_resources(config) == sum(counts.values()), folder
        total += count_resources(config)
    assert count == total


def test_no_perimeter_writes_no_stage_2(example: Platform, tmp_path: Path) -> None:
    platform = example.model_copy(update={"vpc_sc": None, "operators": None})
    write(platform, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [FOUNDATION_FOLDER]


def test_write_builds_what_the_tests_synthesize(
    written: tuple[Path, int], synthesized: Callable[[str], dict[str, dict]]
) -> None:
    dest, _ = written
    for folder, config in synthesized("example").items():
        assert _without_metadata(_module(dest, folder)) == _without_metadata(config), folder


def test_state_goes_to_the_state_bucket_by_default(written: tuple[Path, int]) -> None:
    dest, _ = written
    bucket = "acme-ml-platform-sg-tfstate"
    assert _module(dest)["terraform"]["backend"] == {
        "gcs": {"bucket": bucket, "prefix": "foundation"}
    }
    assert _module(dest, PERIMETER_FOLDER)["terraform"]["backend"] == {
        "gcs": {"bucket": bucket, "prefix": "perimeter"}
    }


def test_local_backend_keeps_stage_0_state_beside_the_config(written_local: Path) -> None:
    config = _module(written_local)
    assert config["terraform"]["backend"] == {"local": {"path": "terraform.tfstate"}}
    assert "google_storage_bucket" in config["resource"], "the state bucket is still created"
    # Stage 2 runs after the bucket exists and the state has moved into it.
    assert "gcs" in _module(written_local, PERIMETER_FOLDER)["terraform"]["backend"]


def test_webhook_ports_must_be_tcp_ports(example: Platform, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="70000"):
        write(example, tmp_path / "out", webhook_ports=(8443, 70000))
    assert not (tmp_path / "out").exists()


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
    dest, _ = written
    for stack, folder in (("foundation", FOUNDATION_FOLDER), ("perimeter", PERIMETER_FOLDER)):
        synthesized = json.loads((tmp_path / "stacks" / stack / "cdk.tf.json").read_text())
        expected = _module(dest, folder)
        if folder == FOUNDATION_FOLDER:
            # The CDK Terrain app has no manifests to derive webhook ports from.
            del expected["resource"]["google_compute_firewall"]["webhooks_allow_control_plane"]
        assert _without_metadata(synthesized) == _without_metadata(expected), stack


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
