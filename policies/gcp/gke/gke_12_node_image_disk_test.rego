package sluicegate_test.gke_12

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_cos_with_cmek if {
	count(sluicegate.fail_gke_12) == 0 with data.sluicegate.doc as fx.pool([])
}

test_fail_ubuntu_without_cmek if {
	d := fx.pool([{"op": "add", "path": "/nodeConfig/imageType", "value": "UBUNTU_CONTAINERD"}, {"op": "remove", "path": "/nodeConfig/bootDiskKmsKey"}])
	count(sluicegate.fail_gke_12) == 2 with data.sluicegate.doc as d
}
