"""`sluicegate onboard`: the thin command over ``sluicegate.onboarding.onboard``.

The main CLI mounts ``onboard`` with ``app.command()``; typed errors raised by the
library reach its ``main``, which prints their one line and exits 2 (invalid
input) or 1 (the team would make the platform fail a blocking control).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sluicegate import spec
from sluicegate.onboarding.onboard import RENDERED, OnboardResult
from sluicegate.onboarding.onboard import onboard as onboard_team
from sluicegate.onboarding.request import OnboardRequest, show


def _summary(result: OnboardResult, root: Path) -> list[str]:
    """What changed, the policy counts, and the next steps: the lines the command prints."""
    team, names = result.team, result.names
    team_file = result.team_file.relative_to(root)
    platform_changed = result.team_status != "unchanged" or bool(result.manifests)
    lines = []
    if platform_changed:
        lines.append(f"team {team.name}: {result.team_status} {team_file}")
        lines += [f"  {f}: {show(old)} -> {show(new)}" for f, old, new in result.field_changes]
        tree = result.manifests
        lines.append(
            f"{RENDERED}: {len(tree.added)} added, {len(tree.changed)} changed, "
            f"{len(tree.removed)} removed ({result.objects} Kubernetes objects)"
        )
        lines += [f"  + {p}" for p in tree.added]
        lines += [f"  ~ {p}" for p in tree.changed]
        lines += [f"  - {p}" for p in tree.removed]
    else:
        lines.append(f"team {team.name} is already onboarded with these settings: nothing changed")
    audit = result.audit
    lines.append(
        f"policies: {audit.controls_passed} controls passed, {audit.controls_failed} failed"
    )
    if result.scaffold:
        lines.append(f"scaffold: {result.scaffold_status} {result.scaffold}")

    steps = []
    if platform_changed:
        steps += [
            f"commit {team_file} and {RENDERED}/ and open a pull request",
            f"after it merges, `pulumi up` creates bucket gs://{names.team_bucket(team.name)} "
            f"and service account {names.team_service_account_email(team.name)} "
            "with its Workload Identity binding",
            f"Argo CD syncs namespace {names.team_namespace(team.name)} "
            f"(profile, GPU quota, network policies) from {RENDERED}/",
        ]
    if result.scaffold_status == "created":
        steps.append(
            f"in {result.scaffold}: git init, dvc add data/notes.jsonl, dvc push "
            "(its README.md has the steps)"
        )
    if steps:
        lines.append("next steps:")
        lines += [f"  {number}. {step}" for number, step in enumerate(steps, 1)]
    return lines


TeamOption = Annotated[
    str, typer.Option("--team", metavar="NAME", help="The team's name: a DNS label.")
]
OwnerOption = Annotated[
    list[str],
    typer.Option("--owner", metavar="EMAIL", help="An owner's e-mail; repeat for several."),
]
QuotaOption = Annotated[
    int | None,
    typer.Option("--gpu-quota", metavar="N", help="GPUs the team may hold at once (new: 0)."),
]
GpuTypeOption = Annotated[
    list[str] | None,
    typer.Option("--gpu-type", metavar="TYPE", help="A GPU type a pool has; repeat for several."),
]
ClassificationOption = Annotated[
    str | None,
    typer.Option("--data-classification", metavar="pii|internal", help="New teams: pii."),
]
ScaffoldOption = Annotated[
    Path | None,
    typer.Option("--scaffold", metavar="DIR", help="Also write the team's repo into DIR."),
]
UpdateOption = Annotated[
    bool, typer.Option("--update", help="Change a team that is already onboarded.")
]
SpecOption = Annotated[
    Path,
    typer.Option("--spec", metavar="ROOT", help="platform.yaml, or the folder holding it."),
]
UpstreamOption = Annotated[
    Path | None,
    typer.Option(
        "--upstream", metavar="DIR", help="The upstream cache (default: $SLUICEGATE_UPSTREAM, "
        "then .cache/upstream)."
    ),
]


def onboard(
    team: TeamOption,
    owner: OwnerOption,
    gpu_quota: QuotaOption = None,
    gpu_type: GpuTypeOption = None,
    data_classification: ClassificationOption = None,
    scaffold: ScaffoldOption = None,
    update: UpdateOption = False,
    spec_path: SpecOption = Path("."),
    upstream: UpstreamOption = None,
) -> None:
    """Onboard a team: write teams/NAME.yaml, re-render the manifests, scaffold its repo."""
    root, _ = spec.spec_root(spec_path)
    request = OnboardRequest(
        team=team,
        owners=tuple(owner),
        data_classification=data_classification,
        gpu_quota=gpu_quota,
        gpu_types=tuple(gpu_type) if gpu_type else None,
    )
    result = onboard_team(
        root, request, update=update, scaffold=scaffold, upstream_cache=upstream
    )
    typer.echo("\n".join(_summary(result, root.resolve())))
