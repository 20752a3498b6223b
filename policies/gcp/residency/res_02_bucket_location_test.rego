package sluicegate_test.res_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_bucket_in_region_either_case if {
	d := fx.both(
		fx.tf([["google_storage_bucket", "state", {"location": "AUSTRALIA-SOUTHEAST1"}]]),
		fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"location": "australia-southeast1"}]]),
	)
	count(sluicegate.fail_res_02) == 0 with data.sluicegate.doc as d
}

test_fail_terraform_bucket_in_multi_region if {
	d := fx.tf([["google_storage_bucket", "state", {"location": "US"}]])
	sluicegate.fail_res_02 with data.sluicegate.doc as d
	fx.addresses(sluicegate.fail_res_02) == {"google_storage_bucket.state"} with data.sluicegate.doc as d
}

test_fail_pulumi_bucket_in_other_region if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"location": "us-central1"}]])
	fx.addresses(sluicegate.fail_res_02) == {fx.urn("gcp:storage/bucket:Bucket", "onco")} with data.sluicegate.doc as d
}

test_fail_bucket_without_location if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {}]])
	count(sluicegate.fail_res_02) == 1 with data.sluicegate.doc as d
}

test_fail_dual_region_placement_outside_region if {
	d := fx.tf([["google_storage_bucket", "b", {
		"location": "AUSTRALIA-SOUTHEAST1",
		"custom_placement_config": [{"data_locations": ["AUSTRALIA-SOUTHEAST1", "AUSTRALIA-SOUTHEAST2"]}],
	}]])
	count(sluicegate.fail_res_02) == 1 with data.sluicegate.doc as d
}
