"""What the deployability controls (policies/deploy, DEP-01 to DEP-06) compare the plan
against, derived from the normalised spec (``out/spec.json``) alone.

The audit merges ``audit_params(spec)`` into its ``params``: the deployer identities,
the access levels the ingress rules may name, and each team owner's member, so the
rules can tell that the bring-up lets in exactly who it must.
"""

from __future__ import annotations

from sluicegate.foundation.perimeter import DEPLOYER_SERVICES, OWNER_SERVICES


def audit_params(spec: dict) -> dict:
    """The foundation's part of the audit's ``params``, from the spec as a dict."""
    vpc_sc = spec.get("vpc_sc") or {}
    ops = spec.get("operators") or {}
    policy = vpc_sc.get("access_policy_id", "")
    created = [
        f"accessPolicies/{policy}/accessLevels/{level['name']}"
        for level in ops.get("access_levels", [])
    ]
    return {
        "deployers": list(ops.get("deployers", [])),
        "access_levels": created,
        "existing_access_levels": list(ops.get("existing_access_levels", [])),
        "team_owner_access": bool(vpc_sc.get("team_owner_access", False)),
        "team_owners": [
            {
                "team": team["name"],
                "data_classification": team.get("data_classification", ""),
                "members": [f"user:{owner}" for owner in team.get("owners", [])],
            }
            for team in spec.get("teams", [])
        ],
        "deployer_services": sorted(DEPLOYER_SERVICES),
        "owner_services": sorted(OWNER_SERVICES),
    }
