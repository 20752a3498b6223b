"""Organization policies (Org Policy v2) that keep data in the region and the project hardened.

They are set on the node ``policy_scope`` names (docs/spec.md): by default the
platform's dedicated folder when ``folder_id`` is given, else the project itself;
the organization only on a deliberate opt-in (``confirm_organization_wide``),
because there they bind every project of the organization. Two constraints only act when a project is created, so on an
existing project they would do nothing and are left out there. Org policies have
no location: they are attributes of a node in the resource hierarchy, not data.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_google.org_policy_policy import (
    OrgPolicyPolicy,
    OrgPolicyPolicySpec,
    OrgPolicyPolicySpecRules,
    OrgPolicyPolicySpecRulesValues,
)
from constructs import Construct

from sluicegate import catalogue
from sluicegate.foundation.address import pin
from sluicegate.foundation.services import Services
from sluicegate.spec.model import Platform

# Services whose new resources must be encrypted with a customer-managed key. They
# are the ones the platform stores data in, and the foundation has a key for each.
# Logging is not listed: the organization's default log settings carry no key (see
# logs.py), so requiring CMEK for Logging could stop the _Default and _Required
# buckets of new projects from being created; the foundation's own log bucket uses
# CMEK anyway.
# catalogue/perimeter.yaml: the list ENC-02 checks.
CMEK_SERVICES = catalogue.cmek_services()


@dataclass(frozen=True)
class Constraint:
    """One constraint and how the foundation sets it."""

    name: str
    why: str
    # Only meaningful when a project is created, so never set on the project itself.
    at_project_creation: bool = False

    def spec(self, parent: str, region: str) -> OrgPolicyPolicySpec:
        """The policy's spec when set on ``parent`` for a platform in ``region``."""
        if self.name == "gcp.resourceLocations":
            # The region's own value group, not a country or continent group:
            # `in:australia-locations` would also allow Melbourne. Not inheriting
            # keeps a parent's wider list from being merged in.
            allowed = OrgPolicyPolicySpecRulesValues(allowed_values=[f"in:{region}-locations"])
            return OrgPolicyPolicySpec(
                rules=[OrgPolicyPolicySpecRules(values=allowed)], inherit_from_parent=False
            )
        if self.name == "compute.vmExternalIpAccess":
            return OrgPolicyPolicySpec(rules=[OrgPolicyPolicySpecRules(deny_all="TRUE")])
        if self.name == "gcp.restrictNonCmekServices":
            denied = OrgPolicyPolicySpecRulesValues(denied_values=list(CMEK_SERVICES))
            return OrgPolicyPolicySpec(rules=[OrgPolicyPolicySpecRules(values=denied)])
        if self.name == "gcp.restrictCmekCryptoKeyProjects":
            # Keys must come from inside the node the policy is set on, never from a
            # project outside it (whose owners could revoke or read them).
            allowed = OrgPolicyPolicySpecRulesValues(allowed_values=[f"under:{parent}"])
            return OrgPolicyPolicySpec(rules=[OrgPolicyPolicySpecRules(values=allowed)])
        # A boolean constraint; Org Policy v2 takes the strings "TRUE"/"FALSE".
        return OrgPolicyPolicySpec(rules=[OrgPolicyPolicySpecRules(enforce="TRUE")])


CONSTRAINTS = (
    Constraint("gcp.resourceLocations", "resources only in the platform's region"),
    Constraint("compute.vmExternalIpAccess", "no VM or node with an external IP"),
    Constraint("storage.publicAccessPrevention", "no public bucket"),
    Constraint("storage.uniformBucketLevelAccess", "bucket access by IAM only, no ACLs"),
    Constraint("iam.disableServiceAccountKeyCreation", "no long-lived service account keys"),
    Constraint(
        "iam.automaticIamGrantsForDefaultServiceAccounts",
        "default service accounts get no Editor role",
        at_project_creation=True,
    ),
    Constraint(
        "compute.skipDefaultNetworkCreation",
        "no auto-mode default network with permissive rules",
        at_project_creation=True,
    ),
    Constraint("compute.requireOsLogin", "SSH to VMs through IAM only"),
    Constraint("gcp.restrictNonCmekServices", "customer-managed keys for stored data"),
    Constraint("gcp.restrictCmekCryptoKeyProjects", "keys only from inside the hierarchy node"),
    Constraint("sql.restrictPublicIp", "no Cloud SQL instance with a public IP"),
)


def policy_parent(platform: Platform) -> str:
    """The resource-hierarchy node the policies are set on."""
    node = platform.policy_node
    if node == "organization":
        return f"organizations/{platform.organization_id}"
    if node == "folder":
        return f"folders/{platform.folder_id}"
    return f"projects/{platform.project_id}"


class OrgPolicies(Construct):
    """One ``google_org_policy_policy`` per constraint that applies at the chosen node."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, services: Services) -> None:
        super().__init__(scope, id_)
        parent = policy_parent(platform)
        on_project = parent.startswith("projects/")
        self.policies: dict[str, OrgPolicyPolicy] = {}
        for constraint in CONSTRAINTS:
            if on_project and constraint.at_project_creation:
                continue
            self.policies[constraint.name] = pin(
                self,
                OrgPolicyPolicy(
                    self,
                    constraint.name.replace(".", "_"),
                    name=f"{parent}/policies/{constraint.name}",
                    parent=parent,
                    spec=constraint.spec(parent, platform.region),
                    depends_on=[services.api("orgpolicy.googleapis.com")],
                ),
            )
