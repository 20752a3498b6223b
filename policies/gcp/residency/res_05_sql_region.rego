# METADATA
# title: Cloud SQL instances name the region and have no public IP
# description: >
#   Every Cloud SQL instance sets its region explicitly to the platform region (an
#   omitted region falls back to the provider's) and disables its public IPv4 address.
# custom:
#   control_id: RES-05
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_sql_database_instance]
#   frameworks:
#     app: [APP8]
#     hipaa: ["164.312(a)(1)"]
#   remediation: >
#     Set `region` to the platform region and settings.ip_configuration.ipv4_enabled = false.
package sluicegate

import rego.v1

fail_res_05 contains finding(r, msg(["instance region '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_sql_database_instance")
	loc := attr_or(r, ["region"], "(unset)")
	not in_region(loc)
}

fail_res_05 contains finding(r, "instance has a public IPv4 address (ip_configuration.ipv4_enabled is not false)") if {
	some r in resources_of("google_sql_database_instance")
	attr_or(r, ["settings", "ip_configuration", "ipv4_enabled"], true) != false
}

examined_res_05 contains seen(r) if {
	some r in resources_of("google_sql_database_instance")
}
