"""The foundation stack: the provider, the state backend and every construct, composed."""

from __future__ import annotations

from cdktn import GcsBackend, LocalBackend, TerraformStack
from cdktn_provider_google.data_google_project import DataGoogleProject
from cdktn_provider_google.provider import GoogleProvider
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.egress import Egress
from sluicegate.foundation.kms import Kms
from sluicegate.foundation.logs import Logs
from sluicegate.foundation.network import Network
from sluicegate.foundation.org_policies import OrgPolicies
from sluicegate.foundation.perimeter import Perimeter
from sluicegate.foundation.private_dns import PrivateDns
from sluicegate.foundation.services import Services
from sluicegate.foundation.state_bucket import StateBucket
from sluicegate.names import Names
from sluicegate.spec.model import Platform

STACK_ID = "foundation"
# Where the foundation's state sits inside the state bucket, leaving room for others.
STATE_PREFIX = "foundation"
LOCAL_STATE_FILE = "terraform.tfstate"


class FoundationStack(TerraformStack):
    """Everything the platform layer builds on, for one ``Platform``.

    ``local_backend`` keeps state in ``terraform.tfstate`` beside the configuration;
    otherwise it is kept in the state bucket this stack creates (so the first apply
    is local and the state is then migrated; see docs/foundation.md).
    """

    def __init__(
        self, scope: Construct, id_: str, platform: Platform, *, local_backend: bool = False
    ) -> None:
        super().__init__(scope, id_)
        GoogleProvider(
            self,
            "google",
            project=platform.project_id,
            region=platform.region,
            # Org Policy and Access Context Manager calls need a quota project; with
            # user credentials there is none unless it is named.
            billing_project=platform.project_id,
            user_project_override=True,
            default_labels={"managed-by": "sluicegate", "sluicegate-platform": platform.prefix},
        )
        if local_backend:
            LocalBackend(self, path=LOCAL_STATE_FILE)
        else:
            GcsBackend(self, bucket=Names.of(platform).state_bucket, prefix=STATE_PREFIX)

        # Service agents and the perimeter name the project by number, which only
        # the API knows.
        project = pin(self, DataGoogleProject(self, "project", project_id=platform.project_id))
        self.services = Services(self, "services", platform)
        self.org_policies = OrgPolicies(self, "org_policies", platform, self.services)
        self.kms = Kms(self, "kms", platform, self.services, project.number)
        self.network = Network(self, "network", platform, self.services)
        self.egress = Egress(self, "egress", platform, self.network)
        self.private_dns = PrivateDns(self, "dns", platform, self.services, self.network)
        self.logs = Logs(self, "logs", platform, self.services, self.kms)
        self.state_bucket = StateBucket(self, "state", platform, self.services, self.kms)
        self.perimeter = (
            Perimeter(
                self,
                "perimeter",
                platform,
                self.services,
                project.number,
                platform.vpc_sc.access_policy_id,
            )
            if platform.vpc_sc
            else None
        )
