"""The control plane's way to the admission webhooks that run on the nodes.

A private cluster's control plane reaches the nodes only on the ports GKE opens
itself (443 and 10250). Webhooks served on other ports (Kubeflow's PodDefaults on
4443, Katib and Gatekeeper on 8443, istiod's injector on 15017, ...) would time out,
and most fail closed. One INGRESS rule opens exactly the webhook target ports the
hydrated tree serves, from the control-plane range, to the nodes' service account.
The ports are derived from the manifests by the caller, never listed here; with none,
there is no rule. A firewall rule has no location: it is a global resource of the VPC.
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
from sluicegate.names import Names
from sluicegate.spec.model import Platform


class WebhookIngress(Construct):
    """tcp:``ports`` from the control plane to the nodes (none when ``ports`` is empty)."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        platform: Platform,
        network: Network,
        ports: tuple[int, ...],
    ) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        self.rule = (
            pin(
                self,
                ComputeFirewall(
                    self,
                    "allow_control_plane",
                    name=names.firewall("allow-ingress-webhooks"),
                    description="the GKE control plane to admission webhooks on the nodes",
                    project=platform.project_id,
                    network=network.vpc.id,
                    direction="INGRESS",
                    priority=ALLOW_PRIORITY,
                    source_ranges=[platform.network.control_plane_cidr],
                    target_service_accounts=[
                        names.service_account_email(names.node_service_account)
                    ],
                    allow=[
                        ComputeFirewallAllow(
                            protocol="tcp", ports=[str(p) for p in sorted(set(ports))]
                        )
                    ],
                    log_config=ComputeFirewallLogConfig(metadata="INCLUDE_ALL_METADATA"),
                ),
            )
            if ports
            else None
        )
