# METADATA
# title: NetworkPolicies are enforced
# description: >
#   The cluster enforces Kubernetes NetworkPolicy, with Dataplane V2
#   (datapath_provider = ADVANCED_DATAPATH) or the Calico add-on (network_policy.enabled),
#   so the teams' default-deny policies (K8S-02) take effect.
# custom:
#   control_id: GKE-08
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     app: [APP11.1]
#     iso27001_2022: ["8.22"]
#     cis_gke: ["5.6.7"]
#   remediation: Set datapath_provider = "ADVANCED_DATAPATH".
package sluicegate

import rego.v1

fail_gke_08 contains finding(r, "neither Dataplane V2 nor network_policy.enabled: NetworkPolicies are ignored") if {
	some r in resources_of("google_container_cluster")
	attr_or(r, ["datapath_provider"], "") != "ADVANCED_DATAPATH"
	attr_or(r, ["network_policy", "enabled"], false) != true
}

examined_gke_08 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
