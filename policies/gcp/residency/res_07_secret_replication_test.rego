package sluicegate_test.res_07

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_user_managed_in_region if {
	d := fx.pulumi([["gcp:secretmanager/secret:Secret", "s", {"replication": {"userManaged": {"replicas": [{"location": "australia-southeast1"}]}}}]])
	count(sluicegate.fail_res_07) == 0 with data.sluicegate.doc as d
}

test_fail_automatic_replication if {
	d := fx.tf([["google_secret_manager_secret", "s", {"replication": [{"auto": [{}]}]}]])
	count(sluicegate.fail_res_07) == 1 with data.sluicegate.doc as d
}

test_fail_replica_in_other_region if {
	d := fx.tf([["google_secret_manager_secret", "s", {"replication": {"user_managed": {"replicas": [
		{"location": "australia-southeast1"},
		{"location": "us-east1"},
	]}}}]])
	count(sluicegate.fail_res_07) == 1 with data.sluicegate.doc as d
}

test_pass_regional_secret_in_region if {
	d := fx.tf([["google_secret_manager_regional_secret", "dockerhub_secret", {"location": "australia-southeast1"}]])
	count(sluicegate.fail_res_07) == 0 with data.sluicegate.doc as d
}

test_fail_regional_secret_in_other_region if {
	d := fx.tf([["google_secret_manager_regional_secret", "dockerhub_secret", {"location": "us-central1"}]])
	count(sluicegate.fail_res_07) == 1 with data.sluicegate.doc as d
}
