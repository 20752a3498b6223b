# METADATA
# title: BigQuery datasets name the region
# description: >
#   Every BigQuery dataset sets its location explicitly to the platform region; an
#   omitted location defaults to the US multi-region.
# custom:
#   control_id: RES-03
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_bigquery_dataset]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: Set `location` on google_bigquery_dataset to the platform region.
package sluicegate

import rego.v1

fail_res_03 contains finding(r, msg(["dataset location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_bigquery_dataset")
	loc := attr_or(r, ["location"], "(unset: defaults to US)")
	not in_region(loc)
}

examined_res_03 contains seen(r) if {
	some r in resources_of("google_bigquery_dataset")
}
