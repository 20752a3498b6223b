# METADATA
# title: Resource locations are limited to the region
# description: >
#   An organization policy on gcp.resourceLocations allows only the platform region's
#   value group (in:<region>-locations), does not inherit a wider list from its parent,
#   and is not allow-all. It stops anyone creating storage outside the region by hand.
# custom:
#   control_id: RES-01
#   severity: high
#   layers: [foundation]
#   scope: [google_org_policy_policy]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["5.23", "5.34"]
#   remediation: >
#     Set google_org_policy_policy ".../policies/gcp.resourceLocations" with
#     spec.rules.values.allowed_values = ["in:<region>-locations"] and
#     inherit_from_parent = false, at the folder or organization when there is one.
package sluicegate

import rego.v1

fail_res_01 contains missing("foundation", "google_org_policy_policy", "no organization policy sets gcp.resourceLocations") if {
	shared_resources_here
	count(org_policies("gcp.resourceLocations")) == 0
}

fail_res_01 contains finding(r, msg(["allowed location '", v, "' is not the region's value group '", _res_01_group, "'"])) if {
	some r in org_policies("gcp.resourceLocations")
	some rule in org_policy_rules(r)
	some v in items(field_or(r, field_or(r, rule, "values", {}), "allowed_values", []))
	not _res_01_allowed(v)
}

fail_res_01 contains finding(r, "a rule allows every location") if {
	some r in org_policies("gcp.resourceLocations")
	some rule in org_policy_rules(r)
	_true(field_or(r, rule, "allow_all", "FALSE"))
}

fail_res_01 contains finding(r, "the policy has no rule listing allowed locations") if {
	some r in org_policies("gcp.resourceLocations")
	count([v |
		some rule in org_policy_rules(r)
		some v in items(field_or(r, field_or(r, rule, "values", {}), "allowed_values", []))
	]) == 0
}

fail_res_01 contains finding(r, "inherit_from_parent lets a parent's wider list apply") if {
	some r in org_policies("gcp.resourceLocations")
	_true(attr_or(r, ["spec", "inherit_from_parent"], false))
}

_res_01_group := concat("", ["in:", region, "-locations"])

_res_01_allowed(v) if v == _res_01_group

_res_01_allowed(v) if location_ok(trim_prefix(v, "in:"))

examined_res_01 contains looked_for("foundation", "google_org_policy_policy") if shared_resources_here

examined_res_01 contains seen(r) if {
	some r in org_policies("gcp.resourceLocations")
}
