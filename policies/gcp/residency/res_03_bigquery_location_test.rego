package sluicegate_test.res_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_dataset_in_region if {
	d := fx.tf([["google_bigquery_dataset", "features", {"location": "australia-southeast1"}]])
	count(sluicegate.fail_res_03) == 0 with data.sluicegate.doc as d
}

test_fail_dataset_without_location if {
	d := fx.pulumi([["gcp:bigquery/dataset:Dataset", "features", {"datasetId": "features"}]])
	count(sluicegate.fail_res_03) == 1 with data.sluicegate.doc as d
}
