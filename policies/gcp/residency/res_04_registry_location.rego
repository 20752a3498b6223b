# METADATA
# title: Artifact Registry repositories are regional, in the region
# description: >
#   Every Artifact Registry repository (the platform's images and its upstream mirrors)
#   lives in the platform region, not in a multi-region such as asia, us or europe, so
#   images built from or holding PII never leave it.
# custom:
#   control_id: RES-04
#   severity: high
#   layers: [platform]
#   scope: [google_artifact_registry_repository]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: Set `location` on google_artifact_registry_repository to the platform region.
package sluicegate

import rego.v1

fail_res_04 contains finding(r, msg(["repository location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_artifact_registry_repository")
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

examined_res_04 contains seen(r) if {
	some r in resources_of("google_artifact_registry_repository")
}
