package sluicegate_test.sto_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_uniform_access if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"uniformBucketLevelAccess": true}]])
	count(sluicegate.fail_sto_01) == 0 with data.sluicegate.doc as d
}

test_fail_fine_grained_acls if {
	d := fx.tf([["google_storage_bucket", "state", {"uniform_bucket_level_access": false}]])
	fx.addresses(sluicegate.fail_sto_01) == {"google_storage_bucket.state"} with data.sluicegate.doc as d
}
