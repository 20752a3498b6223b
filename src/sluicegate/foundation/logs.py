"""Logs: a CMEK log bucket in the region, the ``_Default`` sink routed to it, audit logs,
and the default log storage location of the organization (or, without one, the folder).

Log payloads are treated as personal data: without this, ``_Default`` writes to a
bucket in ``global``. ``_Required`` (admin activity and system events, kept 400
days by Google) cannot be moved; its location follows the organization's default
storage location at the time the project was created, which is why that default is
set here too, for every project created after the foundation.
"""

from __future__ import annotations

from cdktn_provider_google.logging_folder_settings import LoggingFolderSettings
from cdktn_provider_google.logging_organization_settings import LoggingOrganizationSettings
from cdktn_provider_google.logging_project_bucket_config import (
    LoggingProjectBucketConfig,
    LoggingProjectBucketConfigCmekSettings,
)
from cdktn_provider_google.logging_project_sink import LoggingProjectSink
from cdktn_provider_google.project_iam_audit_config import (
    ProjectIamAuditConfig,
    ProjectIamAuditConfigAuditLogConfig,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.kms import Kms
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform

RETENTION_DAYS = 365
# The filter Google gives `_Default`: everything except what `_Required` already keeps.
DEFAULT_SINK_FILTER = " AND ".join(
    f'NOT LOG_ID("{source}.googleapis.com/{log}")'
    for log in ("activity", "system_event", "access_transparency")
    for source in ("cloudaudit", "externalaudit")
)
AUDITED_LOG_TYPES = ("ADMIN_READ", "DATA_READ", "DATA_WRITE")


class Logs(Construct):
    """The regional log bucket, its sink, data access audit logs and default log settings."""

    def __init__(
        self, scope: Construct, id_: str, platform: Platform, services: Services, kms: Kms
    ) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        logging_api = services.api("logging.googleapis.com")
        self.bucket = pin(
            self,
            LoggingProjectBucketConfig(
                self,
                "bucket",
                project=platform.project_id,
                location=platform.region,
                bucket_id=names.log_bucket,
                description=f"Platform logs, kept in {platform.region}",
                retention_days=RETENTION_DAYS,
                cmek_settings=LoggingProjectBucketConfigCmekSettings(
                    kms_key_name=kms.key("logs").id
                ),
                # Logging checks its agent can use the key when the bucket is created.
                depends_on=[logging_api, kms.grant("logs")],
            ),
        )
        # Declaring `_Default` takes over the sink Google created with the project
        # (it cannot be created or deleted): only its destination changes.
        self.default_sink = pin(
            self,
            LoggingProjectSink(
                self,
                "default_sink",
                name="_Default",
                project=platform.project_id,
                destination=(
                    f"logging.googleapis.com/projects/{platform.project_id}"
                    f"/locations/{platform.region}/buckets/{names.log_bucket}"
                ),
                filter=DEFAULT_SINK_FILTER,
                unique_writer_identity=True,
                depends_on=[self.bucket],
            ),
        )
        # Data access logs are off by default; who read or wrote personal data is
        # exactly what an auditor asks for. No exemptions.
        self.audit = pin(
            self,
            ProjectIamAuditConfig(
                self,
                "audit",
                project=platform.project_id,
                service="allServices",
                audit_log_config=[
                    ProjectIamAuditConfigAuditLogConfig(log_type=log_type)
                    for log_type in AUDITED_LOG_TYPES
                ],
            ),
        )
        # No key here, deliberately: it would make the log buckets of every new
        # project in the organization depend on a key in this one project.
        # Set where the org policies are: the organization's settings only on the
        # same deliberate opt-in.
        if platform.policy_node == "organization":
            pin(
                self,
                LoggingOrganizationSettings(
                    self,
                    "organization_settings",
                    organization=platform.organization_id,
                    storage_location=platform.region,
                ),
            )
        elif platform.policy_node == "folder":
            pin(
                self,
                LoggingFolderSettings(
                    self,
                    "folder_settings",
                    folder=platform.folder_id,
                    storage_location=platform.region,
                ),
            )
