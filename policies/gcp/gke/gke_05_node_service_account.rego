# METADATA
# title: Nodes run as a dedicated, least-privilege service account
# description: >
#   Every node pool (and the cluster's default node config) names a service account, and
#   it is not the Compute Engine default service account, which holds Editor on the project.
# custom:
#   control_id: GKE-05
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["8.2"]
#     cis_gke: ["5.2.1"]
#   remediation: >
#     Create a service account with only logging, monitoring and Artifact Registry read
#     roles and set node_config.service_account to its email on every pool.
package sluicegate

import rego.v1

fail_gke_05 contains finding(r, "node_config.service_account is unset: nodes run as the Compute Engine default service account") if {
	some r in resources_of("google_container_node_pool")
	attr_or(r, ["node_config", "service_account"], "") in {"", "default"}
}

fail_gke_05 contains finding(r, msg(["nodes run as the Compute Engine default service account '", sa, "'"])) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
	sa := attr(r, ["node_config", "service_account"])
	endswith(sa, "-compute@developer.gserviceaccount.com")
}

examined_gke_05 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
