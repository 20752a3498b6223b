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

# The operators' path: the DNS endpoint open to the access levels, behind the perimeter.
test_pass_external_dns_endpoint_behind_the_perimeter if {
	d := json.patch(
		fx.cluster([{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/allowExternalTraffic", "value": true}]),
		[{"op": "add", "path": "/params/restricted_services/-", "value": "kubernetesmetadata.googleapis.com"}],
	)
	count(sluicegate.fail_gke_02) == 0 with data.sluicegate.doc as d
}

test_fail_public_endpoint if {
	d := fx.cluster([{"op": "add", "path": "/privateClusterConfig/enablePrivateEndpoint", "value": false}])
	fx.addresses(sluicegate.fail_gke_02) == {fx.cluster_urn} with data.sluicegate.doc as d
}

test_fail_external_dns_endpoint_without_perimeter if {
	d := json.patch(
		fx.cluster([{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/allowExternalTraffic", "value": true}]),
		[{"op": "replace", "path": "/params/vpc_sc", "value": false}],
	)
	fs := sluicegate.fail_gke_02 with data.sluicegate.doc as d
	count(fs) == 1
	some f in fs
	contains(f.msg, "IAM alone")
}

test_fail_external_dns_endpoint_with_metadata_api_unrestricted if {
	d := json.patch(
		fx.cluster([{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/allowExternalTraffic", "value": true}]),
		[{"op": "replace", "path": "/params/restricted_services", "value": ["container.googleapis.com"]}],
	)
	fs := sluicegate.fail_gke_02 with data.sluicegate.doc as d
	{f.msg | some f in fs} == {"the DNS endpoint accepts traffic from outside Google Cloud but the perimeter does not restrict kubernetesmetadata.googleapis.com"}
}

test_fail_kubernetes_tokens_over_dns if {
	d := fx.cluster([{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/enableK8sTokensViaDns", "value": true}])
	fs := sluicegate.fail_gke_02 with data.sluicegate.doc as d
	count(fs) == 1
	fx.addresses(fs) == {fx.cluster_urn}
}
