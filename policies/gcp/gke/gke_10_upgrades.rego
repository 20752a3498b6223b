# METADATA
# title: The cluster and its nodes are kept patched
# description: >
#   The cluster follows a release channel, and no node pool turns off auto-upgrade or
#   auto-repair, so security patches reach the control plane and the nodes.
# custom:
#   control_id: GKE-10
#   severity: medium
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     iso27001_2022: ["8.8", "8.9"]
#     cis_gke: ["5.5.2", "5.5.3", "5.5.4"]
#   remediation: >
#     Set release_channel.channel to RAPID, REGULAR or STABLE and management
#     { auto_upgrade = true, auto_repair = true } on every pool.
package sluicegate

import rego.v1

fail_gke_10 contains finding(r, msg(["release_channel.channel is '", v, "'"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["release_channel", "channel"], "UNSPECIFIED")
	not v in {"RAPID", "REGULAR", "STABLE", "EXTENDED"}
}

fail_gke_10 contains finding(r, msg(["management.", k, " is false"])) if {
	some r in resources_of("google_container_node_pool")
	some k in ["auto_upgrade", "auto_repair"]
	attr(r, ["management", k]) == false
}

examined_gke_10 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
