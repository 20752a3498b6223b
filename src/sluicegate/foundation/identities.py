"""The Google-managed service agents that encrypt with the foundation's keys, made to
exist before anything grants them a role.

A KMS grant to an agent that does not exist yet fails ("Service account ... does not
exist"): Google creates most agents lazily, on first use of their API. So each agent
the KMS grants name comes from the resource that creates or reads it, and every grant
takes its e-mail from that resource (an implied dependency) and depends on it:

- Artifact Registry, GKE and Secret Manager (when the platform has the Docker Hub
  token secret): ``google_project_service_identity`` (Service Usage
  generateServiceIdentity; beta provider only);
- Cloud Storage: ``data.google_storage_project_service_account``, whose lookup
  creates the agent;
- Logging: ``data.google_logging_project_cmek_settings``, which returns the agent
  Logging uses for CMEK;
- Compute Engine (GKE boot disks): ``service-N@compute-system``, the API's primary
  agent, created when ``compute.googleapis.com`` is enabled; generateServiceIdentity
  does not document it, so its address is built from the project number and the
  grant depends on the API.

Identities have no location: an agent is a project's principal.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktn import TerraformProvider
from cdktn_provider_google.data_google_logging_project_cmek_settings import (
    DataGoogleLoggingProjectCmekSettings,
)
from cdktn_provider_google.data_google_storage_project_service_account import (
    DataGoogleStorageProjectServiceAccount,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.beta import beta_resource
from sluicegate.foundation.services import Services
from sluicegate.names import key_purposes
from sluicegate.spec.model import Platform

# The API whose agent encrypts with each key (by KMS key purpose).
AGENT_APIS = {
    "gke-secrets": "container.googleapis.com",
    "buckets": "storage.googleapis.com",
    "registry": "artifactregistry.googleapis.com",
    "disks": "compute.googleapis.com",
    "logs": "logging.googleapis.com",
    "secrets": "secretmanager.googleapis.com",
}
# Agents created by google_project_service_identity, by key purpose ("secrets" only
# when the platform has that key: names.key_purposes).
IDENTITY_PURPOSES = ("gke-secrets", "registry", "secrets")
COMPUTE_AGENT_DOMAIN = "compute-system.iam.gserviceaccount.com"


@dataclass(frozen=True)
class Agent:
    """A service agent: its e-mail (an expression) and what a grant to it must wait for."""

    email: str
    depends_on: tuple


class ServiceIdentities(Construct):
    """The agent of every key purpose; ``agent(purpose)`` is what a grant names."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        project_number: str,
        beta: TerraformProvider,
    ) -> None:
        super().__init__(scope, id_)
        self._agents: dict[str, Agent] = {}
        for purpose in IDENTITY_PURPOSES:
            if purpose not in key_purposes(platform):
                continue
            api = AGENT_APIS[purpose]
            identity = beta_resource(
                self,
                api.split(".")[0],
                "google_project_service_identity",
                beta,
                {"project": platform.project_id, "service": api},
                depends_on=[services.api(api)],
            )
            self._agents[purpose] = Agent(identity.get_string_attribute("email"), (identity,))
        storage = pin(
            self,
            DataGoogleStorageProjectServiceAccount(
                self,
                "storage",
                project=platform.project_id,
                depends_on=[services.api(AGENT_APIS["buckets"])],
            ),
        )
        self._agents["buckets"] = Agent(storage.email_address, (storage,))
        logging = pin(
            self,
            DataGoogleLoggingProjectCmekSettings(
                self,
                "logging",
                project=platform.project_id,
                depends_on=[services.api(AGENT_APIS["logs"])],
            ),
        )
        self._agents["logs"] = Agent(logging.service_account_id, (logging,))
        compute = services.api(AGENT_APIS["disks"])
        self._agents["disks"] = Agent(
            f"service-{project_number}@{COMPUTE_AGENT_DOMAIN}", (compute,)
        )

    def agent(self, purpose: str) -> Agent:
        """The agent that encrypts with the key of ``purpose``."""
        return self._agents[purpose]
