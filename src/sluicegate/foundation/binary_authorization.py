"""The Binary Authorization policy the cluster enforces (``PROJECT_SINGLETON_POLICY_ENFORCE``).

Without a policy the project has Google's default, which admits every image, so the
cluster's enforcement would check nothing. The policy here:

- admits Google's GKE system images through the Google-maintained global policy
  (``global_policy_evaluation_mode = "ENABLE"``);
- without an attestor: admits images from the region's Artifact Registry in this
  project (``REGION-docker.pkg.dev/PROJECT/**``; ``**`` matches any number of path
  segments) and denies every other image (default rule ``ALWAYS_DENY``);
- with ``cluster.binary_authorization.attestor``: the default rule requires that
  attestor's attestation, and only the pull-through mirrors are exempt. Admission
  rules are per cluster, not per image path, so "attested platform images, mirrors
  exempt" is expressed as exemption patterns for the mirror repositories alone: the
  platform's own repository is not exempt, so its images need CI's attestation.

The policy is a project singleton with no location.
"""

from __future__ import annotations

from cdktn_provider_google.binary_authorization_policy import (
    BinaryAuthorizationPolicy,
    BinaryAuthorizationPolicyAdmissionWhitelistPatterns,
    BinaryAuthorizationPolicyDefaultAdmissionRule,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform

ENFORCE = "ENFORCED_BLOCK_AND_AUDIT_LOG"


def admitted_patterns(platform: Platform) -> list[str]:
    """The image name patterns admitted without an attestation."""
    names = Names.of(platform)
    if not platform.cluster.binary_authorization.attestor:
        return [f"{names.registry_host}/{names.project_id}/**"]
    # The platform layer owns the list of mirrors; importing it costs a second, paid
    # only when an attestor is set.
    from sluicegate.platform.registry import UPSTREAMS

    return [f"{names.registry_mirror_url(up.key)}/**" for up in UPSTREAMS]


class BinaryAuthorization(Construct):
    """The project's Binary Authorization policy."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, services: Services) -> None:
        super().__init__(scope, id_)
        attestor = platform.cluster.binary_authorization.attestor
        rule = (
            BinaryAuthorizationPolicyDefaultAdmissionRule(
                evaluation_mode="REQUIRE_ATTESTATION",
                enforcement_mode=ENFORCE,
                require_attestations_by=[attestor],
            )
            if attestor
            else BinaryAuthorizationPolicyDefaultAdmissionRule(
                evaluation_mode="ALWAYS_DENY", enforcement_mode=ENFORCE
            )
        )
        self.policy = pin(
            self,
            BinaryAuthorizationPolicy(
                self,
                "policy",
                project=platform.project_id,
                description=f"{platform.prefix}: images only from {platform.region}'s registry",
                global_policy_evaluation_mode="ENABLE",
                admission_whitelist_patterns=[
                    BinaryAuthorizationPolicyAdmissionWhitelistPatterns(name_pattern=p)
                    for p in admitted_patterns(platform)
                ],
                default_admission_rule=rule,
                depends_on=[services.api("binaryauthorization.googleapis.com")],
            ),
        )
