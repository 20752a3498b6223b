# The VPC Service Controls perimeter as the deployability controls (policies/deploy) see
# it: which perimeters are enforced (hold a project in `status`) and the ingress rules
# that let callers into them, whether written as stage-2 resources
# (google_access_context_manager_service_perimeter_ingress_policy) or inline in `status`.
package sluicegate

import rego.v1

perimeter_ingress_resources := resources_of("google_access_context_manager_service_perimeter_ingress_policy")

perimeter_resource_links := resources_of("google_access_context_manager_service_perimeter_resource")

# enforced_perimeters[name]: the resource that puts a project into the perimeter's status
# (a stage-2 perimeter resource, or the perimeter itself when its status lists projects).
enforced_perimeters := object.union(
	{attr(r, ["name"]): r |
		some r in resources_of("google_access_context_manager_service_perimeter")
		count(attr_or(r, ["status", "resources"], [])) > 0
	},
	{attr(r, ["perimeter_name"]): r | some r in perimeter_resource_links},
)

# perimeter_ingress_rules: [perimeter name, resource, rule] for every enforced rule,
# `rule` being the block holding ingress_from and ingress_to.
perimeter_ingress_rules := array.concat(
	[[attr(r, ["perimeter"]), r, unwrap(r.values)] | some r in perimeter_ingress_resources],
	[[attr(r, ["name"]), r, rule] |
		some r in resources_of("google_access_context_manager_service_perimeter")
		some rule in items(attr_or(r, ["status", "ingress_policies"], []))
	],
)

# ingress_identities(rule, r), ingress_services(rule, r), ingress_levels(rule, r).
ingress_identities(r, rule) := {m | some m in field_or(r, field_or(r, rule, "ingress_from", {}), "identities", [])}

ingress_services(r, rule) := {s |
	some op in items(field_or(r, field_or(r, rule, "ingress_to", {}), "operations", []))
	s := field(r, op, "service_name")
}

ingress_levels(r, rule) := {a |
	some src in items(field_or(r, field_or(r, rule, "ingress_from", {}), "sources", []))
	a := field(r, src, "access_level")
}

# admitted contains [perimeter name, service, member]: who each enforced rule lets in, to
# what. A set, not a function of the perimeter: rego-cpp 1.5 crashed when several rules
# called such a function under the tests' `with` replacements.
admitted contains [n, s, m] if {
	some [n, r, rule] in perimeter_ingress_rules
	some s in ingress_services(r, rule)
	some m in ingress_identities(r, rule)
}

# Perimeters with at least one ingress rule.
perimeters_with_ingress := {n | some [n, _, _] in perimeter_ingress_rules}
