"""What the foundation reads from a spec, as plain data and without CDK Terrain.

The foundation is built from the platform-wide part of the spec. Of the teams it reads
exactly one thing: the owners, who become the members of the perimeter's team-owner
ingress rule (``perimeter.ingress_rules``). A team's name, classification, GPU quota
and GPU types are read by the platform and manifests layers only. ``spec_inputs`` is
that statement as data: the synthesis cache (``cache.py``) keys on it, and a test
checks that changing anything it leaves out leaves the Terraform JSON unchanged.
"""

from __future__ import annotations

from sluicegate.spec.model import Platform


def team_owner_members(platform: Platform) -> tuple[str, ...]:
    """``user:`` members of every owner of every team, sorted, each once."""
    return tuple(sorted({f"user:{owner}" for team in platform.teams for owner in team.owners}))


def spec_inputs(platform: Platform) -> dict:
    """Every part of ``platform`` the foundation's output depends on, JSON-ready: the
    normalised spec (defaults filled in) without ``teams``, plus the team owners."""
    return {
        "platform": platform.model_dump(mode="json", by_alias=True, exclude={"teams"}),
        "team_owner_members": list(team_owner_members(platform)),
    }
