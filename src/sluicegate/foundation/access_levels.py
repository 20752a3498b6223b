"""The operators' access levels: the networks their calls reach Google from.

One ``google_access_context_manager_access_level`` per ``operators.access_levels``
entry, a basic level of its ``ip_subnetworks``, in the perimeter's access policy.
Levels the organization already has (``operators.existing_access_levels``) are
referenced by name and not managed here. They are created in stage 0 so the dry-run
ingress rules can name them, and stage 2 finds them by the same derived names.
An access level has no location: it belongs to an organization's access policy.
"""

from __future__ import annotations

from cdktn_provider_google.access_context_manager_access_level import (
    AccessContextManagerAccessLevel,
    AccessContextManagerAccessLevelBasic,
    AccessContextManagerAccessLevelBasicConditions,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.perimeter import access_level_name
from sluicegate.foundation.services import Services
from sluicegate.spec.model import Platform


class AccessLevels(Construct):
    """The access levels the spec declares; ``names`` lists what ingress rules accept."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, services: Services) -> None:
        super().__init__(scope, id_)
        api = services.api("accesscontextmanager.googleapis.com")
        self.levels = [
            pin(
                self,
                AccessContextManagerAccessLevel(
                    self,
                    level.name,
                    parent=f"accessPolicies/{platform.vpc_sc.access_policy_id}",
                    name=access_level_name(platform, level.name),
                    title=level.name,
                    description=f"{platform.prefix} platform operators' networks",
                    basic=AccessContextManagerAccessLevelBasic(
                        conditions=[
                            AccessContextManagerAccessLevelBasicConditions(
                                ip_subnetworks=list(level.ip_subnetworks)
                            )
                        ]
                    ),
                    depends_on=[api],
                ),
            )
            for level in platform.operators.access_levels
        ]
        # References, so the dry-run rules wait for the levels they name.
        self.names = [level.name for level in self.levels] + list(
            platform.operators.existing_access_levels
        )
