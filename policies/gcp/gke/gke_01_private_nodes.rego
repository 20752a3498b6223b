# METADATA
# title: Nodes have no public IP
# description: >
#   The cluster's private_cluster_config.enable_private_nodes is true by value (a present
#   block with the flag false or missing fails), and no node pool turns private nodes
#   off in its network_config.
# custom:
#   control_id: GKE-01
#   severity: critical
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     iso27001_2022: ["8.20", "8.22"]
#     cis_gke: ["5.6.5"]
#   remediation: >
#     Set private_cluster_config.enable_private_nodes = true; remove
#     network_config.enable_private_nodes = false from node pools.
package sluicegate

import rego.v1

fail_gke_01 contains finding(r, msg(["private_cluster_config.enable_private_nodes is ", v, ", not true"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["private_cluster_config", "enable_private_nodes"], "unset")
	v != true
}

fail_gke_01 contains finding(r, "network_config.enable_private_nodes = false gives the pool's nodes public IPs") if {
	some r in resources_of("google_container_node_pool")
	attr(r, ["network_config", "enable_private_nodes"]) == false
}

examined_gke_01 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
