"""The VPC Service Controls perimeter, brought up in two stages so it never locks out
the people and tools that build the platform.

Stage 0 (this module's ``Perimeter``, in ``0-foundation``) creates the perimeter with
every restriction written twice:

- ``spec``, the dry run (``use_explicit_dry_run_spec = true``): the project, the
  restricted services, the VPC's accessible services and the ingress rules below.
  Google logs what it would refuse and refuses nothing, so the rest of stage 0, the
  state migration and stage 1 (``pulumi up``) run from the operators' machines and CI;
- ``status``, the enforced configuration, with the same restricted services but no
  resource and no ingress rule: it protects nothing yet. ``status[0].resources`` and
  ``status[0].ingress_policies`` are managed by stage 2 and ignored here, as the
  provider's documentation of those resources asks.

Stage 2 (``EnforcedPerimeter``, in ``2-perimeter``, its own root module and state)
adds the ingress rules to ``status`` first, then the project: from then on the
perimeter is enforced and lets in exactly the rules' identities, from the access levels.

There is no egress rule: nothing the platform runs calls a service outside the
perimeter. Remote Artifact Registry repositories fetch upstream through Artifact
Registry's own VPC-SC setting (registry_vpcsc.py), GKE's system images and
Google-managed images are readable from inside any perimeter, and the Binary
Authorization attestor is read by the Binary Authorization service, not from the VPC.
No rule names ANY_IDENTITY. A perimeter has no location: it belongs to an
organization's access policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktn import TerraformResourceLifecycle
from cdktn_provider_google import access_context_manager_service_perimeter as inline
from cdktn_provider_google import (
    access_context_manager_service_perimeter_ingress_policy as standalone,
)
from cdktn_provider_google.access_context_manager_service_perimeter import (
    AccessContextManagerServicePerimeter,
    AccessContextManagerServicePerimeterSpec,
    AccessContextManagerServicePerimeterSpecIngressPolicies,
    AccessContextManagerServicePerimeterSpecVpcAccessibleServices,
    AccessContextManagerServicePerimeterStatus,
    AccessContextManagerServicePerimeterStatusVpcAccessibleServices,
)
from cdktn_provider_google.access_context_manager_service_perimeter_ingress_policy import (
    AccessContextManagerServicePerimeterIngressPolicy,
)
from cdktn_provider_google.access_context_manager_service_perimeter_resource import (
    AccessContextManagerServicePerimeterResource,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.inputs import team_owner_members
from sluicegate import catalogue
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform

# APIs the platform uses that VPC Service Controls can protect: restricted (callers
# outside the perimeter are refused) and the only APIs reachable from inside the
# VPC. One list, catalogue/perimeter.yaml, which the audit's NET-06 reads too.
RESTRICTED_SERVICES = catalogue.restricted_services()

# The restricted services the deployers (Terraform, Pulumi, CI) and the team owners
# call from outside, with why (catalogue/perimeter.yaml).
DEPLOYER_SERVICES = catalogue.deployer_services()
OWNER_SERVICES = catalogue.owner_services()


@dataclass(frozen=True)
class IngressRule:
    """One ingress rule: who, from which access levels, to which services (every method)."""

    key: str
    title: str
    identities: tuple[str, ...]
    services: tuple[str, ...]


def perimeter_name(platform: Platform) -> str:
    """The perimeter's full resource name."""
    policy = f"accessPolicies/{platform.vpc_sc.access_policy_id}"
    return f"{policy}/servicePerimeters/{Names.of(platform).perimeter}"


def access_level_name(platform: Platform, level: str) -> str:
    """The full name of access level ``level`` in the perimeter's access policy."""
    return f"accessPolicies/{platform.vpc_sc.access_policy_id}/accessLevels/{level}"


def access_level_names(platform: Platform) -> tuple[str, ...]:
    """Every access level the ingress rules accept: those the foundation creates, then the
    organization's existing ones."""
    ops = platform.operators
    created = tuple(access_level_name(platform, level.name) for level in ops.access_levels)
    return created + tuple(ops.existing_access_levels)


def ingress_rules(platform: Platform) -> tuple[IngressRule, ...]:
    """The perimeter's ingress rules, in the order they are applied."""
    rules = [
        IngressRule(
            "deployers",
            "deployers: Terraform, Pulumi and CI",
            tuple(platform.operators.deployers),
            tuple(sorted(DEPLOYER_SERVICES)),
        )
    ]
    owners = team_owner_members(platform)
    if platform.vpc_sc.team_owner_access and owners:
        rules.append(
            IngressRule("team_owners", "team owners: their DVC data", owners, tuple(OWNER_SERVICES))
        )
    return tuple(rules)


def _ingress(module, prefix: str, rule: IngressRule, levels: list[str], project: str) -> dict:
    """``ingress_from`` and ``ingress_to`` of ``rule``, built from the binding classes
    ``<prefix>IngressFrom...`` of ``module`` (the perimeter's inline policies and the
    stage-2 policy resource have the same blocks under different class names)."""

    def cls(suffix: str):
        return getattr(module, f"{prefix}{suffix}")

    return {
        "ingress_from": cls("IngressFrom")(
            identities=list(rule.identities),
            sources=[cls("IngressFromSources")(access_level=a) for a in levels],
        ),
        "ingress_to": cls("IngressTo")(
            resources=[project],
            operations=[
                cls("IngressToOperations")(
                    service_name=s,
                    method_selectors=[cls("IngressToOperationsMethodSelectors")(method="*")],
                )
                for s in rule.services
            ],
        ),
    }


class Perimeter(Construct):
    """Stage 0: the regular perimeter, dry run in ``spec``, restrictions only in ``status``.

    ``levels`` are the access level names the ingress rules accept (references to the
    access levels this stage creates, then existing ones).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        project_number: str,
        levels: list[str],
    ) -> None:
        super().__init__(scope, id_)
        name = Names.of(platform).perimeter
        # A perimeter lists projects by number, not by ID.
        project = f"projects/{project_number}"
        restricted = list(RESTRICTED_SERVICES)
        self.perimeter = pin(
            self,
            AccessContextManagerServicePerimeter(
                self,
                "perimeter",
                parent=f"accessPolicies/{platform.vpc_sc.access_policy_id}",
                name=perimeter_name(platform),
                title=name,
                description=f"The {platform.prefix} ML platform's project",
                perimeter_type="PERIMETER_TYPE_REGULAR",
                spec=AccessContextManagerServicePerimeterSpec(
                    resources=[project],
                    restricted_services=restricted,
                    vpc_accessible_services=(
                        AccessContextManagerServicePerimeterSpecVpcAccessibleServices(
                            enable_restriction=True, allowed_services=restricted
                        )
                    ),
                    ingress_policies=[
                        AccessContextManagerServicePerimeterSpecIngressPolicies(
                            title=rule.title,
                            **_ingress(
                                inline,
                                "AccessContextManagerServicePerimeterSpecIngressPolicies",
                                rule,
                                levels,
                                project,
                            ),
                        )
                        for rule in ingress_rules(platform)
                    ],
                ),
                status=AccessContextManagerServicePerimeterStatus(
                    restricted_services=restricted,
                    vpc_accessible_services=(
                        AccessContextManagerServicePerimeterStatusVpcAccessibleServices(
                            enable_restriction=True, allowed_services=restricted
                        )
                    ),
                ),
                use_explicit_dry_run_spec=True,
                lifecycle=TerraformResourceLifecycle(
                    ignore_changes=["status[0].resources", "status[0].ingress_policies"]
                ),
                depends_on=[services.api("accesscontextmanager.googleapis.com")],
            ),
        )


class EnforcedPerimeter(Construct):
    """Stage 2: the ingress rules into ``status``, then the project into it (enforced)."""

    def __init__(
        self, scope: Construct, id_: str, platform: Platform, project_number: str
    ) -> None:
        super().__init__(scope, id_)
        name = perimeter_name(platform)
        project = f"projects/{project_number}"
        levels = list(access_level_names(platform))
        self.ingress = [
            pin(
                self,
                AccessContextManagerServicePerimeterIngressPolicy(
                    self,
                    f"ingress_{rule.key}",
                    perimeter=name,
                    title=rule.title,
                    **_ingress(
                        standalone,
                        "AccessContextManagerServicePerimeterIngressPolicy",
                        rule,
                        levels,
                        project,
                    ),
                ),
            )
            for rule in ingress_rules(platform)
        ]
        # Last: once the project is in `status`, only the rules above let anyone in.
        self.project = pin(
            self,
            AccessContextManagerServicePerimeterResource(
                self,
                "project",
                perimeter_name=name,
                resource=project,
                depends_on=list(self.ingress),
            ),
        )
