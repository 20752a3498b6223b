# METADATA
# title: RBAC grants no wildcards and no cluster-admin
# description: >
#   No Role or ClusterRole of the kit's own objects (tenant namespaces and the platform's
#   own manifests) grants "*" verbs, resources or API groups or the escalate, bind or
#   impersonate verbs, and no such binding hands out cluster-admin. The hydrated upstream
#   components keep their RBAC as released (istiod, Gatekeeper and the profile controller
#   need wide rights to do their job); it changes only with the pinned release in
#   src/sluicegate/upstream/lock.yaml, which is where it is reviewed.
# custom:
#   control_id: K8S-06
#   severity: medium
#   layers: [manifests]
#   scope: [Role, ClusterRole, RoleBinding, ClusterRoleBinding]
#   scope_excludes: [manifests/hydrated/]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["8.2"]
#     cis_gke: ["4.1.1", "4.1.3", "4.1.8"]
#   remediation: >
#     List the verbs and resources the role needs; bind a namespaced Role (Kubeflow's
#     kubeflow-edit) instead of cluster-admin.
package sluicegate

import rego.v1

fail_k8s_06 contains k8s_finding(o, msg(["a rule grants '", v, "' in ", field])) if {
	some kind in ["Role", "ClusterRole"]
	some o in k8s_of(kind)
	kit_object(o)
	some rule in object.get(o.object, "rules", [])
	some field in ["verbs", "resources", "apiGroups"]
	some v in object.get(rule, field, [])
	v == "*"
}

fail_k8s_06 contains k8s_finding(o, msg(["a rule grants the ", v, " verb"])) if {
	some kind in ["Role", "ClusterRole"]
	some o in k8s_of(kind)
	kit_object(o)
	some rule in object.get(o.object, "rules", [])
	some v in object.get(rule, "verbs", [])
	v in {"escalate", "bind", "impersonate"}
}

fail_k8s_06 contains k8s_finding(o, "binds cluster-admin") if {
	some kind in ["RoleBinding", "ClusterRoleBinding"]
	some o in k8s_of(kind)
	kit_object(o)
	o.object.roleRef.name == "cluster-admin"
}

examined_k8s_06 contains seen(o) if {
	some kind in ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]
	some o in k8s_of(kind)
	kit_object(o)
}
