# METADATA
# title: Legacy authentication and authorization are off
# description: >
#   The cluster uses neither legacy ABAC nor client certificates, does not enable alpha
#   features, and no node serves the kubelet's unauthenticated read-only port.
# custom:
#   control_id: GKE-11
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     hipaa: ["164.312(d)"]
#     iso27001_2022: ["8.5", "8.9"]
#     cis_gke: ["5.8.1", "5.8.3", "5.10.2"]
#   remediation: >
#     Set enable_legacy_abac = false, master_auth.client_certificate_config
#     .issue_client_certificate = false, enable_kubernetes_alpha = false and
#     insecure_kubelet_readonly_port_enabled = "FALSE".
package sluicegate

import rego.v1

fail_gke_11 contains finding(r, msg([concat(".", path), " is true"])) if {
	some r in resources_of("google_container_cluster")
	some path in [
		["enable_legacy_abac"],
		["enable_kubernetes_alpha"],
		["master_auth", "client_certificate_config", "issue_client_certificate"],
	]
	attr(r, path) == true
}

fail_gke_11 contains finding(r, "the kubelet's read-only port is enabled") if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
	attr(r, ["node_config", "kubelet_config", "insecure_kubelet_readonly_port_enabled"]) == "TRUE"
}

examined_gke_11 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
