# METADATA
# title: The enforced perimeter's ingress rules come from access levels that exist
# description: >
#   Ingress rules admit the deployers and owners from the operators' access levels.
#   When the project is in the enforced perimeter, every access level those rules name
#   must be one the plan creates or one the spec declares as existing, every access
#   level the spec asks for must be created, and no rule may be without one; otherwise
#   the rule matches no request, or one from anywhere.
# custom:
#   control_id: DEP-06
#   severity: high
#   layers: [foundation]
#   scope: [google_access_context_manager_access_level, google_access_context_manager_service_perimeter_ingress_policy]
#   frameworks:
#     iso27001_2022: ["8.20", "5.15"]
#   remediation: >
#     Declare the operators' networks in operators.access_levels (created in stage 0) or
#     operators.existing_access_levels, and name them in every ingress rule's sources.
package sluicegate

import rego.v1

_dep_06_created := {attr(a, ["name"]) | some a in resources_of("google_access_context_manager_access_level")}

# Copied into a fresh set: `_dep_06_created | {...}` crashes rego-cpp 1.5 when every
# test runs in one query.
_dep_06_known := {a | some a in _dep_06_created} | {a | some a in object.get(params, "existing_access_levels", [])}

fail_dep_06 contains finding(r, msg(["ingress rule names access level ", a, ", which the plan does not create and the spec does not declare"])) if {
	count(enforced_perimeters) > 0
	some [_, r, rule] in perimeter_ingress_rules
	some a in ingress_levels(r, rule)
	not _dep_06_known[a]
}

fail_dep_06 contains finding(r, "ingress rule has no access level in its sources") if {
	count(enforced_perimeters) > 0
	some [_, r, rule] in perimeter_ingress_rules
	count(ingress_levels(r, rule)) == 0
}

fail_dep_06 contains missing("foundation", a, msg(["the perimeter is enforced but access level ", a, " the spec declares is not created"])) if {
	count(enforced_perimeters) > 0
	some a in object.get(params, "access_levels", [])
	not _dep_06_created[a]
}

examined_dep_06 contains seen(r) if {
	count(enforced_perimeters) > 0
	some [_, r, _] in perimeter_ingress_rules
}

examined_dep_06 contains looked_for("foundation", a) if {
	count(enforced_perimeters) > 0
	some a in object.get(params, "access_levels", [])
}
