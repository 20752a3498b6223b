package sluicegate_test.k8s_08

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

ns(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

test_pass_labels_match_spec if {
	d := fx.k8s([ns("onco", {"sluicegate.io/team": "onco", "sluicegate.io/data-classification": "pii"})])
	count(sluicegate.fail_k8s_08) == 0 with data.sluicegate.doc as d
}

test_fail_pii_team_labelled_internal if {
	d := fx.k8s([ns("onco", {"sluicegate.io/team": "onco", "sluicegate.io/data-classification": "internal"})])
	fx.addresses(sluicegate.fail_k8s_08) == {"manifests/0.yaml#Namespace/onco"} with data.sluicegate.doc as d
}
