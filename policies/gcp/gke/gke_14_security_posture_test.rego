package sluicegate_test.gke_14

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_basic_posture if {
	count(sluicegate.fail_gke_14) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_fail_posture_unset if {
	d := fx.cluster([{"op": "remove", "path": "/securityPostureConfig"}])
	count(sluicegate.fail_gke_14) == 2 with data.sluicegate.doc as d
}
