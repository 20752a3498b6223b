"""One ML team's cloud footprint: its bucket (DVC remote and pipeline root), its
Google service account, and the Workload Identity bindings that let only the
team namespace's Kubernetes service accounts act as it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from sluicegate.names import TEAM_KSAS, Names
from sluicegate.spec.model import Storage
from sluicegate.spec.model import Team as TeamSpec

TYPE = "sluicegate:gcp:Team"

# Read, write, list and delete objects; no bucket settings and no IAM.
OBJECT_ROLE = "roles/storage.objectUser"
WORKLOAD_IDENTITY_ROLE = "roles/iam.workloadIdentityUser"
DAY = 86_400


@dataclass(frozen=True)
class TeamArgs:
    names: Names
    spec: TeamSpec
    storage: Storage
    cluster: pulumi.Resource | None = None
    """The cluster whose Workload Identity pool (PROJECT.svc.id.goog) the team's
    bindings name: the pool exists only once the cluster does, so they wait for it."""


def iam_policy(bindings: dict[str, list[str]]) -> str:
    """An IAM policy document, sorted so that the same grants always give the same text."""
    return json.dumps(
        {"bindings": [{"role": role, "members": sorted(m)} for role, m in sorted(bindings.items())]},
        sort_keys=True,
    )


class Team(pulumi.ComponentResource):
    """Bucket, identity and IAM of one team, each policy authoritative and scoped to the team."""

    def __init__(self, name: str, args: TeamArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(TYPE, name, None, opts)
        n, team, storage = args.names, args.spec, args.storage
        child = pulumi.ResourceOptions(parent=self)

        retention = (
            {"retention_policy": {"retention_period": storage.retention_days * DAY, "is_locked": False}}
            if storage.retention_days
            else {}
        )
        self.bucket = gcp.storage.Bucket(
            f"{name}-bucket",
            name=n.team_bucket(team.name),
            project=n.project_id,
            location=n.region.upper(),
            storage_class="STANDARD",
            encryption={"default_kms_key_name": n.crypto_key_id("buckets")},
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning={"enabled": storage.versioning},
            soft_delete_policy={"retention_duration_seconds": storage.soft_delete_days * DAY},
            labels={"team": team.name, "data-classification": team.data_classification},
            force_destroy=False,
            **retention,
            opts=child,
        )
        self.service_account = gcp.serviceaccount.Account(
            f"{name}-sa",
            project=n.project_id,
            account_id=n.team_service_account(team.name),
            display_name=f"Team {team.name}",
            description=f"Notebooks and pipelines of team {team.name} ({team.data_classification}).",
            opts=child,
        )
        # Authoritative: replaces the whole policy of the account, so no one else can be
        # granted impersonation of it (or anything else on it) without this program.
        self.workload_identity = gcp.serviceaccount.IAMPolicy(
            f"{name}-sa-iam",
            service_account_id=self.service_account.name,
            policy_data=iam_policy(
                {
                    WORKLOAD_IDENTITY_ROLE: [
                        n.workload_identity_member(team.name, ksa) for ksa in TEAM_KSAS
                    ]
                }
            ),
            # Otherwise IAM refuses the members ("Identity Pool does not exist") when the
            # team is created in the same `pulumi up` as the cluster.
            opts=pulumi.ResourceOptions.merge(
                child,
                pulumi.ResourceOptions(depends_on=[args.cluster] if args.cluster else []),
            ),
        )
        # Authoritative too: it removes the projectViewer/Editor/Owner convenience bindings a
        # new bucket gets, which would otherwise let every project viewer read a pii team's data.
        members = [f"user:{owner}" for owner in team.owners]
        self.bucket_iam = gcp.storage.BucketIAMPolicy(
            f"{name}-bucket-iam",
            bucket=self.bucket.name,
            policy_data=self.service_account.email.apply(
                lambda email: iam_policy({OBJECT_ROLE: [f"serviceAccount:{email}", *members]})
            ),
            opts=child,
        )
        self.register_outputs(
            {
                "bucket": self.bucket.name,
                "service_account": self.service_account.email,
                "dvc_remote": n.dvc_remote(team.name),
                "pipeline_root": n.pipeline_root(team.name),
            }
        )
