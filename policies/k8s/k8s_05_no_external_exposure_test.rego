package sluicegate_test.k8s_05

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

zero_quota(ns) := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": ns}, "spec": {"hard": {"services.loadbalancers": "0", "services.nodeports": "0"}}}

service(type) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "onco"}, "spec": {"type": type, "ports": [{"port": 80}]}}

test_pass_cluster_ip_and_zero_quotas if {
	count(sluicegate.fail_k8s_05) == 0 with data.sluicegate.doc as fx.k8s([zero_quota("onco"), zero_quota("forecast"), service("ClusterIP")])
}

test_fail_load_balancer if {
	d := fx.k8s([zero_quota("onco"), zero_quota("forecast"), service("LoadBalancer")])
	fx.addresses(sluicegate.fail_k8s_05) == {"manifests/2.yaml#Service/onco/web"} with data.sluicegate.doc as d
}

test_fail_quota_allows_node_ports if {
	d := fx.k8s([zero_quota("onco")])
	count(sluicegate.fail_k8s_05) == 2 with data.sluicegate.doc as d
}
