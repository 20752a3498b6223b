"""KMS: one key ring in the region, a key per purpose, and the grants service agents need.

Every key is in the platform's region (a `global` key would pass a "CMEK present"
check and still break residency), rotates at least every 90 days and is protected
from ``terraform destroy``: destroying a CMEK key makes the data under it unreadable.
"""

from __future__ import annotations

from cdktn import TerraformResourceLifecycle
from cdktn_provider_google.kms_crypto_key import KmsCryptoKey, KmsCryptoKeyVersionTemplate
from cdktn_provider_google.kms_crypto_key_iam_member import KmsCryptoKeyIamMember
from cdktn_provider_google.kms_key_ring import KmsKeyRing
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.identities import ServiceIdentities
from sluicegate.foundation.services import Services
from sluicegate.names import Names, key_purposes
from sluicegate.spec.model import Platform

ROTATION_DAYS = 90
ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"


class Kms(Construct):
    """The key ring, its keys and their encrypter/decrypter grants.

    ``key(purpose)`` is the key for ``depends_on`` and references; ``grant(purpose)``
    is the grant a resource encrypted with that key must wait for, since Google
    checks the agent's access when the resource is created.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        identities: ServiceIdentities,
    ) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        kms_api = services.api("cloudkms.googleapis.com")
        # Keys and key rings cannot be deleted in Google Cloud, only their versions
        # destroyed; prevent_destroy stops a plan from even trying.
        keep = TerraformResourceLifecycle(prevent_destroy=True)
        self.ring = pin(
            self,
            KmsKeyRing(
                self,
                "ring",
                name=names.key_ring,
                project=platform.project_id,
                location=platform.region,
                lifecycle=keep,
                depends_on=[kms_api],
            ),
        )
        self._keys: dict[str, KmsCryptoKey] = {}
        self._grants: dict[str, KmsCryptoKeyIamMember] = {}
        for purpose in key_purposes(platform):
            local = purpose.replace("-", "_")
            key = pin(
                self,
                KmsCryptoKey(
                    self,
                    f"key_{local}",
                    name=names.crypto_key(purpose),
                    key_ring=self.ring.id,
                    purpose="ENCRYPT_DECRYPT",
                    rotation_period=f"{ROTATION_DAYS * 24 * 3600}s",
                    version_template=KmsCryptoKeyVersionTemplate(
                        algorithm="GOOGLE_SYMMETRIC_ENCRYPTION", protection_level="SOFTWARE"
                    ),
                    labels={"purpose": purpose},
                    lifecycle=keep,
                ),
            )
            self._keys[purpose] = key
            # Additive (``_member``), so the platform layer can grant its own users
            # on the same keys without the two layers undoing each other. The agent
            # must exist first (identities.py).
            agent = identities.agent(purpose)
            self._grants[purpose] = pin(
                self,
                KmsCryptoKeyIamMember(
                    self,
                    f"grant_{local}",
                    crypto_key_id=key.id,
                    role=ENCRYPTER_DECRYPTER,
                    member=f"serviceAccount:{agent.email}",
                    depends_on=list(agent.depends_on),
                ),
            )

    def key(self, purpose: str) -> KmsCryptoKey:
        """The key for ``purpose`` (one of ``names.key_purposes(platform)``)."""
        return self._keys[purpose]

    def grant(self, purpose: str) -> KmsCryptoKeyIamMember:
        """The grant that lets the service agent of ``purpose`` use its key."""
        return self._grants[purpose]
