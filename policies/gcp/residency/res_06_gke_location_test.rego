package sluicegate_test.res_06

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_regional_cluster_and_pool if {
	d := fx.pulumi([
		["gcp:container/cluster:Cluster", "gke", {"location": "australia-southeast1"}],
		["gcp:container/nodePool:NodePool", "gpu", {"location": "australia-southeast1", "nodeLocations": ["australia-southeast1-a", "australia-southeast1-c"]}],
	])
	count(sluicegate.fail_res_06) == 0 with data.sluicegate.doc as d
}

test_fail_pool_zone_in_other_region if {
	d := fx.pulumi([["gcp:container/nodePool:NodePool", "gpu", {"location": "australia-southeast1", "nodeLocations": ["australia-southeast2-a"]}]])
	count(sluicegate.fail_res_06) == 1 with data.sluicegate.doc as d
}

test_fail_zonal_cluster_elsewhere if {
	d := fx.pulumi([["gcp:container/cluster:Cluster", "gke", {"location": "us-central1-a"}]])
	fx.addresses(sluicegate.fail_res_06) == {fx.urn("gcp:container/cluster:Cluster", "gke")} with data.sluicegate.doc as d
}
