"""`status --team` in its pass, fail and wait states; `up`'s order, resume, failure
and refusal without --yes, with recording stand-ins for terraform and Pulumi."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sluicegate import spec
from sluicegate.cli import main
from sluicegate.live import LiveError, gke, kube
from sluicegate.live import up as bringup
from sluicegate.live.status import FAIL, PASS, WAIT, checks
from sluicegate.stages import stages
from tests.conftest import REPO
from tests.live.conftest import planned_objects


def _states(found) -> dict[str, str]:
    return {c.name: c.state for c in found}


def test_status_pass_fail_wait(planned_doc):
    team = planned_doc["params"]["teams"][0]
    objects = planned_objects(planned_doc)
    assert set(_states(checks(planned_doc, team["name"], objects)).values()) == {PASS}

    # Not synced yet, namespace not created: wait, with what comes next.
    app = f"teams--{team['name']}"
    waiting = [o for o in objects if o["metadata"].get("name") != team["namespace"] and o["metadata"].get("namespace") != team["namespace"]]
    for o in waiting:
        if o["kind"] == "Application" and o["metadata"]["name"] == app:
            o["status"] = {"sync": {"status": "OutOfSync"}, "health": {"status": "Progressing"}}
    found = checks(planned_doc, team["name"], waiting)
    assert _states(found)["application"] == WAIT and _states(found)["namespace"] == WAIT, [c.line() for c in found]
    assert all(c.next for c in found if c.state == WAIT), [c.line() for c in found]

    # Synced, but the KSA points at another team's account: fail.
    other = planned_doc["params"]["teams"][1]
    for o in objects:
        if o["kind"] == "ServiceAccount" and o["metadata"]["namespace"] == team["namespace"]:
            o["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] = other["service_account"]
    found = checks(planned_doc, team["name"], objects)
    failing = [c for c in found if c.state == FAIL]
    assert [c.name for c in failing] == ["ksa default-editor"], [c.line() for c in found]
    assert other["service_account"] in failing[0].line()


def test_status_cli_exit_codes(planned, live, capsys):
    fake_gke, kube_fake, kubeconfig = live
    team = "onco"
    args = ["status", "--team", team, "--out", str(planned), "--kubeconfig", str(kubeconfig),
            "--gke-endpoint", fake_gke.server.url]
    assert main(args) == 0, capsys.readouterr()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines and all(line.startswith("pass") for line in lines), lines
    for o in kube_fake.objects:
        if o["kind"] == "Application" and o["metadata"]["name"] == f"teams--{team}":
            o["status"] = {"sync": {"status": "OutOfSync"}, "health": {"status": "Degraded", "message": "quota rejected"}}
    assert main(args) == 1
    assert "fail  application: teams--onco is OutOfSync/Degraded: quota rejected" in capsys.readouterr().out
    assert main([*args[:2], "nobody", *args[3:]]) == 2
    assert "'nobody' is not a team of this plan" in capsys.readouterr().err


class Recorder:
    """terraform, Pulumi and publish as recording stand-ins; ``fail`` names one to fail."""

    def __init__(self, calls: list[str], fail: str | None = None) -> None:
        self.calls, self.fail = calls, fail

    def _run(self, what: str) -> None:
        self.calls.append(what)
        if what == self.fail:
            raise LiveError(f"{what}: exit status 1")

    def terraform(self, folder: Path) -> None:
        self._run(f"terraform {folder.parent.name}/{folder.name}")

    def pulumi(self, project: Path) -> None:
        self._run(f"pulumi {project.name}")

    def publish(self) -> None:
        self._run("publish")


@pytest.fixture
def plan_copy(planned: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "spec.json").write_text((planned / "spec.json").read_text())
    return out


def test_up_runs_in_order_and_resumes_after_a_failed_stage(plan_copy):
    steps = stages(spec.load(REPO))
    calls: list[str] = []
    waits = bringup.Waits(lambda: calls.append("wait cluster"), lambda: calls.append("wait apps"))
    with pytest.raises(LiveError) as failed:
        bringup.up(bringup.todo(steps, plan_copy), plan_copy, tools=Recorder(calls, fail="publish"),
                   waits=waits, infra=REPO / "infra", say=lambda _: None)
    assert "stage 1 publish failed" in str(failed.value) and "`sluicegate up` again" in str(failed.value)
    assert calls == ["terraform foundation/0-foundation", "pulumi infra", "wait cluster", "publish"]
    assert bringup.finished(plan_copy) == ["0-foundation", "1-platform"]

    calls.clear()
    ran = bringup.up(bringup.todo(steps, plan_copy), plan_copy, tools=Recorder(calls), waits=waits,
                     infra=REPO / "infra", say=lambda _: None)
    assert calls == ["publish", "wait apps", "terraform foundation/2-perimeter"], calls
    assert ran == ["1-publish", "2-perimeter"]
    assert bringup.todo(steps, plan_copy) == []


def test_up_stops_when_the_cluster_does_not_come_up(plan_copy):
    steps = stages(spec.load(REPO))
    polls = iter([{"name": "sg-gke", "status": "PROVISIONING"}] * 50)

    def wait_cluster() -> None:
        gke.wait_running(lambda: next(polls), timeout=0.05, poll=0.01)

    with pytest.raises(LiveError) as failed:
        bringup.up(bringup.todo(steps, plan_copy), plan_copy, tools=Recorder([]),
                   waits=bringup.Waits(wait_cluster, lambda: None), infra=REPO / "infra", say=lambda _: None)
    assert "stage 1 platform failed: not RUNNING after 0.05 s: cluster sg-gke: PROVISIONING" in str(failed.value)
    assert bringup.finished(plan_copy) == ["0-foundation"]


def test_wait_applications_fails_on_degraded_and_times_out():
    degraded = {"a": {"status": {"sync": {"status": "Synced"}, "health": {"status": "Degraded", "message": "CrashLoopBackOff"}}}}
    with pytest.raises(LiveError, match="a: Degraded \\(CrashLoopBackOff\\)"):
        kube.wait_applications(lambda: degraded, ["a"], timeout=5, poll=0.01)
    progressing = {"a": {"status": {"sync": {"status": "Synced"}, "health": {"status": "Progressing"}}}}
    with pytest.raises(LiveError, match="after 0.03 s: a: Synced/Progressing, b: not created yet"):
        kube.wait_applications(lambda: progressing, ["a", "b"], timeout=0.03, poll=0.01)


def test_up_refuses_without_yes_when_stdin_is_not_a_terminal(planned, live, capsys, monkeypatch):
    fake_gke, _, _ = live
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code = main(["up", "--spec", str(REPO), "--out", str(planned), "--gke-endpoint", fake_gke.server.url])
    printed = capsys.readouterr()
    assert code == 2
    assert printed.err.strip() == "error: up: stdin is not a terminal, so nothing can be confirmed; pass --yes"
    assert "stage 0 foundation" in printed.out and "stage 2 perimeter" in printed.out
    assert not (planned / bringup.STATE).exists()
    assert fake_gke.requests == [], "nothing is read or changed before the confirmation"
