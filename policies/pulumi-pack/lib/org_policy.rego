# Organization policies (Org Policy v2 `google_org_policy_policy`, and the legacy
# `google_organization_policy` / `google_project_organization_policy`), by constraint.
package sluicegate

import rego.v1

# org_policies(c): the v2 policies that set constraint c, on whatever node.
org_policies(c) := [r |
	some r in resources_of("google_org_policy_policy")
	endswith(attr_or(r, ["name"], ""), concat("", ["/policies/", c]))
]

# The rules of a v2 policy's spec, as a list.
org_policy_rules(r) := items(attr_or(r, ["spec", "rules"], []))

# A boolean constraint is enforced when every rule of some policy for it says so.
# Org Policy v2 takes the strings "TRUE"/"FALSE"; booleans are accepted too.
org_policy_enforced(c) if {
	some r in org_policies(c)
	rules := org_policy_rules(r)
	count(rules) > 0
	every rule in rules {
		_true(field_or(r, rule, "enforce", "FALSE"))
	}
}

# A list constraint denies everything (deny_all = "TRUE").
org_policy_denies_all(c) if {
	some r in org_policies(c)
	some rule in org_policy_rules(r)
	_true(field_or(r, rule, "deny_all", "FALSE"))
}

_true(v) if v == "TRUE"

_true(v) if v == true
