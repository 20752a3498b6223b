"""The network: a custom-mode VPC, one regional subnet for GKE, the proxy-only subnet
of the dashboard's internal load balancer, Cloud Router and NAT.

The VPC, its routes, firewall rules and DNS settings have no location: they are
global resources in Google Cloud (and outside what ``gcp.resourceLocations`` can
restrict). Everything regional here (subnet, router, NAT) is in the spec's region.
"""

from __future__ import annotations

from cdktn_provider_google.compute_network import ComputeNetwork
from cdktn_provider_google.compute_router import ComputeRouter
from cdktn_provider_google.compute_router_nat import (
    ComputeRouterNat,
    ComputeRouterNatLogConfig,
    ComputeRouterNatSubnetwork,
)
from cdktn_provider_google.compute_subnetwork import (
    ComputeSubnetwork,
    ComputeSubnetworkLogConfig,
    ComputeSubnetworkSecondaryIpRange,
)
from cdktn_provider_google.dns_policy import DnsPolicy, DnsPolicyNetworks
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform


class Network(Construct):
    """VPC, subnet with the pods and services ranges, router, NAT and DNS query logging."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, services: Services) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        net = platform.network
        compute = services.api("compute.googleapis.com")
        # No location: a VPC is global. Custom mode, so no subnet appears in a region
        # nobody chose; the default routes stay because Cloud NAT and the restricted
        # Google APIs VIP are both reached through the default internet gateway.
        self.vpc = pin(
            self,
            ComputeNetwork(
                self,
                "vpc",
                name=names.network,
                project=platform.project_id,
                auto_create_subnetworks=False,
                routing_mode="REGIONAL",
                depends_on=[compute],
            ),
        )
        self.subnetwork = pin(
            self,
            ComputeSubnetwork(
                self,
                "subnetwork",
                name=names.subnetwork,
                project=platform.project_id,
                region=platform.region,
                network=self.vpc.id,
                ip_cidr_range=net.subnet_cidr,
                secondary_ip_range=[
                    ComputeSubnetworkSecondaryIpRange(
                        range_name=names.pods_range, ip_cidr_range=net.pods_cidr
                    ),
                    ComputeSubnetworkSecondaryIpRange(
                        range_name=names.services_range, ip_cidr_range=net.services_cidr
                    ),
                ],
                # Nodes have no external IP (org policy), so Google APIs are reached
                # through Private Google Access on the restricted VIP.
                private_ip_google_access=True,
                log_config=ComputeSubnetworkLogConfig(
                    aggregation_interval="INTERVAL_5_SEC",
                    flow_sampling=1.0,
                    metadata="INCLUDE_ALL_METADATA",
                ),
            ),
        )
        # The internal Application Load Balancer in front of the Kubeflow dashboard runs
        # Envoy proxies that take their addresses from this subnet; GKE refuses an
        # internal Gateway in a region without an ACTIVE one. It holds no VMs, so no
        # flow logs and no Private Google Access.
        self.proxy_only_subnetwork = pin(
            self,
            ComputeSubnetwork(
                self,
                "proxy_only_subnetwork",
                name=names.proxy_only_subnetwork,
                project=platform.project_id,
                region=platform.region,
                network=self.vpc.id,
                ip_cidr_range=net.proxy_only_cidr,
                purpose="REGIONAL_MANAGED_PROXY",
                role="ACTIVE",
            ),
        )
        self.router = pin(
            self,
            ComputeRouter(
                self,
                "router",
                name=names.router,
                project=platform.project_id,
                region=platform.region,
                network=self.vpc.id,
            ),
        )
        # NAT gives private nodes a way out, but only where a firewall rule allows
        # it: egress is denied by default (egress.py), so NAT alone opens nothing.
        self.nat = pin(
            self,
            ComputeRouterNat(
                self,
                "nat",
                name=names.nat,
                project=platform.project_id,
                region=platform.region,
                router=self.router.name,
                nat_ip_allocate_option="AUTO_ONLY",
                source_subnetwork_ip_ranges_to_nat="LIST_OF_SUBNETWORKS",
                subnetwork=[
                    ComputeRouterNatSubnetwork(
                        name=self.subnetwork.id, source_ip_ranges_to_nat=["ALL_IP_RANGES"]
                    )
                ],
                log_config=ComputeRouterNatLogConfig(enable=True, filter="ALL"),
            ),
        )
        # No location: a DNS server policy is global. Query logging records which
        # names the platform resolved, the trail an exfiltration review starts from.
        self.dns_policy = pin(
            self,
            DnsPolicy(
                self,
                "dns_policy",
                name=names.dns_policy,
                project=platform.project_id,
                enable_logging=True,
                networks=[DnsPolicyNetworks(network_url=self.vpc.id)],
                depends_on=[services.api("dns.googleapis.com")],
            ),
        )
