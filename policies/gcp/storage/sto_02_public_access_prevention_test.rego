package sluicegate_test.sto_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_enforced if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"publicAccessPrevention": "enforced"}]])
	count(sluicegate.fail_sto_02) == 0 with data.sluicegate.doc as d
}

test_fail_inherited if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"publicAccessPrevention": "inherited"}]])
	count(sluicegate.fail_sto_02) == 1 with data.sluicegate.doc as d
}
