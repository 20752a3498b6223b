"""Per-team bucket, identity and IAM: in the region, CMEK, and reachable only by the team."""

from __future__ import annotations

import json

import pytest

from sluicegate.errors import SpecError
from sluicegate.names import TEAM_KSAS, Names
from sluicegate.platform import run as plan_run
from tests.platform.conftest import GITOPS_DIGEST, Run

DAY = 86_400
BUCKET = "gcp:storage/bucket:Bucket"


def team_parts(run: Run, team: str) -> dict[str, object]:
    component = run.one("sluicegate:gcp:Team", f"team-{team}")
    parts = {r.type: r for r in run.under(component.urn)}
    assert len(parts) == 4, f"{component.urn}: {sorted(parts)}"
    return parts


def test_one_team_component_per_team(run: Run) -> None:
    names = sorted(r.name for r in run.of_type("sluicegate:gcp:Team"))
    assert names == sorted(f"team-{t.name}" for t in run.platform.teams)


def test_bucket_is_in_the_region_with_cmek_and_locked_down(run: Run) -> None:
    p, n = run.platform, Names.of(run.platform)
    for team in p.teams:
        b = team_parts(run, team.name)[BUCKET]
        i, urn = b.inputs, b.urn
        assert i["name"] == n.team_bucket(team.name), urn
        assert i["location"].lower() == p.region, f"{urn}: location {i['location']!r}, expected {p.region}"
        assert i["encryption"] == {"defaultKmsKeyName": n.crypto_key_id("buckets")}, urn
        assert f"/locations/{p.region}/" in i["encryption"]["defaultKmsKeyName"], urn
        assert i["uniformBucketLevelAccess"] is True, urn
        assert i["publicAccessPrevention"] == "enforced", urn
        assert i["labels"] == {"team": team.name, "data-classification": team.data_classification}, urn
        assert i["versioning"] == {"enabled": p.storage.versioning}, urn
        assert i["softDeletePolicy"] == {"retentionDurationSeconds": p.storage.soft_delete_days * DAY}, urn
        if p.storage.retention_days:
            assert i["retentionPolicy"] == {
                "retentionPeriod": p.storage.retention_days * DAY,
                "isLocked": False,
            }, urn
        else:
            assert "retentionPolicy" not in i, urn


def test_workload_identity_only_for_the_team_namespace_accounts(run: Run) -> None:
    n = Names.of(run.platform)
    for team in run.platform.teams:
        parts = team_parts(run, team.name)
        account = parts["gcp:serviceaccount/account:Account"]
        assert account.inputs["accountId"] == n.team_service_account(team.name), account.urn
        policy = parts["gcp:serviceaccount/iAMPolicy:IAMPolicy"]
        expected_id = f"projects/{run.platform.project_id}/serviceAccounts/{n.team_service_account_email(team.name)}"
        assert policy.inputs["serviceAccountId"] == expected_id, policy.urn
        bindings = json.loads(policy.inputs["policyData"])["bindings"]
        members = [f"serviceAccount:{run.platform.project_id}.svc.id.goog[{team.name}/{ksa}]" for ksa in TEAM_KSAS]
        assert bindings == [{"role": "roles/iam.workloadIdentityUser", "members": sorted(members)}], (
            f"{policy.urn}: {bindings}"
        )


def test_bucket_iam_names_only_the_teams_own_bucket_and_people(run: Run) -> None:
    n = Names.of(run.platform)
    for team in run.platform.teams:
        iam = team_parts(run, team.name)["gcp:storage/bucketIAMPolicy:BucketIAMPolicy"]
        assert iam.inputs["bucket"] == n.team_bucket(team.name), f"{iam.urn}: bucket {iam.inputs['bucket']!r}"
        bindings = json.loads(iam.inputs["policyData"])["bindings"]
        expected = sorted(
            [f"serviceAccount:{n.team_service_account_email(team.name)}", *(f"user:{o}" for o in team.owners)]
        )
        assert bindings == [{"role": "roles/storage.objectUser", "members": expected}], f"{iam.urn}: {bindings}"


def test_no_resource_outside_a_team_touches_its_bucket_or_identity(run: Run) -> None:
    n = Names.of(run.platform)
    for team in run.platform.teams:
        component = run.one("sluicegate:gcp:Team", f"team-{team.name}")
        own = {r.urn for r in run.under(component.urn)}
        markers = (n.team_bucket(team.name), n.team_service_account_email(team.name))
        for r in run.resources:
            text = json.dumps(r.inputs)
            if r.urn not in own and any(m in text for m in markers):
                pytest.fail(f"{r.urn} refers to team {team.name}'s bucket or service account")


def test_retention_with_versioning_is_refused(runs: dict[str, Run]) -> None:
    platform = runs["example"].platform
    bad = platform.model_copy(
        update={"storage": platform.storage.model_copy(update={"retention_days": 30, "versioning": True})}
    )
    with pytest.raises(SpecError) as err:
        plan_run(bad, gitops_revision=GITOPS_DIGEST)
    assert str(err.value).startswith("platform.yaml: storage.retention_days: a retention policy cannot")
