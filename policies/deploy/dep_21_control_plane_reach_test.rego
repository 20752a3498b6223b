package sluicegate_test.dep_21

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

_open := [{"op": "add", "path": "/controlPlaneEndpointsConfig/dnsEndpointConfig/allowExternalTraffic", "value": true}]

_vpn := fx.tf([["google_compute_vpn_tunnel", "corp", {"name": "sg-corp", "region": fx.region}]])

test_pass_dns_endpoint_for_the_access_levels if {
	count(sluicegate.fail_dep_21) == 0 with data.sluicegate.doc as fx.cluster(_open)
}

test_pass_private_endpoint_over_a_vpn if {
	count(sluicegate.fail_dep_21) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), _vpn)
}

test_fail_private_endpoint_and_nothing_connected if {
	fs := sluicegate.fail_dep_21 with data.sluicegate.doc as fx.cluster([])
	fx.addresses(fs) == {fx.cluster_urn}
	some f in fs
	startswith(f.msg, "the DNS endpoint refuses external traffic and the operators work from outside the VPC")
}

test_fail_dns_endpoint_with_no_access_level_in_the_perimeter if {
	d := json.patch(fx.cluster(_open), [{"op": "replace", "path": "/params/operator_access_levels", "value": []}])
	fs := sluicegate.fail_dep_21 with data.sluicegate.doc as d
	count(fs) == 1
	some f in fs
	contains(f.msg, "admits no operator access level")
}
