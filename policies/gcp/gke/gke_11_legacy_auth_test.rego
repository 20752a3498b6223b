package sluicegate_test.gke_11

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_legacy_off if {
	count(sluicegate.fail_gke_11) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), fx.pool([]))
}

test_fail_abac_and_client_certificates if {
	d := fx.cluster([{"op": "add", "path": "/enableLegacyAbac", "value": true}, {"op": "add", "path": "/masterAuth/clientCertificateConfig/issueClientCertificate", "value": true}])
	count(sluicegate.fail_gke_11) == 2 with data.sluicegate.doc as d
}

test_fail_read_only_port if {
	d := fx.pool([{"op": "add", "path": "/nodeConfig/kubeletConfig", "value": {"insecureKubeletReadonlyPortEnabled": "TRUE"}}])
	fx.addresses(sluicegate.fail_gke_11) == {fx.pool_urn} with data.sluicegate.doc as d
}
