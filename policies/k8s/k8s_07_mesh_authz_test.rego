package sluicegate_test.k8s_07

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

authz(rule) := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": {"name": "ns-owner-access-istio", "namespace": "onco"}, "spec": {"rules": [rule]}}

header := {"key": "request.headers[kubeflow-userid]", "values": ["ana.lee@acme.example"]}

test_pass_header_from_gateway_only if {
	d := fx.k8s([authz({"from": [{"source": {"principals": ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]}}], "when": [header]})])
	count(sluicegate.fail_k8s_07) == 0 with data.sluicegate.doc as d
}

test_fail_header_from_anywhere if {
	d := fx.k8s([authz({"when": [header]})])
	fx.addresses(sluicegate.fail_k8s_07) == {"manifests/0.yaml#AuthorizationPolicy/onco/ns-owner-access-istio"} with data.sluicegate.doc as d
}

test_pass_rule_that_only_admits_requests_without_the_header if {
	absent := {"apiVersion": "security.istio.io/v1beta1", "kind": "AuthorizationPolicy", "metadata": {"name": "ml-pipeline", "namespace": "kubeflow"}, "spec": {"rules": [{"when": [{"key": "request.headers[kubeflow-userid]", "notValues": ["*"]}]}]}}
	count(sluicegate.fail_k8s_07) == 0 with data.sluicegate.doc as fx.k8s([absent])
}

test_fail_rule_that_excludes_only_some_header_values if {
	some_values := {"apiVersion": "security.istio.io/v1beta1", "kind": "AuthorizationPolicy", "metadata": {"name": "p", "namespace": "kubeflow"}, "spec": {"rules": [{"when": [{"key": "request.headers[kubeflow-userid]", "notValues": ["admin@acme.example"]}]}]}}
	count(sluicegate.fail_k8s_07) == 1 with data.sluicegate.doc as fx.k8s([some_values])
}
