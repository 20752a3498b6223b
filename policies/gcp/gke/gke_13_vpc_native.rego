# METADATA
# title: The cluster is VPC-native
# description: >
#   Pods take addresses from the subnet's secondary ranges (ip_allocation_policy), so
#   firewall rules, flow logs and the restricted VIP routing see pod traffic by address;
#   a routes-based cluster hides it behind node addresses.
# custom:
#   control_id: GKE-13
#   severity: medium
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     iso27001_2022: ["8.20", "8.22"]
#     cis_gke: ["5.6.2"]
#   remediation: >
#     Set networking_mode = "VPC_NATIVE" and ip_allocation_policy with the subnet's pods
#     and services secondary ranges.
package sluicegate

import rego.v1

fail_gke_13 contains finding(r, "no ip_allocation_policy: the cluster is routes-based") if {
	some r in resources_of("google_container_cluster")
	not attr(r, ["ip_allocation_policy"])
}

fail_gke_13 contains finding(r, "networking_mode is ROUTES") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["networking_mode"]) == "ROUTES"
}

examined_gke_13 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
