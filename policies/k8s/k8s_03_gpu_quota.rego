# METADATA
# title: Each team's GPU use is capped by its quota
# description: >
#   Every team namespace has a ResourceQuota whose requests.nvidia.com/gpu equals the
#   team's gpu_quota in the spec (only the requests. form can cap an extended resource),
#   and the team's Kubeflow Profile, which would otherwise rewrite it, says the same.
# custom:
#   control_id: K8S-03
#   severity: medium
#   layers: [manifests]
#   scope: [ResourceQuota, Profile]
#   frameworks:
#     iso27001_2022: ["5.15"]
#   remediation: >
#     Set spec.hard["requests.nvidia.com/gpu"] to the team's gpu_quota in the namespace's
#     ResourceQuota and in the Profile's resourceQuotaSpec (re-render the manifests).
package sluicegate

import rego.v1

_k8s_03_key := "requests.nvidia.com/gpu"

_k8s_03_by_namespace := {ns: [o | some o in k8s_of("ResourceQuota"); o.namespace == ns; o.object.spec.hard[_k8s_03_key]] |
	some ns, _ in team_namespaces
}

_k8s_03_quotas(ns) := _k8s_03_by_namespace[ns]

fail_k8s_03 contains missing("manifests", concat("", ["ResourceQuota/", ns]), msg(["namespace ", ns, " has no ResourceQuota on ", _k8s_03_key])) if {
	some ns, _ in team_namespaces
	count(_k8s_03_quotas(ns)) == 0
}

fail_k8s_03 contains k8s_finding(o, msg([_k8s_03_key, " is ", v, "; the spec gives team ", t.name, " ", t.gpu_quota])) if {
	some ns, t in team_namespaces
	some o in _k8s_03_quotas(ns)
	v := o.object.spec.hard[_k8s_03_key]
	to_number(v) != t.gpu_quota
}

fail_k8s_03 contains k8s_finding(o, msg(["Profile resourceQuotaSpec gives ", v, " GPUs; the spec gives team ", t.name, " ", t.gpu_quota])) if {
	some o in k8s_of("Profile")
	t := team_namespaces[o.name]
	v := object.get(o.object.spec, ["resourceQuotaSpec", "hard", _k8s_03_key], null)
	not _k8s_03_same(v, t.gpu_quota)
}

_k8s_03_same(v, quota) if {
	v != null
	to_number(v) == quota
}

examined_k8s_03 contains looked_for("manifests", concat("", ["ResourceQuota/", ns])) if {
	some ns, _ in team_namespaces
}

examined_k8s_03 contains seen(o) if {
	some ns, _ in team_namespaces
	some o in _k8s_03_quotas(ns)
}

examined_k8s_03 contains seen(o) if {
	some o in k8s_of("Profile")
	team_namespaces[o.name]
}
