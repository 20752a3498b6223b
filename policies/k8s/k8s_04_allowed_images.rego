# METADATA
# title: Workloads run images only from the region's registry
# description: >
#   Every container image in the rendered tree comes from the platform's Artifact
#   Registry in the region, and the Gatekeeper constraint that enforces the same in the
#   cluster exists, denies, and allows only repositories of that registry (each ending
#   in "/", so a look-alike project cannot match). Nothing is exempt: the images
#   Kubeflow injects or launches come through the region's mirrors too.
# custom:
#   control_id: K8S-04
#   severity: high
#   layers: [manifests]
#   scope: [Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, SluicegateAllowedRepos]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.19"]
#   remediation: >
#     Push images to REGION-docker.pkg.dev/PROJECT/ and reference them there; list only
#     that prefix in the allowed-repos constraint's parameters.repos.
package sluicegate

import rego.v1

_k8s_04_constraint_kinds := {"SluicegateAllowedRepos", "K8sAllowedRepos"}

_k8s_04_constraints := [o | some kind in _k8s_04_constraint_kinds; some o in k8s_of(kind)]

fail_k8s_04 contains k8s_finding(o, msg(["container ", c.name, " uses image '", c.image, "', not from ", params.registry_prefix])) if {
	some [o, spec] in pod_specs
	some field in ["containers", "initContainers", "ephemeralContainers"]
	some c in object.get(spec, field, [])
	not startswith(c.image, params.registry_prefix)
}

fail_k8s_04 contains missing("manifests", "SluicegateAllowedRepos", "no allowed-repositories constraint: the cluster admits images from anywhere") if {
	shared_resources_here
	count(_k8s_04_constraints) == 0
}

fail_k8s_04 contains k8s_finding(o, msg(["allowed repository '", repo, "' is not under ", params.registry_prefix])) if {
	some o in _k8s_04_constraints
	some repo in object.get(o.object, ["spec", "parameters", "repos"], [])
	not startswith(repo, params.registry_prefix)
}

fail_k8s_04 contains k8s_finding(o, msg(["enforcementAction is '", a, "': images are not refused"])) if {
	some o in _k8s_04_constraints
	a := object.get(o.object, ["spec", "enforcementAction"], "deny")
	a != "deny"
}

examined_k8s_04 contains seen(o) if {
	some [o, _] in pod_specs
}

examined_k8s_04 contains looked_for("manifests", "SluicegateAllowedRepos") if shared_resources_here

examined_k8s_04 contains seen(o) if {
	some o in _k8s_04_constraints
}
