package sluicegate_test.gke_06

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_shielded_with_secure_boot if {
	count(sluicegate.fail_gke_06) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), fx.pool([]))
}

test_fail_secure_boot_left_at_default if {
	d := fx.pool([{"op": "remove", "path": "/nodeConfig/shieldedInstanceConfig/enableSecureBoot"}])
	fx.addresses(sluicegate.fail_gke_06) == {fx.pool_urn} with data.sluicegate.doc as d
}

test_fail_shielded_nodes_off if {
	d := fx.cluster([{"op": "add", "path": "/enableShieldedNodes", "value": false}])
	count(sluicegate.fail_gke_06) == 1 with data.sluicegate.doc as d
}
