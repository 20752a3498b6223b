package sluicegate_test.k8s_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

psa := {
	"pod-security.kubernetes.io/enforce": "baseline",
	"pod-security.kubernetes.io/warn": "restricted",
	"pod-security.kubernetes.io/audit": "restricted",
}

test_pass_both_teams_labelled if {
	count(sluicegate.fail_k8s_01) == 0 with data.sluicegate.doc as fx.k8s([ns("onco", psa), ns("forecast", psa)])
}

test_fail_privileged_namespace if {
	d := fx.k8s([ns("onco", object.union(psa, {"pod-security.kubernetes.io/enforce": "privileged"})), ns("forecast", psa)])
	fx.addresses(sluicegate.fail_k8s_01) == {"manifests/0.yaml#Namespace/onco"} with data.sluicegate.doc as d
}

test_fail_team_namespace_missing_and_unlabelled if {
	d := fx.k8s([ns("onco", {})])
	fx.addresses(sluicegate.fail_k8s_01) == {"manifests/0.yaml#Namespace/onco", "Namespace/forecast"} with data.sluicegate.doc as d
}
