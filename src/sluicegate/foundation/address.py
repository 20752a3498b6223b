"""Stable, readable Terraform addresses for the foundation's resources.

CDK Terrain names a resource nested in constructs after its construct path plus a
hash (``network_vpc_1A2B3C4D``). Terraform state is keyed by that address, so a
refactor of the construct tree would destroy and recreate resources. Each resource
is pinned instead to ``<entity>_<id>`` (``google_compute_network.network_vpc``),
which also makes plans, inventories and Checkov findings easy to read.
"""

from __future__ import annotations

from typing import TypeVar

from cdktn import TerraformElement
from constructs import Construct

T = TypeVar("T", bound=TerraformElement)


def pin(entity: Construct, element: T) -> T:
    """Give ``element`` (a resource or data source made in ``entity``) the address
    ``<entity id>_<element id>`` and return it."""
    element.override_logical_id(f"{entity.node.id}_{element.node.id}")
    return element
