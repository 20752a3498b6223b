# METADATA
# title: The GKE cluster and its node pools run in the region
# description: >
#   The cluster is regional in the platform region, and every node location of the
#   cluster and of each node pool is a zone of that region.
# custom:
#   control_id: RES-06
#   severity: critical
#   layers: [platform]
#   scope: [google_container_cluster, google_container_node_pool]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: >
#     Set `location` of google_container_cluster and google_container_node_pool to the
#     region and list only its zones in `node_locations`.
package sluicegate

import rego.v1

_res_06_types := ["google_container_cluster", "google_container_node_pool"]

fail_res_06 contains finding(r, msg(["location '", loc, "' is not the region '", region, "'"])) if {
	some t in _res_06_types
	some r in resources_of(t)
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

fail_res_06 contains finding(r, msg(["node location '", z, "' is not a zone of '", region, "'"])) if {
	some t in _res_06_types
	some r in resources_of(t)
	some z in attr(r, ["node_locations"])
	not zone_in_region(z)
}

examined_res_06 contains seen(r) if {
	some t in ["google_container_cluster", "google_container_node_pool"]
	some r in resources_of(t)
}
