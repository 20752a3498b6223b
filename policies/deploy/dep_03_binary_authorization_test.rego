package sluicegate_test.dep_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

api := ["google_project_service", "binauthz", {"service": "binaryauthorization.googleapis.com"}]

binauthz_policy(mode) := ["google_binary_authorization_policy", "policy", {"default_admission_rule": {"evaluation_mode": mode, "enforcement_mode": "ENFORCED_BLOCK_AND_AUDIT_LOG"}}]

test_pass_api_and_a_denying_policy if {
	d := fx.both(fx.tf([api, binauthz_policy("ALWAYS_DENY")]), fx.cluster([]))
	count(sluicegate.fail_dep_03) == 0 with data.sluicegate.doc as d
}

test_fail_no_api_no_policy if {
	d := fx.cluster([])
	msgs := {f.msg | some f in sluicegate.fail_dep_03} with data.sluicegate.doc as d
	count(msgs) == 2
	some m in msgs
	contains(m, "binaryauthorization.googleapis.com is not enabled")
}

test_fail_allow_all_policy if {
	d := fx.both(fx.tf([api, binauthz_policy("ALWAYS_ALLOW")]), fx.cluster([]))
	fx.addresses(sluicegate.fail_dep_03) == {"google_binary_authorization_policy.policy"} with data.sluicegate.doc as d
}

test_pass_cluster_not_enforcing if {
	d := fx.cluster([{"op": "replace", "path": "/binaryAuthorization/evaluationMode", "value": "DISABLED"}])
	count(sluicegate.fail_dep_03) == 0 with data.sluicegate.doc as d
}
