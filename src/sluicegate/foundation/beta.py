"""The few resources only the ``google-beta`` provider has, written without its bindings.

``google_project_service_identity`` and ``google_artifact_registry_vpcsc_config`` exist
only in hashicorp/google-beta (8.7.0, the version the GA bindings are generated for;
each resource's page in the provider docs says "beta"). Loading the beta provider's
CDK Terrain bindings would double the time jsii spends loading providers for two
resources, so they are written with CDK Terrain's generic ``TerraformResource`` and
a ``google-beta`` provider block: the Terraform JSON is the same as the bindings'.
"""

from __future__ import annotations

from cdktn import (
    TerraformProvider,
    TerraformProviderGeneratorMetadata,
    TerraformResource,
)
from constructs import Construct

from sluicegate.foundation.address import pin

PROVIDER = "google-beta"
# The same release as the GA provider the bindings target, so both read one schema.
VERSION = "8.7.0"
_META = TerraformProviderGeneratorMetadata(provider_name=PROVIDER, provider_version=VERSION)


def beta_provider(scope: Construct, settings: dict) -> TerraformProvider:
    """The ``google-beta`` provider block with the same ``settings`` as the GA provider."""
    provider = TerraformProvider(
        scope,
        PROVIDER,
        terraform_resource_type=PROVIDER,
        terraform_generator_metadata=_META,
        terraform_provider_source=f"hashicorp/{PROVIDER}",
    )
    for key, value in settings.items():
        provider.add_override(key, value)
    return provider


def beta_resource(
    entity: Construct,
    id_: str,
    resource_type: str,
    provider: TerraformProvider,
    attributes: dict,
    depends_on: list | None = None,
) -> TerraformResource:
    """A ``resource_type`` resource of the beta provider, pinned like every other one."""
    resource = TerraformResource(
        entity,
        id_,
        terraform_resource_type=resource_type,
        terraform_generator_metadata=_META,
        provider=provider,
        depends_on=depends_on,
    )
    for key, value in attributes.items():
        resource.add_override(key, value)
    return pin(entity, resource)
