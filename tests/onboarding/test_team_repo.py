"""The scaffolded team repo, for real: git, DVC against a GCS emulator, kfp compile and run.

One team is onboarded with ``--scaffold`` into a copy of the example platform; the
repo then goes through what its README tells the team to do.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sluicegate import spec
from sluicegate.names import Names
from sluicegate.onboarding import OnboardRequest, onboard
from sluicegate.onboarding.scaffold import package_name
from tests.conftest import REPO
from tests.onboarding.conftest import Emulator, copy_example

pytestmark = pytest.mark.slow

TEAM = "vision"
DATA = "data/notes.jsonl"
BIN = Path(sys.executable).parent

# Runs one local pipeline run in the team repo and writes what the run returned.
DRIVER = """
import json, sys
from {package} import run, settings
from {package}.revision import data_revision

task = run.run_local(
    data_revision(settings.DATA_PATH), float(sys.argv[1]), sys.argv[2], json.loads(sys.argv[4])
)
with open(sys.argv[3], "w") as out:
    json.dump({{name: dict(a.metadata) for name, a in task.outputs.items()}}, out)
"""


@dataclass(frozen=True)
class TeamRepo:
    path: Path
    request: OnboardRequest
    platform: Path
    package: str
    names: Names
    gpu_type: str
    data: bytes
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(args, cwd=self.path, env=self.env, capture_output=True, text=True)
        if check:
            assert proc.returncode == 0, f"{' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc

    def dvc(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "dvc"), *args, check=check)

    def git(self, *args: str) -> str:
        return self.run("git", *args).stdout.strip()

    def python(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, *args, check=check)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, emulator: Emulator) -> TeamRepo:
    """Onboarded, scaffolded, committed, data added to DVC and pushed to the team bucket."""
    base = tmp_path_factory.mktemp("team")
    root = copy_example(base / "platform")
    gpu_type = spec.load(root).cluster.gpu_pools[0].gpu_type
    request = OnboardRequest(
        team=TEAM, owners=("li.wu@acme.example",), gpu_quota=1, gpu_types=(gpu_type,)
    )
    result = onboard(root, request, scaffold=base / "vision-ml")
    assert result.scaffold_status == "created"
    names = result.names
    emulator.create_bucket(names.team_bucket(TEAM))
    env = {
        **emulator.env(),
        # The team package from the scaffold, and this repo for the weak test engine.
        "PYTHONPATH": os.pathsep.join([str(result.scaffold / "src"), str(REPO / "src"), str(REPO)]),
        "GIT_AUTHOR_NAME": "Li Wu", "GIT_AUTHOR_EMAIL": "li.wu@acme.example",
        "GIT_COMMITTER_NAME": "Li Wu", "GIT_COMMITTER_EMAIL": "li.wu@acme.example",
    }
    team = TeamRepo(result.scaffold, request, root, package_name(TEAM), names, gpu_type,
                    (result.scaffold / DATA).read_bytes(), env)
    team.git("init", "--quiet", "--initial-branch", "main")
    team.git("add", ".")
    team.git("commit", "--quiet", "-m", "Scaffold from sluicegate")
    team.dvc("add", DATA)
    team.git("add", f"{DATA}.dvc")
    team.git("commit", "--quiet", "-m", "Track data with DVC")
    # Machine-local settings, as the README says: they stay out of the committed config.
    team.dvc("remote", "modify", "--local", "team", "endpointurl", emulator.endpoint)
    team.dvc("remote", "modify", "--local", "team", "allow_anonymous_login", "true")
    team.dvc("push")
    return team


def test_dvc_remote_is_the_team_bucket_and_the_default(repo: TeamRepo) -> None:
    assert repo.dvc("remote", "default").stdout.strip() == "team"
    listed = repo.dvc("remote", "list").stdout.split()
    assert listed == ["team", repo.names.dvc_remote(TEAM), "(default)"]


def test_committed_dvc_config_holds_nothing_secret(repo: TeamRepo) -> None:
    config = configparser.ConfigParser()
    config.read(repo.path / ".dvc" / "config")
    keys = {key for section in config.sections() for key in config[section]}
    assert keys == {"remote", "url"}, keys
    assert repo.git("ls-files", ".dvc").split() == [".dvc/.gitignore", ".dvc/config"]
    assert "endpointurl" in (repo.path / ".dvc" / "config.local").read_text()


def test_dvc_pull_restores_the_same_bytes(repo: TeamRepo) -> None:
    list_bucket = "import gcsfs, sys; print(gcsfs.GCSFileSystem(token='anon').find(sys.argv[1]))"
    listed = repo.python("-c", list_bucket, repo.names.dvc_remote(TEAM)).stdout
    assert "/dvc/files/md5/" in listed, listed
    shutil.rmtree(repo.path / ".dvc" / "cache")
    (repo.path / DATA).unlink()
    repo.dvc("pull")
    assert (repo.path / DATA).read_bytes() == repo.data


def test_onboarding_again_with_the_scaffold_is_a_no_op(repo: TeamRepo) -> None:
    again = onboard(repo.platform, repo.request, scaffold=repo.path)
    assert not again.changed
    assert (again.team_status, again.scaffold_status) == ("unchanged", "unchanged")


def test_the_team_tests_pass(repo: TeamRepo) -> None:
    proc = repo.python("-m", "pytest", "-q", "-p", "no:cacheprovider", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


def test_dvc_stage_runs(repo: TeamRepo) -> None:
    repo.dvc("repro")
    report = json.loads((repo.path / "reports" / "data.json").read_text())
    assert report["records"] == len(repo.data.splitlines())


def test_compiled_pipeline_targets_the_team_bucket_and_gpu(repo: TeamRepo, tmp_path: Path) -> None:
    out = tmp_path / "pipeline.yaml"
    repo.python("-m", f"{repo.package}.run", "compile", "--out", str(out))
    pipeline, platform = yaml.safe_load_all(out.read_text())
    assert pipeline["defaultPipelineRoot"] == repo.names.pipeline_root(TEAM)
    train = pipeline["deploymentSpec"]["executors"]["exec-train"]["container"]
    accelerator = train["resources"]["accelerator"]
    assert (accelerator["resourceType"], accelerator["resourceCount"]) == ("nvidia.com/gpu", "1")
    selector = platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"]["exec-train"]
    assert selector["nodeSelector"]["labels"] == {"cloud.google.com/gke-accelerator": repo.gpu_type}
    assert list(pipeline["root"]["dag"]["tasks"]) == [
        "evaluate", "load-data", "load-gate-corpus", "redact-and-gate", "train"
    ]


def _run_pipeline(
    repo: TeamRepo, tmp_path: Path, engine: str, floor: float = 0.87,
    label_floors: dict | None = None,
) -> subprocess.CompletedProcess[str]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(package=repo.package))
    floors = json.dumps({"PERSON": 0.9, "ADDRESS": 0.9} if label_floors is None else label_floors)
    return repo.python(
        str(driver), str(floor), engine, str(tmp_path / "outputs.json"), floors, check=False
    )


# Round 7 (docs/redaction.md): the default engine reaches the contract on the starter
# corpus (F1 0.964, PERSON recall 0.952 = 140 of 147 names, ADDRESS recall 1.000 on these
# 169 lines; 32 of the names and 11 of the 41 addresses are in fresh2, a tuning set), so
# the run passes at the contract floors, the team settings' default; a floor above what
# the engine measures still halts the run, naming PERSON.
CONTRACT_FLOORS = {"floor": 0.87, "label_floors": {"PERSON": 0.9, "ADDRESS": 0.9}}


def test_pipeline_runs_and_the_model_carries_its_data_revision(repo: TeamRepo, tmp_path) -> None:
    proc = _run_pipeline(repo, tmp_path, "hybrid", **CONTRACT_FLOORS)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    outputs = json.loads((tmp_path / "outputs.json").read_text())
    md5 = hashlib.md5(repo.data).hexdigest()  # noqa: S324 - DVC's content address
    dvc_file = yaml.safe_load((repo.path / f"{DATA}.dvc").read_text())
    assert dvc_file["outs"][0]["md5"] == md5
    model = outputs["model"]
    assert (model["git_commit"], model["data_md5"], model["data_path"]) == (
        repo.git("rev-parse", "HEAD"), md5, DATA
    )
    assert 0.0 <= outputs["metrics"]["accuracy"] <= 1.0

    runs = sorted((repo.path / "local_outputs").iterdir())
    redacted = (runs[-1] / "redact-and-gate" / "redacted").read_text()
    for personal in ("0412 345 678", "mary.smith@example.com", "Jane Citizen"):
        assert personal.encode() in repo.data
        assert personal not in redacted, f"{personal!r} reached training"


def test_gate_halts_the_run_when_the_redactor_is_below_the_floor(repo, tmp_path) -> None:
    proc = _run_pipeline(repo, tmp_path, "tests.onboarding.weak_engine:EmailsOnly")
    assert proc.returncode != 0
    assert "GateFailed" in proc.stdout + proc.stderr
    assert not (tmp_path / "outputs.json").exists()
    run = sorted((repo.path / "local_outputs").iterdir())[-1]
    scored = json.loads((run / "redact-and-gate" / "metrics").read_text())
    assert scored["f1"] < scored["floor"] == 0.87
    assert scored["recall_PERSON"] < scored["floor_PERSON"] == 0.9
    assert scored["engine_version"].startswith("emails-only/") and len(scored["corpus_sha256"]) == 64
    assert not (run / "redact-and-gate" / "redacted").exists(), "the gate wrote redacted data"
    assert not (run / "train").exists(), "train ran after the gate failed"


def test_gate_halts_the_default_engine_above_what_it_measures(repo, tmp_path) -> None:
    """A PERSON floor above the default engine's recall on the starter corpus halts the run
    and names PERSON only: micro F1 and ADDRESS recall stay above theirs."""
    proc = _run_pipeline(repo, tmp_path, "hybrid", label_floors={"PERSON": 0.99, "ADDRESS": 0.9})
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "PERSON recall" in output, output[-3000:]
    assert "ADDRESS recall" not in output and "is below the floor" not in output, output[-3000:]
