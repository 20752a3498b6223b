package sluicegate_test.res_11

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_subnet_router_and_zonal_disk_in_region if {
	d := fx.tf([
		["google_compute_subnetwork", "nodes", {"region": "australia-southeast1"}],
		["google_compute_router", "router", {"region": "australia-southeast1"}],
		["google_compute_disk", "scratch", {"zone": "australia-southeast1-b"}],
	])
	count(sluicegate.fail_res_11) == 0 with data.sluicegate.doc as d
}

test_fail_subnet_in_other_region if {
	d := fx.tf([["google_compute_subnetwork", "nodes", {"region": "us-west1"}]])
	fx.addresses(sluicegate.fail_res_11) == {"google_compute_subnetwork.nodes"} with data.sluicegate.doc as d
}

test_fail_location_given_as_reference if {
	d := fx.tf([["google_compute_router", "router", {"region": "${var.region}"}]])
	count(sluicegate.fail_res_11) == 1 with data.sluicegate.doc as d
}

test_fail_global_location if {
	d := fx.pulumi([["gcp:vertex/aiFeatureStore:AiFeatureStore", "fs", {"region": "global"}]])
	count(sluicegate.fail_res_11) == 1 with data.sluicegate.doc as d
}
