# METADATA
# title: GPU node pools are tainted for GPU workloads only
# description: >
#   Every node pool with accelerators carries the taint nvidia.com/gpu with effect
#   NO_SCHEDULE, so only pods that request GPUs (and tolerate it) land on the costly,
#   quota-governed GPU nodes, and ordinary pods cannot sit beside a team's GPU jobs.
# custom:
#   control_id: GKE-15
#   severity: medium
#   layers: [platform]
#   scope: [google_container_node_pool]
#   frameworks:
#     iso27001_2022: ["5.15", "8.22"]
#   remediation: >
#     Add node_config.taint { key = "nvidia.com/gpu", value = "present",
#     effect = "NO_SCHEDULE" } to every GPU pool.
package sluicegate

import rego.v1

fail_gke_15 contains finding(r, "GPU pool without the nvidia.com/gpu NO_SCHEDULE taint") if {
	some r in resources_of("google_container_node_pool")
	count(items(attr_or(r, ["node_config", "guest_accelerator"], []))) > 0
	count([t |
		some t in items(attr_or(r, ["node_config", "taint"], []))
		field(r, t, "key") == "nvidia.com/gpu"
		field(r, t, "effect") == "NO_SCHEDULE"
	]) == 0
}

examined_gke_15 contains seen(r) if {
	some r in resources_of("google_container_node_pool")
}
