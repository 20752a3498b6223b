"""The VPC Service Controls perimeter around the project, when the spec gives an access policy.

Enforced (``status``), not dry run: a dry-run perimeter only logs. Access levels
and ingress or egress rules are left to the access policy's owners, and none is
written here, so no rule can open the perimeter to ``ANY_IDENTITY``. A perimeter
has no location: it belongs to an organization's access policy.
"""

from __future__ import annotations

from cdktn_provider_google.access_context_manager_service_perimeter import (
    AccessContextManagerServicePerimeter,
    AccessContextManagerServicePerimeterStatus,
    AccessContextManagerServicePerimeterStatusVpcAccessibleServices,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform

# APIs the platform uses that VPC Service Controls can protect. They are restricted
# (callers outside the perimeter are refused) and they are the only APIs reachable
# from inside the VPC.
RESTRICTED_SERVICES = (
    "artifactregistry.googleapis.com",
    "cloudkms.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "containerregistry.googleapis.com",
    "dns.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "storage.googleapis.com",
    "sts.googleapis.com",
)


class Perimeter(Construct):
    """One regular, enforced service perimeter holding the platform's project."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        project_number: str,
        access_policy_id: str,
    ) -> None:
        super().__init__(scope, id_)
        policy = f"accessPolicies/{access_policy_id}"
        name = Names.of(platform).perimeter
        self.perimeter = pin(
            self,
            AccessContextManagerServicePerimeter(
                self,
                "perimeter",
                parent=policy,
                name=f"{policy}/servicePerimeters/{name}",
                title=name,
                description=f"The {platform.prefix} ML platform's project",
                perimeter_type="PERIMETER_TYPE_REGULAR",
                status=AccessContextManagerServicePerimeterStatus(
                    # A perimeter lists projects by number, not by ID.
                    resources=[f"projects/{project_number}"],
                    restricted_services=list(RESTRICTED_SERVICES),
                    vpc_accessible_services=(
                        AccessContextManagerServicePerimeterStatusVpcAccessibleServices(
                            enable_restriction=True, allowed_services=list(RESTRICTED_SERVICES)
                        )
                    ),
                ),
                use_explicit_dry_run_spec=False,
                depends_on=[services.api("accesscontextmanager.googleapis.com")],
            ),
        )
