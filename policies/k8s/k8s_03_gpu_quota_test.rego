package sluicegate_test.k8s_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

quota(ns, n) := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "kf-resource-quota", "namespace": ns}, "spec": {"hard": {"requests.nvidia.com/gpu": n}}}

profile(ns, hard) := {"apiVersion": "kubeflow.org/v1", "kind": "Profile", "metadata": {"name": ns}, "spec": {"resourceQuotaSpec": {"hard": hard}}}

test_pass_quota_matches_spec if {
	d := fx.k8s([quota("onco", "4"), quota("forecast", 4), profile("onco", {"requests.nvidia.com/gpu": "4"})])
	count(sluicegate.fail_k8s_03) == 0 with data.sluicegate.doc as d
}

test_fail_no_quota if {
	d := fx.k8s([quota("onco", "4")])
	fx.addresses(sluicegate.fail_k8s_03) == {"ResourceQuota/forecast"} with data.sluicegate.doc as d
}

test_fail_quota_above_spec_and_profile_without_quota if {
	d := fx.k8s([quota("onco", "8"), quota("forecast", "4"), profile("forecast", {})])
	fx.addresses(sluicegate.fail_k8s_03) == {"manifests/0.yaml#ResourceQuota/onco/kf-resource-quota", "manifests/2.yaml#Profile/forecast"} with data.sluicegate.doc as d
}
