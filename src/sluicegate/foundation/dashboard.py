"""The dashboard's internal load balancer's way to the Istio ingress gateway on the nodes.

The internal Application Load Balancer (the platform's ``Dashboard``) sends requests
from its Envoy proxies in the proxy-only subnet straight to the gateway pods
(container-native load balancing), and probes their health from Google's
health-check ranges. Ingress is denied unless a rule allows it, so two INGRESS
rules open exactly that, to the nodes' service account: the proxies to the
gateway's HTTP target port, the probes to its status port. A firewall rule has no
location: it is a global resource of the VPC.
"""

from __future__ import annotations

from cdktn_provider_google.compute_firewall import (
    ComputeFirewall,
    ComputeFirewallAllow,
    ComputeFirewallLogConfig,
)
from constructs import Construct

from sluicegate.foundation.address import pin
from sluicegate.foundation.egress import ALLOW_PRIORITY
from sluicegate.foundation.network import Network
from sluicegate.gitops.login import HTTP_TARGET_PORT, STATUS_TARGET_PORT
from sluicegate.names import Names
from sluicegate.spec.model import Platform

# Where Google Cloud health checks come from for Application Load Balancers
# (cloud.google.com/load-balancing/docs/health-check-concepts, "Probe IP ranges").
HEALTH_CHECK_RANGES = ("35.191.0.0/16", "130.211.0.0/22")


class DashboardIngress(Construct):
    """tcp:8080 from the proxy-only subnet and tcp:15021 from health checks, to the nodes."""

    def __init__(self, scope: Construct, id_: str, platform: Platform, network: Network) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        nodes = [names.service_account_email(names.node_service_account)]

        def rule(construct_id: str, purpose: str, description: str, sources: list[str], port: int):
            return pin(
                self,
                ComputeFirewall(
                    self,
                    construct_id,
                    name=names.firewall(purpose),
                    description=description,
                    project=platform.project_id,
                    network=network.vpc.id,
                    direction="INGRESS",
                    priority=ALLOW_PRIORITY,
                    source_ranges=sources,
                    target_service_accounts=nodes,
                    allow=[ComputeFirewallAllow(protocol="tcp", ports=[str(port)])],
                    log_config=ComputeFirewallLogConfig(metadata="INCLUDE_ALL_METADATA"),
                ),
            )

        self.proxies = rule(
            "allow_proxies",
            "allow-ingress-dashboard-proxies",
            "the dashboard's internal load balancer to the Istio ingress gateway",
            [platform.network.proxy_only_cidr],
            HTTP_TARGET_PORT,
        )
        self.health_checks = rule(
            "allow_health_checks",
            "allow-ingress-dashboard-health-checks",
            "health checks of the dashboard's load balancer to the gateway's status port",
            list(HEALTH_CHECK_RANGES),
            STATUS_TARGET_PORT,
        )
