package sluicegate_test.k8s_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

constraint(repos) := {
	"apiVersion": "constraints.gatekeeper.sh/v1beta1",
	"kind": "SluicegateAllowedRepos",
	"metadata": {"name": "tenant-images"},
	"spec": {"enforcementAction": "deny", "parameters": {"repos": repos}},
}

deployment(image) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "trainer", "namespace": "onco"}, "spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}}}

regional := "australia-southeast1-docker.pkg.dev/acme-ml-platform/"

test_pass_regional_image_and_constraint if {
	d := fx.k8s([constraint([regional]), deployment("australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0")])
	count(sluicegate.fail_k8s_04) == 0 with data.sluicegate.doc as d
}

test_fail_docker_hub_image if {
	d := fx.k8s([constraint([regional]), deployment("python:3.12")])
	fx.addresses(sluicegate.fail_k8s_04) == {"manifests/1.yaml#Deployment/onco/trainer"} with data.sluicegate.doc as d
}

test_fail_no_constraint if {
	fx.addresses(sluicegate.fail_k8s_04) == {"SluicegateAllowedRepos"} with data.sluicegate.doc as fx.k8s([])
}

test_fail_constraint_allows_docker_hub if {
	d := fx.k8s([constraint([regional, "docker.io/"])])
	count(sluicegate.fail_k8s_04) == 1 with data.sluicegate.doc as d
}

test_fail_ephemeral_container_from_docker_hub if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "trainer", "namespace": "onco"}, "spec": {
		"containers": [{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0"}],
		"ephemeralContainers": [{"name": "debug", "image": "busybox:1.36"}],
	}}
	fx.addresses(sluicegate.fail_k8s_04) == {"manifests/1.yaml#Pod/onco/trainer"} with data.sluicegate.doc as fx.k8s([constraint([regional]), pod])
}
