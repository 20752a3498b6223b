package sluicegate_test.k8s_06

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "onco"}, "rules": rules}

test_pass_narrow_role if {
	d := fx.k8s([role([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}])])
	count(sluicegate.fail_k8s_06) == 0 with data.sluicegate.doc as d
}

test_fail_wildcard_and_cluster_admin if {
	d := fx.k8s([
		role([{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}]),
		{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"}},
	])
	fx.addresses(sluicegate.fail_k8s_06) == {"manifests/0.yaml#Role/onco/r", "manifests/1.yaml#ClusterRoleBinding/b"} with data.sluicegate.doc as d
}

test_pass_upstream_controller_rbac_is_out_of_scope if {
	wide := role([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	d := {"params": fx.params, "manifests": [{"file": "manifests/hydrated/deps--istio/manifests.yaml", "object": wide}]}
	count(sluicegate.fail_k8s_06) == 0 with data.sluicegate.doc as d
}
