# METADATA
# title: Buckets stay in the region
# description: >
#   Every Cloud Storage bucket (team DVC remotes, pipeline roots, the Terraform state
#   bucket) is a single-region bucket in the platform's region, and any custom
#   dual-region placement lists only that region.
# custom:
#   control_id: RES-02
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_storage_bucket]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: >
#     Set `location` to the platform region (for example AUSTRALIA-SOUTHEAST1); never a
#     multi-region (ASIA, US, EU) or a predefined dual-region; drop custom_placement_config.
package sluicegate

import rego.v1

fail_res_02 contains finding(r, msg(["bucket location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_storage_bucket")
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

fail_res_02 contains finding(r, msg(["custom placement puts data in '", loc, "', outside '", region, "'"])) if {
	some r in resources_of("google_storage_bucket")
	some loc in attr(r, ["custom_placement_config", "data_locations"])
	not in_region(loc)
}

examined_res_02 contains seen(r) if {
	some r in resources_of("google_storage_bucket")
}
