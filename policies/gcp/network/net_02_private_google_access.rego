# METADATA
# title: Subnets use Private Google Access and log their flows
# description: >
#   Every subnet reaches Google APIs without external IPs (private_ip_google_access) and
#   records VPC flow logs, so traffic leaving the nodes can be reviewed.
# custom:
#   control_id: NET-02
#   severity: medium
#   layers: [foundation]
#   scope: [google_compute_subnetwork]
#   frameworks:
#     iso27001_2022: ["8.20", "8.16"]
#   remediation: >
#     Set private_ip_google_access = true and a log_config block on google_compute_subnetwork.
package sluicegate

import rego.v1

# A proxy-only subnet (a load balancer's Envoy proxies) holds no VMs and takes
# neither setting: flow logging is not supported for REGIONAL_MANAGED_PROXY or
# GLOBAL_MANAGED_PROXY subnets (google provider, google_compute_subnetwork log_config).
_net_02_proxy_only(r) if attr(r, ["purpose"]) in {"REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY"}

fail_net_02 contains finding(r, "private_ip_google_access is not true") if {
	some r in resources_of("google_compute_subnetwork")
	not _net_02_proxy_only(r)
	attr_or(r, ["private_ip_google_access"], false) != true
}

fail_net_02 contains finding(r, "no log_config: VPC flow logs are off") if {
	some r in resources_of("google_compute_subnetwork")
	not _net_02_proxy_only(r)
	not attr(r, ["log_config"])
}

examined_net_02 contains seen(r) if {
	some r in resources_of("google_compute_subnetwork")
	not _net_02_proxy_only(r)
}
