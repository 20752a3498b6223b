package sluicegate_test.gke_13

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_vpc_native if {
	count(sluicegate.fail_gke_13) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_fail_routes_based if {
	d := fx.cluster([{"op": "remove", "path": "/ipAllocationPolicy"}, {"op": "add", "path": "/networkingMode", "value": "ROUTES"}])
	count(sluicegate.fail_gke_13) == 2 with data.sluicegate.doc as d
}
