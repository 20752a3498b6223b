package sluicegate_test.log_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_default_telemetry if {
	d := fx.pulumi([["gcp:container/cluster:Cluster", "gke", {"loggingConfig": {"enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS"]}}]])
	count(sluicegate.fail_log_03) == 0 with data.sluicegate.doc as d
}

test_fail_logging_off if {
	d := fx.pulumi([["gcp:container/cluster:Cluster", "gke", {"loggingService": "none", "loggingConfig": {"enableComponents": []}}]])
	count(sluicegate.fail_log_03) == 2 with data.sluicegate.doc as d
}
