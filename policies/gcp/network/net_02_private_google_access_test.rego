package sluicegate_test.net_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_private_access_and_flow_logs if {
	d := fx.tf([["google_compute_subnetwork", "nodes", {"private_ip_google_access": true, "log_config": {"flow_sampling": 1}}]])
	count(sluicegate.fail_net_02) == 0 with data.sluicegate.doc as d
}

test_fail_no_private_access_no_logs if {
	d := fx.tf([["google_compute_subnetwork", "nodes", {"private_ip_google_access": false}]])
	count(sluicegate.fail_net_02) == 2 with data.sluicegate.doc as d
}

test_pass_proxy_only_subnet_without_either if {
	d := fx.tf([["google_compute_subnetwork", "proxies", {"purpose": "REGIONAL_MANAGED_PROXY", "role": "ACTIVE"}]])
	count(sluicegate.fail_net_02) == 0 with data.sluicegate.doc as d
}
