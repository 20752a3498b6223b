package sluicegate_test.gke_09

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_enforced if {
	count(sluicegate.fail_gke_09) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_fail_absent if {
	d := fx.cluster([{"op": "remove", "path": "/binaryAuthorization"}])
	fx.addresses(sluicegate.fail_gke_09) == {fx.cluster_urn} with data.sluicegate.doc as d
}
