package sluicegate_test.gke_15

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_tainted_gpu_pool if {
	count(sluicegate.fail_gke_15) == 0 with data.sluicegate.doc as fx.pool([])
}

test_pass_cpu_pool_needs_no_taint if {
	d := fx.pool([{"op": "remove", "path": "/nodeConfig/guestAccelerators"}, {"op": "remove", "path": "/nodeConfig/taints"}])
	count(sluicegate.fail_gke_15) == 0 with data.sluicegate.doc as d
}

test_fail_gpu_pool_without_taint if {
	d := fx.pool([{"op": "remove", "path": "/nodeConfig/taints"}])
	fx.addresses(sluicegate.fail_gke_15) == {fx.pool_urn} with data.sluicegate.doc as d
}

test_fail_terraform_pool_with_prefer_no_schedule if {
	d := fx.tf([["google_container_node_pool", "gpu", {"node_config": [{
		"guest_accelerator": [{"type": "nvidia-l4", "count": 1}],
		"taint": [{"key": "nvidia.com/gpu", "value": "present", "effect": "PREFER_NO_SCHEDULE"}],
	}]}]])
	fx.addresses(sluicegate.fail_gke_15) == {"google_container_node_pool.gpu"} with data.sluicegate.doc as d
}
