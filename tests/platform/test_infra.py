"""infra/: the project file, the sample stack configuration and the entry point agree."""

from __future__ import annotations

import pytest

from sluicegate.errors import SpecError
from sluicegate.platform import PROJECT
from tests.conftest import REPO, read_yaml, write_yaml
from tests.platform.conftest import run_main

INFRA = REPO / "infra"


def test_project_file_declares_the_spec_setting() -> None:
    project = read_yaml(INFRA / "Pulumi.yaml")
    assert project["name"] == PROJECT, "graph.json URNs must carry the real project name"
    assert project["runtime"]["name"] == "python"
    assert project["config"]["sluicegate:spec"]["default"] == ".."


def test_sample_stack_sets_every_declared_setting() -> None:
    declared = set(read_yaml(INFRA / "Pulumi.yaml")["config"])
    sample = read_yaml(INFRA / "Pulumi.example.yaml")["config"]
    own = {key for key in sample if key.startswith(f"{PROJECT}:")}
    assert own == declared


def test_stack_config_selects_the_spec(tmp_path) -> None:
    """A spec the configuration points at is the one built; a broken one fails with its field."""
    data = read_yaml(REPO / "platform.yaml")
    data["storage"] = {"soft_delete_days": 7, "retention_days": 30, "versioning": True}
    (tmp_path / "teams").mkdir()
    write_yaml(tmp_path / "platform.yaml", data)
    with pytest.raises(SpecError, match=r"^platform.yaml: storage.retention_days: "):
        run_main(tmp_path)
