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

fail_net_02 contains finding(r, "private_ip_google_access is not true") if {
	some r in resources_of("google_compute_subnetwork")
	attr_or(r, ["private_ip_google_access"], false) != true
}

fail_net_02 contains finding(r, "no log_config: VPC flow logs are off") if {
	some r in resources_of("google_compute_subnetwork")
	not attr(r, ["log_config"])
}
