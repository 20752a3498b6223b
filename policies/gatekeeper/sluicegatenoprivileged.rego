# METADATA
# title: No privileged containers
# description: >-
#   No container, init container or ephemeral container of a pod (or of a
#   workload's pod template) runs privileged. Pod Security "baseline" on the
#   tenant namespaces refuses the same; this constraint also covers the
#   namespaces Pod Security labels do not, and reports through Gatekeeper's
#   audit, which is where auditors look.
# custom:
#   control_id: K8S-01
#   severity: critical
#   frameworks:
#     iso27001_2022: ["8.9"]
#     hipaa: ["164.312(a)(1)"]
#     cis_gke_1_9: ["4.2.1"]
#   checkov: [CKV_K8S_16]
#   remediation: >-
#     Remove securityContext.privileged; grant the one capability the
#     container needs instead, or run the work outside the tenant namespace.
package sluicegatenoprivileged

violation contains {"msg": msg, "details": {"container": container.name}} if {
	some container in _containers
	object.get(container, ["securityContext", "privileged"], false) == true
	msg := sprintf("%v %v: container %q is privileged", [
		input.review.object.kind,
		input.review.object.metadata.name,
		container.name,
	])
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
