package sluicegate_test.k8s_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

netpol(ns, name, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

deny(ns) := netpol(ns, "default-deny-all", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})

test_pass_each_team_denies_by_default if {
	d := fx.k8s([deny("onco"), deny("forecast"), netpol("onco", "dns", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53}]}]})])
	count(sluicegate.fail_k8s_02) == 0 with data.sluicegate.doc as d
}

test_fail_namespace_without_default_deny if {
	d := fx.k8s([deny("onco"), netpol("forecast", "ingress-only", {"podSelector": {}, "policyTypes": ["Ingress"]})])
	fx.addresses(sluicegate.fail_k8s_02) == {"NetworkPolicy/forecast"} with data.sluicegate.doc as d
}

test_fail_egress_to_internet if {
	d := fx.k8s([deny("onco"), deny("forecast"), netpol("onco", "open", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]})])
	fx.addresses(sluicegate.fail_k8s_02) == {"manifests/2.yaml#NetworkPolicy/onco/open"} with data.sluicegate.doc as d
}
