"""Project services: the Google APIs the foundation and the platform call."""

from __future__ import annotations

from cdktn_provider_google.project_service import ProjectService
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.spec.model import Platform

# Every API the foundation (Terraform) and the platform (Pulumi) use, with why.
PLATFORM_APIS = {
    "serviceusage.googleapis.com": "enabling the others",
    "cloudresourcemanager.googleapis.com": "project metadata and IAM",
    "orgpolicy.googleapis.com": "organization policies (Org Policy v2)",
    "iam.googleapis.com": "service accounts",
    "iamcredentials.googleapis.com": "Workload Identity token exchange",
    "sts.googleapis.com": "Workload Identity token exchange",
    "cloudkms.googleapis.com": "the CMEK key ring",
    "compute.googleapis.com": "network, firewall, router, NAT, node VMs",
    "dns.googleapis.com": "private zones for the restricted Google APIs VIP",
    "container.googleapis.com": "the GKE cluster",
    "artifactregistry.googleapis.com": "the platform's image registry",
    "storage.googleapis.com": "the state bucket and the team buckets",
    "logging.googleapis.com": "the log bucket and the _Default sink",
    "monitoring.googleapis.com": "GKE system metrics",
    "binaryauthorization.googleapis.com": "the Binary Authorization policy the cluster enforces",
    # GKE's own scanning is off (VULNERABILITY_DISABLED); Artifact Analysis scans the
    # images in the region's repositories instead (docs/platform.md).
    "containerscanning.googleapis.com": "Artifact Analysis scanning of the registry's images",
}
# Only needed, and only enabled, when the platform has a VPC Service Controls perimeter.
PERIMETER_APIS = {
    "accesscontextmanager.googleapis.com": "the VPC Service Controls perimeter",
}

# Only when the Docker Hub mirror pulls as an account: its token is a secret.
DOCKERHUB_APIS = {
    "secretmanager.googleapis.com": "the secret holding the Docker Hub token",
}


def apis(platform: Platform) -> tuple[str, ...]:
    """The APIs enabled for ``platform``, sorted."""
    wanted = dict(PLATFORM_APIS)
    if platform.vpc_sc:
        wanted.update(PERIMETER_APIS)
    if platform.registry.dockerhub_username:
        wanted.update(DOCKERHUB_APIS)
    return tuple(sorted(wanted))


class Services(Construct):
    """One ``google_project_service`` per API; other constructs depend on the one they call.

    Services have no location: an API is enabled for the whole project.
    """

    def __init__(self, scope: Construct, id_: str, platform: Platform) -> None:
        super().__init__(scope, id_)
        self._by_api: dict[str, ProjectService] = {}
        for api in apis(platform):
            self._by_api[api] = pin(
                self,
                ProjectService(
                    self,
                    api.split(".")[0],
                    project=platform.project_id,
                    service=api,
                    # Destroying the foundation must not switch off APIs that the
                    # cluster and the team buckets (the platform layer) still use.
                    disable_on_destroy=False,
                ),
            )

    def api(self, name: str) -> ProjectService:
        """The resource that enables API ``name``, for ``depends_on``."""
        return self._by_api[name]
