package sluicegate_test.gke_05

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_dedicated_account if {
	count(sluicegate.fail_gke_05) == 0 with data.sluicegate.doc as fx.pool([])
}

test_fail_unset if {
	d := fx.pool([{"op": "remove", "path": "/nodeConfig/serviceAccount"}])
	fx.addresses(sluicegate.fail_gke_05) == {fx.pool_urn} with data.sluicegate.doc as d
}

test_fail_default_compute_account if {
	d := fx.pool([{"op": "add", "path": "/nodeConfig/serviceAccount", "value": "123456-compute@developer.gserviceaccount.com"}])
	count(sluicegate.fail_gke_05) == 1 with data.sluicegate.doc as d
}
