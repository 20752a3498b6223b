"""The Docker Hub mirror's credentials: a secret for its access token, kept in the region.

Docker Hub rate-limits anonymous pulls, and the Docker Hub remote repository pulls
for every node of the cluster from one address. With ``registry.dockerhub_username``
set, the remote repository authenticates as that account (platform/registry.py)
with a token read from this secret.

Artifact Registry reads upstream credentials only from a secret version named
``projects/{project}/secrets/{secret}/versions/{version}`` (the API's
``UsernamePasswordCredentials.password_secret_version``), so a regional secret
(``projects/{project}/locations/...``) cannot serve. The secret is a project secret
with user-managed replication and its one replica in the platform's region, encrypted
with the region's ``secrets`` key: automatic replication would copy the token to any
region (RES-07). It has no version here: a token in the configuration would sit in
Terraform's state. The operator adds it out of band (docs/foundation.md), and the
Artifact Registry service agent alone may read it.
"""

from __future__ import annotations

from cdktn_provider_google.secret_manager_secret import (
    SecretManagerSecret,
    SecretManagerSecretReplication,
    SecretManagerSecretReplicationUserManaged,
    SecretManagerSecretReplicationUserManagedReplicas,
    SecretManagerSecretReplicationUserManagedReplicasCustomerManagedEncryption,
)
from cdktn_provider_google.secret_manager_secret_iam_member import SecretManagerSecretIamMember
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.identities import ServiceIdentities
from sluicegate.foundation.kms import Kms
from sluicegate.foundation.services import Services
from sluicegate.names import SECRETS_KEY_PURPOSE, Names
from sluicegate.spec.model import Platform

SECRET_ACCESSOR = "roles/secretmanager.secretAccessor"


class DockerHubCredentials(Construct):
    """The token secret and its one reader, the Artifact Registry service agent."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        identities: ServiceIdentities,
        kms: Kms,
    ) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        self.secret = pin(
            self,
            SecretManagerSecret(
                self,
                "secret",
                project=platform.project_id,
                secret_id=names.dockerhub_secret,
                # A replica's key must be in the replica's location; Secret Manager
                # checks its agent's access to the key when the secret is created.
                replication=SecretManagerSecretReplication(
                    user_managed=SecretManagerSecretReplicationUserManaged(
                        replicas=[
                            SecretManagerSecretReplicationUserManagedReplicas(
                                location=platform.region,
                                customer_managed_encryption=SecretManagerSecretReplicationUserManagedReplicasCustomerManagedEncryption(
                                    kms_key_name=kms.key(SECRETS_KEY_PURPOSE).id
                                ),
                            )
                        ]
                    )
                ),
                labels={"purpose": "dockerhub-token"},
                # Deleting the secret would break every Docker Hub pull of the mirror.
                deletion_protection=True,
                depends_on=[
                    services.api("secretmanager.googleapis.com"),
                    kms.grant(SECRETS_KEY_PURPOSE),
                ],
            ),
        )
        agent = identities.agent("registry")
        self.reader = pin(
            self,
            SecretManagerSecretIamMember(
                self,
                "registry_reader",
                project=platform.project_id,
                secret_id=self.secret.secret_id,
                role=SECRET_ACCESSOR,
                member=f"serviceAccount:{agent.email}",
                depends_on=list(agent.depends_on),
            ),
        )
