"""Terraform itself on the synthesized JSON: ``init``, ``validate`` and a plan under
``terraform test`` with a mocked google provider (no credentials, no cloud).

``mock_provider`` still needs the real provider's schema, so these tests run only
where the google provider at the version the bindings were generated for is
installed in a local plugin folder; elsewhere they skip and say why.
"""

from __future__ import annotations

import json
import os
import platform as host
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import hcl2
import pytest

from sluicegate.foundation import TERRAFORM_FILE
from sluicegate.spec.model import Platform

TERRAFORM = shutil.which("terraform")
# Where Terraform looks for providers without a network (its implied local mirror
# folders on Linux, plus the plugin cache when one is configured).
PLUGIN_FOLDERS = [
    Path(os.environ["TF_PLUGIN_CACHE_DIR"]) if os.environ.get("TF_PLUGIN_CACHE_DIR") else None,
    Path.home() / ".terraform.d" / "plugins",
    Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "terraform/plugins",
    Path("/usr/local/share/terraform/plugins"),
    Path("/usr/share/terraform/plugins"),
]
PROJECT_NUMBER = "123456789012"


def _required_version(config: dict) -> str:
    return config["terraform"]["required_providers"]["google"]["version"]


# Stage 0 needs both: a few resources exist only in google-beta (foundation/beta.py).
PROVIDERS = ("google", "google-beta")


def _provider_path(version: str, provider: str = "google") -> Path:
    """Where a plugin folder keeps hashicorp/``provider`` ``version`` for this host."""
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(host.machine(), host.machine())
    return Path("registry.terraform.io", "hashicorp", provider, version, f"linux_{arch}")


def _plugin_folder(version: str, folders: list[Path | None]) -> Path | None:
    """The first of ``folders`` holding hashicorp/google and google-beta ``version``."""
    for folder in filter(None, folders):
        if all(
            any((folder / _provider_path(version, p)).glob(f"terraform-provider-{p}_*"))
            for p in PROVIDERS
        ):
            return folder
    return None


def _tftest(platform: Platform) -> str:
    """A ``terraform test`` file: plan with a mocked provider, then check the values that
    keep data in the region (the literal ones; IDs are unknown until apply)."""
    region = platform.region
    locations = "google_org_policy_policy.org_policies_gcp_resourceLocations"
    checks = {
        "google_kms_key_ring.kms_ring.location": region,
        "google_compute_subnetwork.network_subnetwork.region": region,
        "google_compute_router_nat.network_nat.region": region,
        "google_logging_project_bucket_config.logs_bucket.location": region,
        "google_storage_bucket.state_bucket.location": region.upper(),
        f"{locations}.spec[0].rules[0].values[0].allowed_values[0]": f"in:{region}-locations",
        "google_compute_firewall.egress_deny_all.priority": 65534,
    }
    asserts = "\n".join(
        f"  assert {{\n    condition     = {address} == {json.dumps(value)}\n"
        f"    error_message = {json.dumps(f'{address}: expected {value}')}\n  }}"
        for address, value in checks.items()
    )
    agent = f"service-{PROJECT_NUMBER}@{{}}.iam.gserviceaccount.com"
    return f"""
mock_provider "google" {{
  mock_data "google_project" {{
    defaults = {{ number = "{PROJECT_NUMBER}" }}
  }}
  mock_data "google_storage_project_service_account" {{
    defaults = {{ email_address = "{agent.format("gs-project-accounts")}" }}
  }}
  mock_data "google_logging_project_cmek_settings" {{
    defaults = {{ service_account_id = "{agent.format("gcp-sa-logging")}" }}
  }}
}}

mock_provider "google-beta" {{
  mock_resource "google_project_service_identity" {{
    defaults = {{ email = "{agent.format("gcp-sa-artifactregistry")}" }}
  }}
}}

run "plan" {{
  command = plan
{asserts}
}}
"""


@pytest.fixture(scope="module")
def workdir(
    example: Platform, synthesized: Callable[[str], dict], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The example's stage 0 Terraform JSON, initialised from the local plugin folder."""
    config = synthesized("example")["0-foundation"]
    version = _required_version(config)
    if TERRAFORM is None:
        pytest.skip("terraform is not on PATH")
    folder = _plugin_folder(version, PLUGIN_FOLDERS)
    if folder is None:
        pytest.skip(
            f"the hashicorp/google and google-beta providers {version} are not both installed "
            "in any local plugin "
            f"folder ({', '.join(str(f) for f in PLUGIN_FOLDERS if f)}) and there is no "
            "network to download it; install it there to run the plan tests"
        )
    work = tmp_path_factory.mktemp("terraform")
    (work / TERRAFORM_FILE).write_text(json.dumps(config, indent=2))
    (work / "tests").mkdir()
    (work / "tests" / "foundation.tftest.hcl").write_text(_tftest(example))
    _terraform(work, "init", "-backend=false", "-input=false", f"-plugin-dir={folder}")
    return work


def _terraform(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [TERRAFORM, *args, "-no-color"], cwd=work, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"terraform {' '.join(args)}:\n{run.stdout}\n{run.stderr}"
    return run


def test_terraform_validates_the_config(workdir: Path) -> None:
    _terraform(workdir, "validate")


def test_terraform_plans_in_the_region(workdir: Path) -> None:
    run = _terraform(workdir, "test")
    assert "1 passed, 0 failed" in run.stdout


def test_provider_lookup_finds_the_pinned_version_only(
    synthesized: Callable[[str], dict], tmp_path: Path
) -> None:
    """The lookup behind the skip: it must find a provider laid out the way Terraform
    installs one, at the version CDK Terrain pins, and nothing else."""
    version = _required_version(synthesized("example")["0-foundation"])
    empty, other, ga_only, installed = (
        tmp_path / "empty", tmp_path / "other", tmp_path / "ga_only", tmp_path / "installed"
    )
    layouts = {other: [("1.0.0", p) for p in PROVIDERS], ga_only: [(version, "google")]}
    layouts[installed] = [(version, p) for p in PROVIDERS]
    for folder, entries in layouts.items():
        for v, p in entries:
            (folder / _provider_path(v, p)).mkdir(parents=True)
            (folder / _provider_path(v, p) / f"terraform-provider-{p}_v{v}_x5").touch()
    assert _plugin_folder(version, [None, empty, other, ga_only]) is None
    assert _plugin_folder(version, [None, empty, other, ga_only, installed]) == installed


def test_the_terraform_test_file_is_valid_hcl(example: Platform) -> None:
    """Checked here because, without the provider, Terraform never reads it."""
    parsed = hcl2.loads(_tftest(example))
    (run,) = parsed["run"]
    assertions = run["plan"]["assert"]
    assert len(assertions) == 7
    assert any("in:australia-southeast1-locations" in a["condition"][0] for a in assertions)
