# METADATA
# title: Binary Authorization is enforced
# description: >
#   The cluster enforces the project's Binary Authorization policy
#   (evaluation_mode = PROJECT_SINGLETON_POLICY_ENFORCE), so only images that policy admits run.
# custom:
#   control_id: GKE-09
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     iso27001_2022: ["8.19", "8.32"]
#     cis_gke: ["5.1.4"]
#   remediation: Set binary_authorization.evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE".
package sluicegate

import rego.v1

fail_gke_09 contains finding(r, msg(["binary_authorization.evaluation_mode is '", v, "'"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["binary_authorization", "evaluation_mode"], "DISABLED")
	v != "PROJECT_SINGLETON_POLICY_ENFORCE"
}

examined_gke_09 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
