package sluicegate_test.log_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

bucket(loc) := ["google_logging_project_bucket_config", "logs", {"bucket_id": "sg-logs", "location": loc}]

sink(dest) := ["google_logging_project_sink", "default", {"destination": dest}]

test_pass_bucket_and_sink_in_region if {
	d := fx.tf([bucket("australia-southeast1"), sink("logging.googleapis.com/projects/p/locations/australia-southeast1/buckets/sg-logs")])
	count(sluicegate.fail_log_01) == 0 with data.sluicegate.doc as d
}

test_fail_bucket_left_global if {
	d := fx.tf([bucket("global")])
	fx.addresses(sluicegate.fail_log_01) == {"google_logging_project_bucket_config.logs", "google_logging_project_bucket_config"} with data.sluicegate.doc as d
}

test_fail_sink_to_a_bucket_in_another_region if {
	d := fx.tf([bucket("australia-southeast1"), sink("storage.googleapis.com/some-us-bucket")])
	fx.addresses(sluicegate.fail_log_01) == {"google_logging_project_sink.default"} with data.sluicegate.doc as d
}

# A billing account's sink routes logs as a project's does.
test_fail_billing_account_sink_out_of_region if {
	d := fx.tf([bucket("australia-southeast1"), ["google_logging_billing_account_sink", "billing", {"destination": "storage.googleapis.com/some-us-bucket"}]])
	fx.addresses(sluicegate.fail_log_01) == {"google_logging_billing_account_sink.billing"} with data.sluicegate.doc as d
}
