package sluicegate_test.res_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

policy(rules, inherit) := fx.tf([["google_org_policy_policy", "locations", {
	"name": "projects/acme-ml-platform/policies/gcp.resourceLocations",
	"parent": "projects/acme-ml-platform",
	"spec": {"rules": rules, "inherit_from_parent": inherit},
}]])

test_pass_region_value_group_only if {
	d := policy([{"values": {"allowed_values": ["in:australia-southeast1-locations"]}}], false)
	count(sluicegate.fail_res_01) == 0 with data.sluicegate.doc as d
}

test_fail_no_policy if {
	d := fx.tf([["google_storage_bucket", "b", {"location": "AUSTRALIA-SOUTHEAST1"}]])
	fx.addresses(sluicegate.fail_res_01) == {"google_org_policy_policy"} with data.sluicegate.doc as d
}

test_fail_country_group_allows_melbourne if {
	d := policy([{"values": {"allowed_values": ["in:australia-locations"]}}], false)
	count(sluicegate.fail_res_01) == 1 with data.sluicegate.doc as d
}

test_fail_allow_all if {
	d := policy([{"allow_all": "TRUE"}], false)
	sluicegate.fail_res_01 with data.sluicegate.doc as d
	some f in sluicegate.fail_res_01 with data.sluicegate.doc as d
	contains(f.msg, "every location")
}

test_fail_inherits_from_parent if {
	d := policy([{"values": {"allowed_values": ["in:australia-southeast1-locations"]}}], true)
	count(sluicegate.fail_res_01) == 1 with data.sluicegate.doc as d
}
