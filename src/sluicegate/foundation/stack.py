"""The foundation's two Terraform root modules: stage 0 and stage 2 of the bring-up.

``FoundationStack`` (``0-foundation``) is everything the platform builds on, with the
perimeter in dry run; ``PerimeterStack`` (``2-perimeter``) enforces the perimeter once
the platform is up. Each has its own state (prefixes ``foundation`` and ``perimeter``
in the state bucket), and they share nothing but derived names, so each is applied
with plain ``terraform`` in its own folder (see sluicegate.stages and docs/foundation.md).
"""

from __future__ import annotations

from cdktn import GcsBackend, LocalBackend, TerraformStack
from cdktn_provider_google.data_google_project import DataGoogleProject
from cdktn_provider_google.provider import GoogleProvider
from constructs import Construct

from sluicegate.foundation.access_levels import AccessLevels
from sluicegate.foundation.address import pin
from sluicegate.foundation.beta import beta_provider
from sluicegate.foundation.binary_authorization import BinaryAuthorization
from sluicegate.foundation.dashboard import DashboardIngress
from sluicegate.foundation.egress import Egress
from sluicegate.foundation.identities import ServiceIdentities
from sluicegate.foundation.kms import Kms
from sluicegate.foundation.logs import Logs
from sluicegate.foundation.network import Network
from sluicegate.foundation.org_policies import OrgPolicies
from sluicegate.foundation.perimeter import EnforcedPerimeter, Perimeter
from sluicegate.foundation.private_dns import PrivateDns
from sluicegate.foundation.registry_credentials import DockerHubCredentials
from sluicegate.foundation.registry_vpcsc import RegistryVpcsc
from sluicegate.foundation.services import Services
from sluicegate.foundation.state_bucket import StateBucket
from sluicegate.foundation.webhooks import WebhookIngress
from sluicegate.names import Names
from sluicegate.spec.model import Platform

STACK_ID = "foundation"
PERIMETER_STACK_ID = "perimeter"
# Where each stage's state sits inside the state bucket.
STATE_PREFIX = "foundation"
PERIMETER_STATE_PREFIX = "perimeter"
LOCAL_STATE_FILE = "terraform.tfstate"


def _provider_settings(platform: Platform) -> dict:
    return {
        "project": platform.project_id,
        "region": platform.region,
        # Org Policy and Access Context Manager calls need a quota project; with user
        # credentials there is none unless it is named.
        "billing_project": platform.project_id,
        "user_project_override": True,
    }


def _providers(stack: TerraformStack, platform: Platform) -> None:
    GoogleProvider(
        stack,
        "google",
        **_provider_settings(platform),
        default_labels={"managed-by": "sluicegate", "sluicegate-platform": platform.prefix},
    )


class FoundationStack(TerraformStack):
    """Stage 0: everything the platform layer builds on, for one ``Platform``.

    ``local_backend`` keeps state in ``terraform.tfstate`` beside the configuration;
    otherwise it is kept in the state bucket this stack creates (so the first apply
    is local and the state is then migrated; see docs/foundation.md).
    ``webhook_ports`` are the admission webhooks' target ports the control plane must
    reach on the nodes (none: no rule).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        *,
        local_backend: bool = False,
        webhook_ports: tuple[int, ...] = (),
    ) -> None:
        super().__init__(scope, id_)
        _providers(self, platform)
        beta = beta_provider(self, _provider_settings(platform))
        if local_backend:
            LocalBackend(self, path=LOCAL_STATE_FILE)
        else:
            GcsBackend(self, bucket=Names.of(platform).state_bucket, prefix=STATE_PREFIX)

        # Service agents and the perimeter name the project by number, which only
        # the API knows.
        project = pin(self, DataGoogleProject(self, "project", project_id=platform.project_id))
        self.services = Services(self, "services", platform)
        self.org_policies = OrgPolicies(self, "org_policies", platform, self.services)
        self.identities = ServiceIdentities(
            self, "identities", platform, self.services, project.number, beta
        )
        self.kms = Kms(self, "kms", platform, self.services, self.identities)
        self.network = Network(self, "network", platform, self.services)
        self.egress = Egress(self, "egress", platform, self.network)
        self.webhooks = WebhookIngress(self, "webhooks", platform, self.network, webhook_ports)
        self.dashboard = DashboardIngress(self, "dashboard", platform, self.network)
        self.private_dns = PrivateDns(self, "dns", platform, self.services, self.network)
        self.logs = Logs(self, "logs", platform, self.services, self.kms)
        self.state_bucket = StateBucket(self, "state", platform, self.services, self.kms)
        self.binary_authorization = BinaryAuthorization(
            self, "binauthz", platform, self.services
        )
        self.dockerhub = None
        if platform.registry.dockerhub_username:
            self.dockerhub = DockerHubCredentials(
                self, "dockerhub", platform, self.services, self.identities, self.kms
            )
        self.access_levels = self.perimeter = self.registry_vpcsc = None
        if platform.vpc_sc:
            self.access_levels = AccessLevels(self, "access_levels", platform, self.services)
            self.perimeter = Perimeter(
                self,
                "perimeter",
                platform,
                self.services,
                project.number,
                self.access_levels.names,
            )
            self.registry_vpcsc = RegistryVpcsc(
                self, "registry_vpcsc", platform, self.services, beta
            )


class PerimeterStack(TerraformStack):
    """Stage 2: the perimeter's ingress rules, then the project, into its enforced status.

    Applied after stage 1 (``pulumi up``) and ``sluicegate publish``; its state goes to
    the state bucket stage 0 created, so it has no local-backend variant.
    """

    def __init__(self, scope: Construct, id_: str, platform: Platform) -> None:
        super().__init__(scope, id_)
        _providers(self, platform)
        GcsBackend(self, bucket=Names.of(platform).state_bucket, prefix=PERIMETER_STATE_PREFIX)
        project = pin(self, DataGoogleProject(self, "project", project_id=platform.project_id))
        self.perimeter = EnforcedPerimeter(self, "perimeter", platform, project.number)
