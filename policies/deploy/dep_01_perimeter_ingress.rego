# METADATA
# title: The enforced perimeter lets every deployer in, and only after its rules exist
# description: >
#   A perimeter that holds the project in its enforced status refuses every call from
#   outside unless an ingress rule admits it. Each deployer identity the spec names
#   (the Terraform and Pulumi service accounts, CI) must be admitted by an ingress rule
#   of that perimeter, to every service the deployers call, and the project may go into
#   the perimeter only after those rules exist (the stage-2 perimeter resource depends
#   on every ingress rule). Otherwise the rest of the bring-up, the state migration and
#   every later apply are refused.
# custom:
#   control_id: DEP-01
#   severity: critical
#   layers: [foundation]
#   scope: [google_access_context_manager_service_perimeter_resource, google_access_context_manager_service_perimeter_ingress_policy, google_access_context_manager_service_perimeter]
#   frameworks:
#     iso27001_2022: ["8.32", "5.15"]
#   remediation: >
#     Add a google_access_context_manager_service_perimeter_ingress_policy for
#     operators.deployers (from the access levels, to the services they call) and make
#     google_access_context_manager_service_perimeter_resource depend on it; `sluicegate
#     plan` writes both in foundation/2-perimeter.
package sluicegate

import rego.v1

fail_dep_01 contains finding(r, "the project is in the enforced perimeter and no ingress rule lets anyone in: every deployer is locked out") if {
	some name, r in enforced_perimeters
	not perimeters_with_ingress[name]
}

fail_dep_01 contains finding(r, msg(["deployer ", d, " has no ingress rule to ", s, ": its calls from outside are refused"])) if {
	some name, r in enforced_perimeters
	perimeters_with_ingress[name]
	some d in object.get(params, "deployers", [])
	some s in object.get(params, "deployer_services", [])
	not admitted[[name, s, d]]
}

fail_dep_01 contains finding(link, msg(["the project enters the perimeter without waiting for ", ingress.address])) if {
	some link in perimeter_resource_links
	some ingress in perimeter_ingress_resources
	attr(ingress, ["perimeter"]) == attr(link, ["perimeter_name"])
	not ingress.address in object.get(link.values, "depends_on", [])
}

examined_dep_01 contains seen(r) if {
	some _, r in enforced_perimeters
}

examined_dep_01 contains seen(r) if {
	some r in perimeter_resource_links
}
