# METADATA
# title: The control plane has no public endpoint
# description: >
#   The cluster's API server is reachable only inside the VPC: enable_private_endpoint is
#   true by value (or the IP endpoints are disabled in favour of the DNS endpoint), and
#   the DNS endpoint does not accept traffic from outside Google Cloud's network.
# custom:
#   control_id: GKE-02
#   severity: critical
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     iso27001_2022: ["8.20", "8.22"]
#     cis_gke: ["5.6.4"]
#   remediation: >
#     Set private_cluster_config.enable_private_endpoint = true and
#     control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic = false.
package sluicegate

import rego.v1

fail_gke_02 contains finding(r, msg(["private_cluster_config.enable_private_endpoint is ", v, ": the API server has a public endpoint"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["private_cluster_config", "enable_private_endpoint"], "unset")
	v != true
	attr_or(r, ["control_plane_endpoints_config", "ip_endpoints_config", "enabled"], true) != false
}

fail_gke_02 contains finding(r, "the DNS endpoint accepts traffic from outside Google Cloud") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["control_plane_endpoints_config", "dns_endpoint_config", "allow_external_traffic"]) == true
}
