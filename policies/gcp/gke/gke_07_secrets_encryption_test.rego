package sluicegate_test.gke_07

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_encrypted if {
	count(sluicegate.fail_gke_07) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_fail_absent if {
	d := fx.cluster([{"op": "remove", "path": "/databaseEncryption"}])
	count(sluicegate.fail_gke_07) == 2 with data.sluicegate.doc as d
}

test_fail_decrypted if {
	d := fx.cluster([{"op": "add", "path": "/databaseEncryption/state", "value": "DECRYPTED"}])
	fx.addresses(sluicegate.fail_gke_07) == {fx.cluster_urn} with data.sluicegate.doc as d
}
