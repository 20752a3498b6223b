# METADATA
# title: Logs are stored in the region
# description: >
#   Log payloads can hold personal data. Every log bucket the platform creates is in the
#   platform region, every log sink writes to a log bucket in that region, and
#   organization log settings (where set) store new projects' logs there. At least one
#   log bucket in the region must exist to receive the project's logs.
# custom:
#   control_id: LOG-01
#   severity: high
#   layers: [foundation]
#   scope: [google_logging_project_bucket_config, google_logging_project_sink]
#   frameworks:
#     app: [APP8]
#     hipaa: ["164.312(b)"]
#     iso27001_2022: ["8.15"]
#   remediation: >
#     Create google_logging_project_bucket_config with location = the region, route the
#     project's logs to it with a sink, and set storage_location in
#     google_logging_organization_settings / folder settings when there is an organization.
package sluicegate

import rego.v1

fail_log_01 contains finding(r, msg(["log bucket location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_logging_project_bucket_config")
	loc := attr_or(r, ["location"], "global")
	not in_region(loc)
}

fail_log_01 contains finding(r, msg(["sink writes to '", dest, "', not to a log bucket in '", region, "'"])) if {
	some t in ["google_logging_project_sink", "google_logging_folder_sink", "google_logging_organization_sink", "google_logging_billing_account_sink"]
	some r in resources_of(t)
	dest := attr_or(r, ["destination"], "(unset)")
	not _log_01_regional_bucket(dest)
}

fail_log_01 contains finding(r, msg(["organization log storage location '", loc, "' is not the region '", region, "'"])) if {
	some t in ["google_logging_organization_settings", "google_logging_folder_settings"]
	some r in resources_of(t)
	loc := attr_or(r, ["storage_location"], "global")
	not in_region(loc)
}

fail_log_01 contains missing("foundation", "google_logging_project_bucket_config", msg(["no log bucket in '", region, "' receives the project's logs"])) if {
	shared_resources_here
	count([r |
		some r in resources_of("google_logging_project_bucket_config")
		in_region(attr_or(r, ["location"], "global"))
	]) == 0
}

_log_01_regional_bucket(dest) if {
	startswith(dest, "logging.googleapis.com/")
	in_region(id_location(dest))
}

examined_log_01 contains seen(r) if {
	some t in ["google_logging_project_bucket_config", "google_logging_project_sink", "google_logging_folder_sink", "google_logging_organization_sink", "google_logging_billing_account_sink", "google_logging_organization_settings", "google_logging_folder_settings"]
	some r in resources_of(t)
}

examined_log_01 contains looked_for("foundation", "google_logging_project_bucket_config") if shared_resources_here
