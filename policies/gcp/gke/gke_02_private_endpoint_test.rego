package sluicegate_test.gke_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_private_endpoint if {
	count(sluicegate.fail_gke_02) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_pass_dns_endpoint_only if {
	d := fx.cluster([
		{"op": "remove", "path": "/privateClusterConfig/enablePrivateEndpoint"},
		{"op": "add", "path": "/controlPlaneEndpointsConfig/ipEndpointsConfig", "value": {"enabled": false}},
	])
	count(sluicegate.fail_gke_02) == 0 with data.sluicegate.doc as d
}

test_fail_public_endpoint if {
	d := fx.cluster([{"op": "add", "path": "/privateClusterConfig/enablePrivateEndpoint", "value": false}])
	fx.addresses(sluicegate.fail_gke_02) == {fx.cluster_urn} with data.sluicegate.doc as d
}

test_fail_external_dns_endpoint if {
	d := fx.cluster([{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/allowExternalTraffic", "value": true}])
	count(sluicegate.fail_gke_02) == 1 with data.sluicegate.doc as d
}
