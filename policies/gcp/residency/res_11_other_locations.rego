# METADATA
# title: Every other location-bearing resource is in the region
# description: >
#   Any resource of either cloud layer that has a `location`, `region` or `zone`
#   attribute and no residency control of its own (subnets, routers, NAT, clusters'
#   satellites, future additions) names the platform region or one of its zones. A
#   location given as an unresolved reference fails: it cannot be shown to be in region.
# custom:
#   control_id: RES-11
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_compute_subnetwork, google_compute_router, google_compute_router_nat]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: >
#     Set the resource's location, region or zone to the platform region (or one of its
#     zones), as a literal value.
package sluicegate

import rego.v1

# Types whose location is checked by a control of its own (RES-02..08, ENC-01, LOG-01).
_res_11_own_control := {
	"google_storage_bucket",
	"google_bigquery_dataset",
	"google_artifact_registry_repository",
	"google_sql_database_instance",
	"google_container_cluster",
	"google_container_node_pool",
	"google_secret_manager_secret",
	"google_secret_manager_regional_secret",
	"google_pubsub_topic",
	"google_kms_key_ring",
	"google_logging_project_bucket_config",
}

fail_res_11 contains finding(r, msg([k, " '", v, "' is not in the region '", region, "'"])) if {
	some r in resources
	not _res_11_own_control[r.type]
	some k in ["location", "region", "zone"]
	v := attr(r, [k])
	is_string(v)
	not location_ok(v)
}

# Every resource with a location, region or zone that no other control checks.
examined_res_11 contains seen(r) if {
	some r in resources
	not _res_11_own_control[r.type]
	some k in ["location", "region", "zone"]
	is_string(attr(r, [k]))
}
