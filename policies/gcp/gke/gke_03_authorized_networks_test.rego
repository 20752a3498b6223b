package sluicegate_test.gke_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_internal_ranges if {
	d := fx.cluster([{"op": "add", "path": "/masterAuthorizedNetworksConfig/cidrBlocks/-", "value": {"cidrBlock": "172.20.0.0/16"}}])
	count(sluicegate.fail_gke_03) == 0 with data.sluicegate.doc as d
}

test_fail_anywhere if {
	d := fx.cluster([{"op": "add", "path": "/masterAuthorizedNetworksConfig/cidrBlocks/-", "value": {"cidrBlock": "0.0.0.0/0"}}])
	fx.addresses(sluicegate.fail_gke_03) == {fx.cluster_urn} with data.sluicegate.doc as d
}

test_fail_no_block_and_public_google_ranges if {
	d := fx.both(
		fx.cluster([{"op": "remove", "path": "/masterAuthorizedNetworksConfig"}]),
		fx.tf([["google_container_cluster", "tf", {"master_authorized_networks_config": [{"gcp_public_cidrs_access_enabled": true}]}]]),
	)
	fx.addresses(sluicegate.fail_gke_03) == {fx.cluster_urn, "google_container_cluster.tf"} with data.sluicegate.doc as d
}
