package sluicegate_test.dep_10

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

mirror := concat("", [fx.params.registry_prefix, "sg-mirror-ghcr/kubeflow/kfp-driver:2.16.0"])

repos := fx.pulumi([["gcp:artifactregistry/repository:Repository", "ghcr", {"repositoryId": "sg-mirror-ghcr", "location": fx.region}]])

deployment(image) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ml-pipeline", "namespace": "kubeflow"}, "spec": {"template": {"spec": {"containers": [{"name": "main", "image": image}]}}}}

test_pass_image_from_a_created_mirror if {
	count(sluicegate.fail_dep_10) == 0 with data.sluicegate.doc as fx.both(repos, fx.k8s([deployment(mirror)]))
}

test_fail_public_image if {
	some f in sluicegate.fail_dep_10 with data.sluicegate.doc as fx.both(repos, fx.k8s([deployment("ghcr.io/kubeflow/kfp-driver:2.16.0")]))
	contains(f.msg, "containers/main: image 'ghcr.io/kubeflow/kfp-driver:2.16.0' is not in")
}

test_fail_repository_the_plan_does_not_create if {
	image := concat("", [fx.params.registry_prefix, "sg-mirror-nvcr/nvidia/tritonserver:24.01"])
	some f in sluicegate.fail_dep_10 with data.sluicegate.doc as fx.both(repos, fx.k8s([deployment(image)]))
	contains(f.msg, "repository 'sg-mirror-nvcr', which the plan does not create")
}

test_fail_repository_in_another_region if {
	elsewhere := fx.pulumi([["gcp:artifactregistry/repository:Repository", "ghcr", {"repositoryId": "sg-mirror-ghcr", "location": "us-central1"}]])
	count(sluicegate.fail_dep_10) == 1 with data.sluicegate.doc as fx.both(elsewhere, fx.k8s([deployment(mirror)]))
}

test_fail_public_image_in_configuration if {
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "katib-config", "namespace": "kubeflow"}, "data": {}}
	d := fx.both(repos, fx.k8s([cm]))
	found := {"derived": {"config_images": [{"file": "manifests/0.yaml", "address": "manifests/0.yaml#ConfigMap/kubeflow/katib-config", "kind": "ConfigMap", "name": "katib-config", "where": "data.katib-config.yaml", "image": "ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0"}]}}
	some f in sluicegate.fail_dep_10 with data.sluicegate.doc as object.union(d, found)
	contains(f.msg, "data.katib-config.yaml: image 'ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0'")
	f.address == "manifests/0.yaml#ConfigMap/kubeflow/katib-config"
}

test_fail_image_rule_no_longer_matches if {
	found := {"derived": {"config_images": [{"file": "manifests/hydrated/tools--katib/manifests.yaml", "kind": "", "name": "", "where": "data.katib-config.yaml", "error": "tools--katib: no ConfigMap katib-config for the image rule: upstream changed"}]}}
	some f in sluicegate.fail_dep_10 with data.sluicegate.doc as object.union(repos, found)
	contains(f.msg, "upstream changed")
}

test_pass_repositories_listed_by_the_audit if {
	found := {"derived": {"repositories": [{"repository_id": "sg-mirror-ghcr", "location": fx.region}]}}
	count(sluicegate.fail_dep_10) == 0 with data.sluicegate.doc as object.union(fx.k8s([deployment(mirror)]), found)
}
