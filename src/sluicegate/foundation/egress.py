"""Egress control: deny all egress by default, then allow only what the platform needs.

Firewall rules and routes have no location: they are global resources of the VPC.
Ingress needs no rule here: the VPC's implied rule denies it, and GKE adds the
rules its control plane and load balancers need when the cluster is created.
"""

from __future__ import annotations

from cdktn_provider_google.compute_firewall import (
    ComputeFirewall,
    ComputeFirewallAllow,
    ComputeFirewallDeny,
    ComputeFirewallLogConfig,
)
from cdktn_provider_google.compute_route import ComputeRoute
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.network import Network
from sluicegate.names import Names
from sluicegate.spec.model import Platform

# restricted.googleapis.com: the VIP that serves only APIs VPC Service Controls
# supports, never announced to the internet.
RESTRICTED_VIP = "199.36.153.4/30"
# Below every allow (priority 1000) and above the implied rules (65535).
DENY_PRIORITY = 65534
ALLOW_PRIORITY = 1000


class Egress(Construct):
    """The restricted-VIP route and the egress firewall rules of the VPC."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, network: Network) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        net = platform.network
        vpc = network.vpc.id
        # An explicit route, so the VIP stays reachable even if someone removes the
        # default route to the internet gateway to close NAT.
        self.route = pin(
            self,
            ComputeRoute(
                self,
                "restricted_apis",
                name=names.route("restricted-apis"),
                project=platform.project_id,
                network=vpc,
                dest_range=RESTRICTED_VIP,
                next_hop_gateway="default-internet-gateway",
            ),
        )
        logged = ComputeFirewallLogConfig(metadata="INCLUDE_ALL_METADATA")
        self.deny_all = pin(
            self,
            ComputeFirewall(
                self,
                "deny_all",
                name=names.firewall("deny-all-egress"),
                project=platform.project_id,
                network=vpc,
                direction="EGRESS",
                priority=DENY_PRIORITY,
                destination_ranges=["0.0.0.0/0"],
                deny=[ComputeFirewallDeny(protocol="all")],
                log_config=logged,
            ),
        )
        self.allows = [
            pin(
                self,
                ComputeFirewall(
                    self,
                    "allow_restricted_apis",
                    name=names.firewall("allow-egress-restricted-apis"),
                    description="Google APIs through restricted.googleapis.com only",
                    project=platform.project_id,
                    network=vpc,
                    direction="EGRESS",
                    priority=ALLOW_PRIORITY,
                    destination_ranges=[RESTRICTED_VIP],
                    allow=[ComputeFirewallAllow(protocol="tcp", ports=["443"])],
                    log_config=logged,
                ),
            ),
            pin(
                self,
                ComputeFirewall(
                    self,
                    "allow_control_plane",
                    name=names.firewall("allow-egress-control-plane"),
                    description="nodes to the private GKE control plane",
                    project=platform.project_id,
                    network=vpc,
                    direction="EGRESS",
                    priority=ALLOW_PRIORITY,
                    destination_ranges=[net.control_plane_cidr],
                    allow=[ComputeFirewallAllow(protocol="tcp", ports=["443", "10250"])],
                    log_config=logged,
                ),
            ),
            pin(
                self,
                ComputeFirewall(
                    self,
                    "allow_intra_subnet",
                    name=names.firewall("allow-egress-intra-subnet"),
                    description="nodes, Pods and Services to each other",
                    project=platform.project_id,
                    network=vpc,
                    direction="EGRESS",
                    priority=ALLOW_PRIORITY,
                    destination_ranges=[net.subnet_cidr, net.pods_cidr, net.services_cidr],
                    allow=[ComputeFirewallAllow(protocol="all")],
                    log_config=logged,
                ),
            ),
        ]
