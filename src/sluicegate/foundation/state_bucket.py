"""The bucket that holds the foundation's own Terraform state.

State lists every resource and some of their secrets, so the bucket gets the same
treatment as a bucket of personal data: in the region, CMEK only, versioned (an
earlier state can be restored), uniform access and public access prevention.
"""

from __future__ import annotations

from cdktn import TerraformResourceLifecycle
from cdktn_provider_google.storage_bucket import (
    StorageBucket,
    StorageBucketEncryption,
    StorageBucketEncryptionCustomerSuppliedEncryptionEnforcementConfig,
    StorageBucketEncryptionGoogleManagedEncryptionEnforcementConfig,
    StorageBucketVersioning,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.kms import Kms
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform


class StateBucket(Construct):
    """The regional, CMEK-encrypted, versioned state bucket."""

    def __init__(
        self, scope: Construct, id_: str, platform: Platform, services: Services, kms: Kms
    ) -> None:
        super().__init__(scope, id_)
        self.bucket = pin(
            self,
            StorageBucket(
                self,
                "bucket",
                name=Names.of(platform).state_bucket,
                project=platform.project_id,
                # Cloud Storage reports locations in upper case; writing it that way
                # keeps plans free of a case-only diff.
                location=platform.region.upper(),
                storage_class="STANDARD",
                uniform_bucket_level_access=True,
                public_access_prevention="enforced",
                versioning=StorageBucketVersioning(enabled=True),
                encryption=StorageBucketEncryption(
                    default_kms_key_name=kms.key("buckets").id,
                    # The default key only applies when a writer names no key; these
                    # refuse objects written with Google's or a caller-supplied key.
                    google_managed_encryption_enforcement_config=(
                        StorageBucketEncryptionGoogleManagedEncryptionEnforcementConfig(
                            restriction_mode="FullyRestricted"
                        )
                    ),
                    customer_supplied_encryption_enforcement_config=(
                        StorageBucketEncryptionCustomerSuppliedEncryptionEnforcementConfig(
                            restriction_mode="FullyRestricted"
                        )
                    ),
                ),
                force_destroy=False,
                lifecycle=TerraformResourceLifecycle(prevent_destroy=True),
                depends_on=[services.api("storage.googleapis.com"), kms.grant("buckets")],
            ),
        )
