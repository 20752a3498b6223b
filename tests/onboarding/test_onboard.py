"""`sluicegate onboard` against a copy of the example platform: writes, no-ops, refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sluicegate import spec, upstream
from sluicegate.gitops import tree
from sluicegate.names import Names
from sluicegate.onboarding import OnboardRequest, onboard
from tests.onboarding.conftest import snapshot

OWNER = "li.wu@acme.example"


def pool_gpu(root: Path) -> tuple[str, int]:
    """The example's first GPU pool: its type and the GPUs it can ever schedule."""
    pool = spec.load(root).cluster.gpu_pools[0]
    return pool.gpu_type, pool.max_schedulable_gpus


def fresh_render(root: Path, dest: Path) -> dict[str, str]:
    """The manifests a clean render of the spec on disk produces (`sluicegate render`)."""
    dest.mkdir()
    tree.build(spec.load(root), dest, upstream.locate(None))
    return snapshot(dest)


def test_new_team_gets_its_file_manifests_and_next_steps(root, cli, tmp_path) -> None:
    gpu, _ = pool_gpu(root)
    ran = cli("onboard", "--spec", str(root), "--team", "vision", "--owner", OWNER,
              "--gpu-quota", "1", "--gpu-type", gpu, "--data-classification", "internal")
    assert ran.code == 0, ran.err
    assert ran.err == ""
    assert yaml.safe_load((root / "teams" / "vision.yaml").read_text()) == {
        "name": "vision",
        "owners": [OWNER],
        "data_classification": "internal",
        "gpu_quota": 1,
        "gpu_types": [gpu],
    }
    team = spec.load(root).team("vision")
    assert (team.gpu_quota, team.gpu_types) == (1, (gpu,))
    rendered = snapshot(root / "manifests" / "rendered")
    assert rendered == fresh_render(root, tmp_path / "fresh"), "manifests/rendered is stale"
    assert any("vision" in path for path in rendered), "no manifest for the new team"

    names = Names.of(spec.load(root))
    lines = ran.out.splitlines()
    assert lines[0] == "team vision: created teams/vision.yaml"
    assert "next steps:" in lines
    assert f"gs://{names.team_bucket('vision')}" in ran.out
    assert names.team_service_account_email("vision") in ran.out
    assert "  3. Argo CD syncs namespace vision" in ran.out


def test_new_team_defaults_to_personal_data_and_no_gpus(root, cli) -> None:
    ran = cli("onboard", "--spec", str(root), "--team", "vision", "--owner", OWNER)
    assert ran.code == 0, ran.err
    team = spec.load(root).team("vision")
    assert (team.data_classification, team.gpu_quota, team.gpu_types) == ("pii", 0, ())


def test_same_arguments_again_change_nothing(root, cli) -> None:
    args = ("onboard", "--spec", str(root), "--team", "vision", "--owner", OWNER)
    assert cli(*args).code == 0
    before = snapshot(root)
    again = cli(*args)
    assert again.code == 0, again.err
    assert again.out.splitlines()[0] == (
        "team vision is already onboarded with these settings: nothing changed"
    )
    assert "next steps:" not in again.out
    assert snapshot(root) == before


def own_settings(root: Path, name: str) -> list[str]:
    """`onboard` arguments that restate an existing team's settings exactly."""
    team = spec.load(root).team(name)
    args = ["onboard", "--spec", str(root), "--team", name]
    for owner in team.owners:
        args += ["--owner", owner]
    for gpu in team.gpu_types:
        args += ["--gpu-type", gpu]
    return [*args, "--gpu-quota", str(team.gpu_quota),
            "--data-classification", team.data_classification]


def test_example_team_with_its_own_settings_is_a_no_op(root, cli) -> None:
    text = (root / "teams" / "onco.yaml").read_text()
    before = snapshot(root)
    ran = cli(*own_settings(root, "onco"))
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[0] == (
        "team onco is already onboarded with these settings: nothing changed"
    )
    assert (root / "teams" / "onco.yaml").read_text() == text
    assert snapshot(root) == before


def test_scaffold_for_an_onboarded_team_touches_only_the_scaffold(root, cli, tmp_path) -> None:
    before = snapshot(root)
    dest = tmp_path / "onco-ml"
    ran = cli(*own_settings(root, "onco"), "--scaffold", str(dest))
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0] == "team onco is already onboarded with these settings: nothing changed"
    assert f"scaffold: created {dest}" in lines
    assert lines[-2:] == [
        "next steps:",
        f"  1. in {dest}: git init, dvc add data/notes.jsonl, dvc push "
        "(its README.md has the steps)",
    ]
    assert snapshot(root) == before
    assert (dest / ".dvc" / "config").is_file()


def test_update_changes_only_what_is_given_and_keeps_the_comment(root, cli, tmp_path) -> None:
    onco = spec.load(root).team("onco")
    comment = (root / "teams" / "onco.yaml").read_text().splitlines()[0]
    ran = cli("onboard", "--spec", str(root), "--team", "onco", "--owner", onco.owners[0],
              "--gpu-quota", "1", "--update")
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[:2] == [
        "team onco: updated teams/onco.yaml",
        f"  gpu_quota: {onco.gpu_quota} -> 1",
    ]
    text = (root / "teams" / "onco.yaml").read_text()
    assert text.splitlines()[0] == comment
    updated = spec.load(root).team("onco")
    assert updated.gpu_quota == 1
    assert (updated.gpu_types, updated.data_classification) == (
        onco.gpu_types, onco.data_classification
    )
    assert snapshot(root / "manifests" / "rendered") == fresh_render(root, tmp_path / "fresh")


def test_python_call_is_the_same_flow(root) -> None:
    result = onboard(root, OnboardRequest(team="vision", owners=(OWNER,)))
    assert (result.team_status, result.changed) == ("created", True)
    assert result.manifests.added and not result.manifests.removed
    again = onboard(root, OnboardRequest(team="vision", owners=(OWNER,)))
    assert (again.team_status, again.changed, bool(again.manifests)) == ("unchanged", False, False)


def _bad_requests(root: Path) -> dict[str, tuple[list[str], str]]:
    gpu, capacity = pool_gpu(root)
    onco = spec.load(root).team("onco")
    pools = ", ".join(sorted({p.gpu_type for p in spec.load(root).cluster.gpu_pools}))
    return {
        "name taken": (
            ["--team", "onco", "--owner", OWNER],
            f"teams/onco.yaml: team 'onco' is already onboarded with other settings "
            f"(owners [{', '.join(onco.owners)}] -> [{OWNER}]); pass --update to change it",
        ),
        "unknown gpu type": (
            ["--team", "vision", "--owner", OWNER, "--gpu-quota", "1", "--gpu-type", "nvidia-b200"],
            f"teams/vision.yaml: gpu_types[0]: no GPU pool has nvidia-b200 (pools have: {pools})",
        ),
        "quota above pools": (
            ["--team", "vision", "--owner", OWNER, "--gpu-quota", str(capacity + 1),
             "--gpu-type", gpu],
            f"teams/vision.yaml: gpu_quota: {capacity + 1} exceeds the {capacity} GPUs "
            "its pools can ever hold",
        ),
        "bad e-mail": (
            ["--team", "vision", "--owner", "li.wu-at-acme"],
            "teams/vision.yaml: owners[0]: 'li.wu-at-acme' is not an e-mail address",
        ),
        "bad classification": (
            ["--team", "vision", "--owner", OWNER, "--data-classification", "secret"],
            "teams/vision.yaml: data_classification: must be 'pii' or 'internal', not 'secret'",
        ),
        "negative quota": (
            ["--team", "vision", "--owner", OWNER, "--gpu-quota", "-1"],
            "teams/vision.yaml: gpu_quota: must be >= 0",
        ),
        "bad name": (
            ["--team", "../vision", "--owner", OWNER],
            "teams/../vision.yaml: name: '../vision' is not a DNS-1123 label (lowercase letters, "
            "digits and '-', starting with a letter, at most 63 characters)",
        ),
        "update of unknown team": (
            ["--team", "vision", "--owner", OWNER, "--update"],
            "teams/vision.yaml: team 'vision' is not onboarded yet; drop --update",
        ),
    }


BAD_REQUESTS = (
    "name taken", "unknown gpu type", "quota above pools", "bad e-mail",
    "bad classification", "negative quota", "bad name", "update of unknown team",
)


@pytest.mark.parametrize("case", BAD_REQUESTS)
def test_bad_request_exits_2_with_one_line_and_writes_nothing(root, cli, case) -> None:
    args, line = _bad_requests(root)[case]
    before = snapshot(root.parent)
    ran = cli("onboard", "--spec", str(root), *args)
    assert (ran.code, ran.err, ran.out) == (2, f"error: {line}\n", "")
    assert snapshot(root.parent) == before


def test_failure_while_rendering_leaves_nothing_behind(root, cli, monkeypatch) -> None:
    def broken(platform, dest: Path) -> int:
        (dest / "half.yaml").write_text("kind: Half\n")
        raise OSError("disk full")

    monkeypatch.setattr(tree, "render", broken)
    before = snapshot(root.parent)
    with pytest.raises(OSError, match="disk full"):
        onboard(root, OnboardRequest(team="vision", owners=(OWNER,)))
    assert snapshot(root.parent) == before


def test_blocking_policy_finding_exits_1_and_writes_nothing(root, cli, monkeypatch) -> None:
    render = tree.render

    def without_network_policies(platform, dest: Path) -> int:
        """The real render, minus the new team's default-deny NetworkPolicies."""
        count = render(platform, dest)
        (dest / "teams" / "vision" / "networkpolicies.yaml").unlink()
        return count

    monkeypatch.setattr(tree, "render", without_network_policies)
    before = snapshot(root.parent)
    ran = cli("onboard", "--spec", str(root), "--team", "vision", "--owner", OWNER)
    assert (ran.code, ran.out) == (1, "")
    assert ran.err == (
        "error: teams/vision.yaml: the platform with this team fails K8S-02 (high or above); "
        "nothing written (`sluicegate plan` writes the report)\n"
    )
    assert snapshot(root.parent) == before


def test_refused_scaffold_writes_nothing(root, cli, tmp_path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("someone else's\n")
    before = snapshot(tmp_path)
    ran = cli("onboard", "--spec", str(root), "--team", "vision", "--owner", OWNER,
              "--scaffold", str(taken))
    assert ran.code == 2
    assert ran.err == (
        f"error: --scaffold: {taken} is not empty and is not team vision's scaffold "
        "(differs: .dvc/.gitignore, .dvc/config, .dvcignore ...)\n"
    )
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_two_concurrent_onboardings_both_land(root, tmp_path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sluicegate.cli", "onboard", "--spec", str(root),
             "--team", team, "--owner", OWNER],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for team in ("alpha", "beta")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.startswith("team ")
    assert {"alpha", "beta"} <= {t.name for t in spec.load(root).teams}
    assert snapshot(root / "manifests" / "rendered") == fresh_render(root, tmp_path / "fresh")
