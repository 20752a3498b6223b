# METADATA
# title: Nodes are shielded, with secure boot
# description: >
#   The cluster does not turn shielded nodes off, and every node pool enables secure boot
#   by value (the provider's default is off) and keeps integrity monitoring on, so a
#   tampered boot chain cannot join the cluster unnoticed.
# custom:
#   control_id: GKE-06
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     hipaa: ["164.312(c)(1)"]
#     iso27001_2022: ["8.9"]
#     cis_gke: ["5.5.5", "5.5.6", "5.5.7"]
#   remediation: >
#     Keep enable_shielded_nodes = true and set
#     node_config.shielded_instance_config { enable_secure_boot = true,
#     enable_integrity_monitoring = true } on every pool.
package sluicegate

import rego.v1

fail_gke_06 contains finding(r, "enable_shielded_nodes is false") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["enable_shielded_nodes"]) == false
}

fail_gke_06 contains finding(r, "shielded_instance_config.enable_secure_boot is not true") if {
	some r in resources_of("google_container_node_pool")
	attr_or(r, ["node_config", "shielded_instance_config", "enable_secure_boot"], false) != true
}

fail_gke_06 contains finding(r, "shielded_instance_config.enable_integrity_monitoring is false") if {
	some r in resources_of("google_container_node_pool")
	attr(r, ["node_config", "shielded_instance_config", "enable_integrity_monitoring"]) == false
}

examined_gke_06 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
