package sluicegate_test.k8s_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

constraint(repos, exempt) := {
	"apiVersion": "constraints.gatekeeper.sh/v1beta1",
	"kind": "SluicegateAllowedRepos",
	"metadata": {"name": "tenant-images"},
	"spec": {"enforcementAction": "deny", "parameters": {"repos": repos, "exemptImages": exempt}},
}

deployment(image) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "trainer", "namespace": "onco"}, "spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}}}

regional := "australia-southeast1-docker.pkg.dev/acme-ml-platform/"

test_pass_regional_image_and_constraint if {
	d := fx.k8s([constraint([regional], ["gcr.io/istio-release/proxyv2:1.28.0"]), deployment("australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0")])
	count(sluicegate.fail_k8s_04) == 0 with data.sluicegate.doc as d
}

test_fail_docker_hub_image if {
	d := fx.k8s([constraint([regional], []), deployment("python:3.12")])
	fx.addresses(sluicegate.fail_k8s_04) == {"manifests/1.yaml#Deployment/onco/trainer"} with data.sluicegate.doc as d
}

test_fail_no_constraint if {
	fx.addresses(sluicegate.fail_k8s_04) == {"SluicegateAllowedRepos"} with data.sluicegate.doc as fx.k8s([])
}

test_fail_constraint_allows_docker_hub_and_latest if {
	d := fx.k8s([constraint([regional, "docker.io/"], ["ghcr.io/kubeflow/kfp-launcher:latest"])])
	count(sluicegate.fail_k8s_04) == 2 with data.sluicegate.doc as d
}
