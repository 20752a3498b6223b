package sluicegate_test.gke_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_private_cluster_and_pool if {
	count(sluicegate.fail_gke_01) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), fx.pool([]))
}

test_fail_block_present_but_flag_false if {
	d := fx.cluster([{"op": "add", "path": "/privateClusterConfig/enablePrivateNodes", "value": false}])
	fx.addresses(sluicegate.fail_gke_01) == {fx.cluster_urn} with data.sluicegate.doc as d
}

test_fail_pool_opts_out if {
	d := fx.pool([{"op": "add", "path": "/networkConfig", "value": {"enablePrivateNodes": false}}])
	fx.addresses(sluicegate.fail_gke_01) == {fx.pool_urn} with data.sluicegate.doc as d
}
