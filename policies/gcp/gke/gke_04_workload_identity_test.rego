package sluicegate_test.gke_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_project_pool_and_gke_metadata if {
	count(sluicegate.fail_gke_04) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), fx.pool([]))
}

test_fail_no_workload_identity if {
	d := fx.cluster([{"op": "remove", "path": "/workloadIdentityConfig"}])
	fx.addresses(sluicegate.fail_gke_04) == {fx.cluster_urn} with data.sluicegate.doc as d
}

test_fail_pool_exposes_node_metadata if {
	d := fx.pool([{"op": "add", "path": "/nodeConfig/workloadMetadataConfig/mode", "value": "GCE_METADATA"}])
	fx.addresses(sluicegate.fail_gke_04) == {fx.pool_urn} with data.sluicegate.doc as d
}
