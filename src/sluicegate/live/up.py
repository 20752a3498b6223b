"""`sluicegate up`: the bring-up of ``stages.stages``, stage by stage, resumable.

Each step runs its tool through ``Tools`` (``RealTools`` runs terraform, Pulumi's
Automation API and `sluicegate publish`; tests pass recording stand-ins), then waits
where the next step needs a healthy platform: after ``platform`` for the cluster and
its pools to be RUNNING, after ``publish`` for every Argo CD Application of the plan
to be Synced and Healthy. Only then is the perimeter enforced.

A step is recorded as finished in ``OUT/up-state.json`` (with the digest of the plan's
spec.json: a new plan starts again from the first step, every tool being idempotent)
only once its wait has passed; a failed step raises ``LiveError`` naming what was not
healthy and how to resume, and records nothing.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sluicegate.errors import SluicegateError
from sluicegate.live import LiveError
from sluicegate.stages import Stage

STATE = "up-state.json"


class Tools(Protocol):
    """What runs each kind of step; ``RealTools`` on a real machine."""

    def terraform(self, folder: Path) -> None: ...
    def pulumi(self, project: Path) -> None: ...
    def publish(self) -> None: ...


@dataclass
class RealTools:
    """The real tools: terraform on PATH, the Pulumi Automation API over ``project``'s
    stack ``stack``, and the kit's own publish."""

    spec_root: Path
    tree: Path
    registry: str
    stack: str = "prod"
    # The stack's Pulumi policy pack the plan wrote (OUT/pulumi-pack), run by `pulumi up`.
    policy_pack: Path | None = None

    def terraform(self, folder: Path) -> None:
        for args in (["init", "-input=false"], ["apply", "-input=false", "-auto-approve"]):
            try:
                done = subprocess.run(["terraform", f"-chdir={folder}", *args], check=False)
            except FileNotFoundError:
                raise LiveError("terraform: not found on PATH") from None
            if done.returncode:
                raise LiveError(f"terraform {args[0]} in {folder}: exit status {done.returncode}")

    def pulumi(self, project: Path) -> None:
        from pulumi import automation

        try:
            stack = automation.create_or_select_stack(stack_name=self.stack, work_dir=str(project))
            packs = [str(self.policy_pack.resolve())] if self.policy_pack else None
            stack.up(on_output=print, policy_packs=packs)
        except automation.errors.CommandError as err:
            raise LiveError(f"pulumi up in {project}: {str(err).strip().splitlines()[-1]}") from None

    def publish(self) -> None:
        from sluicegate.gitops.publish import publish

        publish(self.tree, self.registry)


@dataclass
class Waits:
    """The health waits, as callables (gke.wait_running, kube.wait_applications bound
    to their clients and timeouts by the caller)."""

    cluster: Callable[[], None]
    applications: Callable[[], None]


def step_name(stage: Stage) -> str:
    return f"{stage.number}-{stage.name}"


def _digest(out: Path) -> str:
    return hashlib.sha256((out / "spec.json").read_bytes()).hexdigest()


def finished(out: Path) -> list[str]:
    """The steps recorded as finished for the plan in ``out`` (none for another plan)."""
    path = out / STATE
    if not path.is_file():
        return []
    try:
        state = json.loads(path.read_text())
    except json.JSONDecodeError:
        raise SluicegateError(f"{path}: not JSON; remove it to start the bring-up again") from None
    return list(state.get("finished", [])) if state.get("plan") == _digest(out) else []


def _record(out: Path, done: list[str]) -> None:
    path = out / STATE
    staged = path.with_suffix(".tmp")
    staged.write_text(json.dumps({"plan": _digest(out), "finished": done}, indent=2) + "\n")
    staged.replace(path)  # whole or not at all


def todo(stages: list[Stage], out: Path, only: int | None = None) -> list[Stage]:
    """The stages still to run, in order (only stage ``only`` when given)."""
    done = finished(out)
    return [s for s in stages if step_name(s) not in done and (only is None or s.number == only)]


def describe(stages: list[Stage], out: Path) -> list[str]:
    """What ``up`` is about to change, one line per step."""
    return [f"stage {s.number} {s.name} ({s.tool}, {s.folder}): {s.what}" for s in stages]


def up(stages: list[Stage], out: Path, *, tools: Tools, waits: Waits, infra: Path,
       say: Callable[[str], None] = print) -> list[str]:
    """Run ``stages`` (from ``todo``) in order; return the steps run. A step that fails
    raises LiveError with what failed and how to resume; the steps before it stay
    recorded as finished."""
    done = finished(out)
    ran = []
    for stage in stages:
        name = step_name(stage)
        say(f"stage {stage.number} {stage.name}: {stage.tool}")
        try:
            if stage.tool == "terraform":
                tools.terraform(out / stage.folder)
            elif stage.tool == "pulumi":
                tools.pulumi(infra)
                waits.cluster()
            else:
                tools.publish()
                waits.applications()
        except LiveError as err:
            raise LiveError(
                f"stage {stage.number} {stage.name} failed: {err}; fix it, then run "
                f"`sluicegate up` again to resume from {stage.name}"
            ) from None
        done.append(name)
        _record(out, done)
        ran.append(name)
    return ran
