package sluicegate_test.gke_08

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_dataplane_v2 if {
	count(sluicegate.fail_gke_08) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_pass_calico if {
	d := fx.cluster([{"op": "remove", "path": "/datapathProvider"}, {"op": "add", "path": "/networkPolicy", "value": {"enabled": true}}])
	count(sluicegate.fail_gke_08) == 0 with data.sluicegate.doc as d
}

test_fail_neither if {
	d := fx.cluster([{"op": "add", "path": "/datapathProvider", "value": "LEGACY_DATAPATH"}])
	fx.addresses(sluicegate.fail_gke_08) == {fx.cluster_urn} with data.sluicegate.doc as d
}
