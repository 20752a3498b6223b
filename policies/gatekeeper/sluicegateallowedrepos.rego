# METADATA
# title: Images only from the region's Artifact Registry
# description: >-
#   Every container, init container and ephemeral container of a pod (or of a
#   workload's pod template) pulls its image from one of the allowed
#   repository prefixes: the platform project's Artifact Registry in the
#   platform's region. Prefixes end with "/" so that a look-alike project
#   name cannot match. Nothing is exempt: the images Kubeflow injects or
#   launches (Istio's proxy, KFP's driver, launcher and argoexec, Katib's,
#   TensorBoard's, the notebook servers) are rewritten to the region's
#   mirrors when the tree is hydrated.
# custom:
#   control_id: K8S-04
#   severity: high
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.19"]
#   checkov: [CKV_K8S_43, CKV_K8S_14]
#   remediation: >-
#     Push the image to (or pull it through a remote repository of) the
#     platform's Artifact Registry in its region and reference it by that
#     name, e.g. australia-southeast1-docker.pkg.dev/PROJECT/REPO/IMAGE:TAG.
package sluicegateallowedrepos

violation contains {"msg": msg, "details": {"image": container.image}} if {
	some container in _containers
	not _allowed(container.image)
	msg := sprintf("%v %v: container %q uses image %q, which is not under %v", [
		input.review.object.kind,
		input.review.object.metadata.name,
		container.name,
		container.image,
		input.parameters.repos,
	])
}

_allowed(image) if {
	some repo in input.parameters.repos
	endswith(repo, "/")
	startswith(image, repo)
}

_containers contains container if {
	some spec in _pod_specs
	some field in ["containers", "initContainers", "ephemeralContainers"]
	some container in object.get(spec, field, [])
}

_pod_specs contains input.review.object.spec if input.review.object.kind == "Pod"

_pod_specs contains input.review.object.spec.template.spec if {
	input.review.object.kind != "CronJob"
	input.review.object.spec.template.spec
}

_pod_specs contains input.review.object.spec.jobTemplate.spec.template.spec if {
	input.review.object.kind == "CronJob"
}
