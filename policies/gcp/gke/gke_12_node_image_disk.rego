# METADATA
# title: Nodes run Container-Optimized OS on CMEK-encrypted disks
# description: >
#   Every node pool uses a Container-Optimized OS image (containerd) and encrypts its
#   boot disk with a customer-managed key; ENC-01 checks that the key is in the region.
# custom:
#   control_id: GKE-12
#   severity: medium
#   layers: [platform]
#   scope: [google_container_node_pool]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.9", "8.24"]
#     cis_gke: ["5.5.1", "5.9.1"]
#   remediation: >
#     Set node_config.image_type = "COS_CONTAINERD" and node_config.boot_disk_kms_key to
#     the foundation's disks key.
package sluicegate

import rego.v1

fail_gke_12 contains finding(r, msg(["image_type '", v, "' is not Container-Optimized OS"])) if {
	some r in resources_of("google_container_node_pool")
	v := attr(r, ["node_config", "image_type"])
	not startswith(upper(v), "COS")
}

fail_gke_12 contains finding(r, "node_config.boot_disk_kms_key is unset: boot disks use Google-managed keys") if {
	some r in resources_of("google_container_node_pool")
	attr_or(r, ["node_config", "boot_disk_kms_key"], "") == ""
}

examined_gke_12 contains seen(r) if {
	some r in resources_of("google_container_node_pool")
}
