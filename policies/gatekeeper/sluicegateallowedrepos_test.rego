package sluicegateallowedrepos_test

import data.sluicegateallowedrepos

# Inputs are bound with `with input.review as ... with input.parameters as ...`:
# regopy 1.5.2 crashes when a whole nested `input` is replaced at once, and
# ignores a `with` value that names a rule, so each test binds `params` first.

_params := {"repos": ["australia-southeast1-docker.pkg.dev/acme-ml-platform/"]}

_pod(containers) := {"object": {
	"kind": "Pod",
	"metadata": {"name": "trainer"},
	"spec": {"containers": containers},
}}

test_image_in_the_regional_registry_is_allowed if {
	params := _params
	review := _pod([{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0"}])
	count(sluicegateallowedrepos.violation) == 0 with input.review as review with input.parameters as params
}

test_docker_hub_image_is_denied if {
	params := _params
	review := _pod([{"name": "main", "image": "python:3.12"}])
	some v in sluicegateallowedrepos.violation with input.review as review with input.parameters as params
	v.details.image == "python:3.12"
}

test_look_alike_project_is_denied if {
	params := _params
	review := _pod([{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform-evil/x/y:1"}])
	count(sluicegateallowedrepos.violation) == 1 with input.review as review with input.parameters as params
}

test_other_region_is_denied if {
	params := _params
	review := _pod([{"name": "main", "image": "us-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0"}])
	count(sluicegateallowedrepos.violation) == 1 with input.review as review with input.parameters as params
}

test_repo_without_trailing_slash_allows_nothing if {
	review := _pod([{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0"}])
	params := {"repos": ["australia-southeast1-docker.pkg.dev/acme-ml-platform"]}
	count(sluicegateallowedrepos.violation) == 1 with input.review as review with input.parameters as params
}

test_mirrored_sidecar_is_allowed if {
	params := _params
	review := _pod([
		{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/train:1.0"},
		{"name": "istio-proxy", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-mirror-gcr/istio-release/proxyv2:1.29.0"},
	])
	count(sluicegateallowedrepos.violation) == 0 with input.review as review with input.parameters as params
}

test_public_sidecar_is_denied if {
	params := _params
	review := _pod([{"name": "istio-proxy", "image": "gcr.io/istio-release/proxyv2:1.29.0"}])
	some v in sluicegateallowedrepos.violation with input.review as review with input.parameters as params
	v.details.image == "gcr.io/istio-release/proxyv2:1.29.0"
}

test_init_containers_of_a_deployment_template_are_checked if {
	params := _params
	review := {"object": {
		"kind": "Deployment",
		"metadata": {"name": "web"},
		"spec": {"template": {"spec": {
			"initContainers": [{"name": "init", "image": "busybox"}],
			"containers": [{"name": "main", "image": "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-images/web:2"}],
		}}},
	}}
	count(sluicegateallowedrepos.violation) == 1 with input.review as review with input.parameters as params
}
