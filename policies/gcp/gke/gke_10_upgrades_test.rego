package sluicegate_test.gke_10

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_channel_and_auto_upgrade if {
	count(sluicegate.fail_gke_10) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), fx.pool([]))
}

test_fail_no_channel_and_manual_pool if {
	d := fx.both(fx.cluster([{"op": "remove", "path": "/releaseChannel"}]), fx.pool([{"op": "add", "path": "/management/autoUpgrade", "value": false}]))
	fx.addresses(sluicegate.fail_gke_10) == {fx.cluster_urn, fx.pool_urn} with data.sluicegate.doc as d
}
