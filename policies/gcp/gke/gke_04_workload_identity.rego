# METADATA
# title: Workloads get Google credentials only through Workload Identity
# description: >
#   The cluster's Workload Identity pool is the project's (PROJECT.svc.id.goog), and no
#   node pool exposes the node's own credentials through the GCE metadata server: a pod
#   can act only as the Google service account its Kubernetes service account is bound to.
# custom:
#   control_id: GKE-04
#   severity: critical
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)", "164.312(d)"]
#     iso27001_2022: ["8.2", "8.9"]
#     cis_gke: ["5.2.2", "5.4.1"]
#   remediation: >
#     Set workload_identity_config.workload_pool = "PROJECT.svc.id.goog" and
#     node_config.workload_metadata_config.mode = "GKE_METADATA" on every pool.
package sluicegate

import rego.v1

fail_gke_04 contains finding(r, msg(["workload_identity_config.workload_pool is '", v, "', not '", params.workload_pool, "'"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["workload_identity_config", "workload_pool"], "(unset)")
	v != params.workload_pool
}

fail_gke_04 contains finding(r, msg(["workload_metadata_config.mode is '", mode, "': pods can read the node's credentials"])) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
	mode := attr(r, ["node_config", "workload_metadata_config", "mode"])
	mode != "GKE_METADATA"
}

examined_gke_04 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
