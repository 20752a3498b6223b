"""The team repo scaffold: its files, its DVC config, and when it refuses a folder."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sluicegate import spec
from sluicegate.errors import SluicegateError
from sluicegate.names import Names
from sluicegate.onboarding.scaffold import prepare_scaffold, sluicegate_requirement
from sluicegate.spec.model import Team
from tests.conftest import REPO

FILES = {
    ".dvc/.gitignore", ".dvc/config", ".dvcignore", ".github/workflows/ci.yaml", ".gitignore",
    "Dockerfile", "README.md", "data/.gitignore", "data/notes.jsonl", "dvc.yaml",
    "pyproject.toml", "src/onco_ml/__init__.py", "src/onco_ml/checks.py",
    "src/onco_ml/components.py", "src/onco_ml/pipeline.py", "src/onco_ml/revision.py",
    "src/onco_ml/run.py", "src/onco_ml/settings.py", "src/onco_ml/gate_corpus.jsonl",
    "tests/test_checks.py", "tests/test_gate.py", "tests/test_pipeline.py",
}


def scaffold(root: Path, team: Team | str, dest: Path) -> str:
    platform = spec.load(root)
    team = platform.team(team) if isinstance(team, str) else team
    prepared = prepare_scaffold(platform, team, dest)
    try:
        return prepared.commit()
    finally:
        prepared.discard()


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_scaffold_writes_the_team_repo(root, tmp_path) -> None:
    dest = tmp_path / "onco-ml"
    assert scaffold(root, "onco", dest) == "created"
    assert files(dest) == FILES
    assert [p.name for p in tmp_path.iterdir()] == ["platform", "onco-ml"], "a stage was left"


def test_dvc_config_has_the_team_remote_as_default_and_no_secret(root, tmp_path) -> None:
    dest = tmp_path / "onco-ml"
    scaffold(root, "onco", dest)
    config = configparser.ConfigParser()
    config.read(dest / ".dvc" / "config")
    assert {s: dict(config[s]) for s in config.sections()} == {
        "core": {"remote": "team"},
        "'remote \"team\"'": {"url": Names.of(spec.load(root)).dvc_remote("onco")},
    }


def test_settings_carry_the_derived_names(root, tmp_path) -> None:
    dest = tmp_path / "onco-ml"
    scaffold(root, "onco", dest)
    platform = spec.load(root)
    names, onco = Names.of(platform), platform.team("onco")
    settings: dict = {}
    exec((dest / "src" / "onco_ml" / "settings.py").read_text(), settings)  # noqa: S102
    assert settings["PIPELINE_ROOT"] == names.pipeline_root("onco")
    assert settings["DVC_REMOTE"] == names.dvc_remote("onco")
    assert settings["SERVICE_ACCOUNT"] == names.team_service_account_email("onco")
    assert settings["RUNTIME_IMAGE"].startswith(names.team_runtime_image("onco") + ":")
    assert settings["GPU_TYPE"] == onco.gpu_types[0]
    assert settings["DATA_CLASSIFICATION"] == onco.data_classification


def test_same_scaffold_again_is_a_no_op_and_other_content_is_refused(root, tmp_path) -> None:
    dest = tmp_path / "onco-ml"
    scaffold(root, "onco", dest)
    (dest / ".git").mkdir()  # what the team adds beside the scaffold does not matter
    assert scaffold(root, "onco", dest) == "unchanged"

    (dest / "README.md").write_text("# our own readme\n")
    with pytest.raises(SluicegateError) as err:
        scaffold(root, "onco", dest)
    assert str(err.value) == (
        f"--scaffold: {dest} is not empty and is not team onco's scaffold (differs: README.md)"
    )
    assert (dest / "README.md").read_text() == "# our own readme\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["onco-ml", "platform"]


def test_another_teams_scaffold_is_refused(root, tmp_path) -> None:
    dest = tmp_path / "repo"
    scaffold(root, "onco", dest)
    with pytest.raises(SluicegateError, match=r"is not team forecast's scaffold \(differs: "):
        scaffold(root, "forecast", dest)


def test_a_file_is_refused(root, tmp_path) -> None:
    dest = tmp_path / "repo"
    dest.write_text("x")
    with pytest.raises(SluicegateError) as err:
        scaffold(root, "onco", dest)
    assert str(err.value) == f"--scaffold: {dest} is a file, not a folder"


@pytest.mark.parametrize(
    ("repo_url", "requirement"),
    [
        ("https://github.com/acme/ml.git", "git+https://github.com/acme/ml.git@main"),
        ("git@github.com:acme/ml.git", "git+ssh://git@github.com/acme/ml.git@main"),
        ("ssh://git@gitlab.acme/ml/platform.git", "git+ssh://git@gitlab.acme/ml/platform.git@main"),
    ],
)
def test_sluicegate_comes_from_the_platform_repo(root, repo_url, requirement) -> None:
    platform = spec.load(root)
    argocd = platform.argocd.model_copy(update={"repo_url": repo_url})
    platform = platform.model_copy(update={"argocd": argocd})
    assert sluicegate_requirement(platform) == f"sluicegate @ {requirement}"


@pytest.mark.slow
def test_cpu_team_repo_tests_pass_and_ask_for_no_gpu(root, tmp_path) -> None:
    cpu = Team(name="ledger", owners=("kim.ng@acme.example",), data_classification="internal")
    dest = tmp_path / "ledger-ml"
    scaffold(root, cpu, dest)
    settings: dict = {}
    exec((dest / "src" / "ledger_ml" / "settings.py").read_text(), settings)  # noqa: S102
    assert settings["GPU_TYPE"] is None
    # This checkout's sluicegate first, as the team repo would install it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(dest / "src"), str(REPO / "src")])}

    def run(*args: str) -> str:
        command = [sys.executable, *args]
        proc = subprocess.run(command, cwd=dest, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    assert re.search(r"^\d+ passed in ", run("-m", "pytest", "-q", "-p", "no:cacheprovider"), re.M)
    run("-m", "ledger_ml.run", "compile", "--out", str(tmp_path / "pipeline.yaml"))
    pipeline, *platform = yaml.safe_load_all((tmp_path / "pipeline.yaml").read_text())
    train = pipeline["deploymentSpec"]["executors"]["exec-train"]["container"]
    assert "accelerator" not in train.get("resources", {})
    assert platform == [], "a CPU team's pipeline needs no Kubernetes node selector"
