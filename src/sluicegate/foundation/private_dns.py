"""Private DNS that sends Google API and registry names to the restricted VIP.

Without these zones, ``storage.googleapis.com`` or ``<region>-docker.pkg.dev``
resolve to public VIPs, which the egress firewall blocks and VPC Service Controls
does not cover. Each zone answers its apex with the restricted VIP's four
addresses and every other name with a CNAME to the apex. DNS zones and record sets
have no location: Cloud DNS is a global service.
"""

from __future__ import annotations

import ipaddress

from cdktn_provider_google.dns_managed_zone import (
    DnsManagedZone,
    DnsManagedZonePrivateVisibilityConfig,
    DnsManagedZonePrivateVisibilityConfigNetworks,
)
from cdktn_provider_google.dns_record_set import DnsRecordSet
from constructs import Construct

from sluicegate import catalogue
from sluicegate.foundation.address import pin
from sluicegate.foundation.egress import RESTRICTED_VIP
from sluicegate.foundation.network import Network
from sluicegate.foundation.services import Services
from sluicegate.names import Names
from sluicegate.spec.model import Platform

# googleapis.com, pkg.dev and gcr.io: catalogue/perimeter.yaml, the list NET-03 checks.
DOMAINS = catalogue.restricted_zones()
TTL_SECONDS = 300


def restricted_addresses() -> list[str]:
    """The four addresses of the restricted Google APIs VIP."""
    return [str(ip) for ip in ipaddress.ip_network(RESTRICTED_VIP)]


class PrivateDns(Construct):
    """A private zone per domain in ``DOMAINS``, visible only to the platform's VPC."""

    def __init__(
        self, scope: Construct, id_: str, platform: Platform, services: Services, network: Network
    ) -> None:
        super().__init__(scope, id_)
        names = Names.of(platform)
        dns_api = services.api("dns.googleapis.com")
        self.zones: dict[str, DnsManagedZone] = {}
        for domain in DOMAINS:
            local = domain.rstrip(".").replace(".", "_")
            zone = pin(
                self,
                DnsManagedZone(
                    self,
                    local,
                    name=names.dns_zone(domain),
                    project=platform.project_id,
                    dns_name=domain,
                    description=f"{domain} to the restricted Google APIs VIP",
                    visibility="private",
                    private_visibility_config=DnsManagedZonePrivateVisibilityConfig(
                        networks=[
                            DnsManagedZonePrivateVisibilityConfigNetworks(
                                network_url=network.vpc.id
                            )
                        ]
                    ),
                    depends_on=[dns_api],
                ),
            )
            self.zones[domain] = zone
            # googleapis.com answers with restricted.googleapis.com itself; the
            # registries answer at their apex with the same addresses.
            apex = "restricted.googleapis.com." if domain == "googleapis.com." else domain
            pin(
                self,
                DnsRecordSet(
                    self,
                    f"{local}_a",
                    project=platform.project_id,
                    managed_zone=zone.name,
                    name=apex,
                    type="A",
                    ttl=TTL_SECONDS,
                    rrdatas=restricted_addresses(),
                ),
            )
            pin(
                self,
                DnsRecordSet(
                    self,
                    f"{local}_cname",
                    project=platform.project_id,
                    managed_zone=zone.name,
                    name=f"*.{domain}",
                    type="CNAME",
                    ttl=TTL_SECONDS,
                    rrdatas=[apex],
                ),
            )
