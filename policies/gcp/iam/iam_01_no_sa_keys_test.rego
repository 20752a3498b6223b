package sluicegate_test.iam_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

no_keys := ["google_org_policy_policy", "keys", {"name": "projects/p/policies/iam.disableServiceAccountKeyCreation", "spec": {"rules": [{"enforce": "TRUE"}]}}]

test_pass_policy_and_no_keys if {
	count(sluicegate.fail_iam_01) == 0 with data.sluicegate.doc as fx.tf([no_keys])
}

test_fail_key_in_platform_layer if {
	d := fx.both(fx.tf([no_keys]), fx.pulumi([["gcp:serviceaccount/key:Key", "ci", {"serviceAccountId": "sa"}]]))
	fx.addresses(sluicegate.fail_iam_01) == {fx.urn("gcp:serviceaccount/key:Key", "ci")} with data.sluicegate.doc as d
}

test_fail_policy_not_enforced if {
	d := fx.tf([["google_org_policy_policy", "keys", {"name": "projects/p/policies/iam.disableServiceAccountKeyCreation", "spec": {"rules": [{"enforce": "FALSE"}]}}]])
	count(sluicegate.fail_iam_01) == 1 with data.sluicegate.doc as d
}
