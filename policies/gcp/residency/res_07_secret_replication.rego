# METADATA
# title: Secrets are replicated only in the region
# description: >
#   Every Secret Manager secret uses user-managed replication whose replicas are all
#   in the platform region (or is a regional secret there); automatic replication
#   copies the secret to any region.
# custom:
#   control_id: RES-07
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_secret_manager_secret, google_secret_manager_regional_secret]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.34"]
#   remediation: >
#     Use replication.user_managed.replicas with location = the region, or
#     google_secret_manager_regional_secret in the region.
package sluicegate

import rego.v1

fail_res_07 contains finding(r, "automatic replication copies the secret outside the region") if {
	some r in resources_of("google_secret_manager_secret")
	not attr(r, ["replication", "user_managed"])
}

fail_res_07 contains finding(r, msg(["replica location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_secret_manager_secret")
	some replica in items(attr_or(r, ["replication", "user_managed", "replicas"], []))
	loc := field_or(r, replica, "location", "(unset)")
	not in_region(loc)
}

fail_res_07 contains finding(r, msg(["regional secret location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_secret_manager_regional_secret")
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

examined_res_07 contains seen(r) if {
	some t in ["google_secret_manager_secret", "google_secret_manager_regional_secret"]
	some r in resources_of(t)
}
