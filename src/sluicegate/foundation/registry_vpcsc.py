"""Artifact Registry's VPC-SC setting: remote repositories may fetch upstream.

Inside a perimeter a remote repository refuses to fetch from its upstream (Docker
Hub, ghcr.io, ...) unless the project's VPC-SC config for the repository's location is
``ALLOW`` (Artifact Registry API ``VPCSCConfig``; its default is ``DENY``). The
platform's mirrors are remote repositories in the region, so the config is set there,
and only with a perimeter. It is a per project and location setting; beta provider only.
"""

from __future__ import annotations

from cdktn import TerraformProvider
from constructs import Construct

from sluicegate.foundation.beta import beta_resource
from sluicegate.foundation.services import Services
from sluicegate.spec.model import Platform


class RegistryVpcsc(Construct):
    """``google_artifact_registry_vpcsc_config`` ``ALLOW`` in the platform's region."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        services: Services,
        beta: TerraformProvider,
    ) -> None:
        super().__init__(scope, id_)
        self.config = beta_resource(
            self,
            "config",
            "google_artifact_registry_vpcsc_config",
            beta,
            {"project": platform.project_id, "location": platform.region, "vpcsc_policy": "ALLOW"},
            depends_on=[services.api("artifactregistry.googleapis.com")],
        )
