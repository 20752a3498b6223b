# METADATA
# title: A VPC Service Controls perimeter holds the platform's data services
# description: >
#   When the spec enables VPC Service Controls, an enforced (not dry-run only) regular
#   perimeter restricts every service the platform stores data in, limits the VPC to
#   restricted services, and has no ingress or egress rule open to ANY_IDENTITY.
# custom:
#   control_id: NET-06
#   severity: high
#   layers: [foundation]
#   scope: [google_access_context_manager_service_perimeter]
#   frameworks:
#     app: [APP8, APP11.1]
#     hipaa: ["164.312(e)(1)"]
#     iso27001_2022: ["8.12"]
#   remediation: >
#     Put the services in status.restricted_services of
#     google_access_context_manager_service_perimeter, set vpc_accessible_services with
#     enable_restriction = true, and name identities in ingress/egress rules.
package sluicegate

import rego.v1

_net_06_perimeters := resources_of("google_access_context_manager_service_perimeter")

fail_net_06 contains missing("foundation", "google_access_context_manager_service_perimeter", "vpc_sc is set in the spec but there is no service perimeter") if {
	shared_resources_here
	params.vpc_sc
	count(_net_06_perimeters) == 0
}

fail_net_06 contains finding(r, "only a dry-run spec: the perimeter enforces nothing") if {
	some r in _net_06_perimeters
	not attr(r, ["status"])
}

fail_net_06 contains finding(r, msg(["perimeter type '", t, "' is not PERIMETER_TYPE_REGULAR"])) if {
	some r in _net_06_perimeters
	t := attr_or(r, ["perimeter_type"], "PERIMETER_TYPE_REGULAR")
	t != "PERIMETER_TYPE_REGULAR"
}

fail_net_06 contains finding(r, msg([s, " is not a restricted service"])) if {
	some r in _net_06_perimeters
	attr(r, ["status"])
	restricted := {x | some x in attr_or(r, ["status", "restricted_services"], [])}
	some s in params.restricted_services
	not restricted[s]
}

fail_net_06 contains finding(r, "vpc_accessible_services.enable_restriction is not true: the VPC can call any service") if {
	some r in _net_06_perimeters
	attr(r, ["status"])
	attr_or(r, ["status", "vpc_accessible_services", "enable_restriction"], false) != true
}

fail_net_06 contains finding(r, msg([direction, " rule open to ANY_IDENTITY"])) if {
	some r in _net_06_perimeters
	some [direction, from_key] in [["ingress_policies", "ingress_from"], ["egress_policies", "egress_from"]]
	some policy in items(attr_or(r, ["status", direction], []))
	field(r, field(r, policy, from_key), "identity_type") == "ANY_IDENTITY"
}

examined_net_06 contains looked_for("foundation", "google_access_context_manager_service_perimeter") if {
	shared_resources_here
	params.vpc_sc
}

examined_net_06 contains seen(r) if {
	some r in _net_06_perimeters
}
