# METADATA
# title: Workload Identity bindings wait for the cluster
# description: >
#   A grant of roles/iam.workloadIdentityUser to a Kubernetes service account
#   (PROJECT.svc.id.goog[NAMESPACE/KSA]) names the cluster's Workload Identity pool, which
#   exists only once a cluster with Workload Identity does: IAM refuses the member
#   ("Identity Pool does not exist") when the binding is applied first. Every such IAM
#   binding, member or policy in the Pulumi graph depends on the cluster.
# custom:
#   control_id: DEP-20
#   severity: high
#   layers: [platform]
#   scope: [google_service_account_iam_policy, google_service_account_iam_binding, google_service_account_iam_member]
#   frameworks:
#     iso27001_2022: ["8.32"]
#   remediation: >
#     Give the IAM resource depends_on=[cluster] (sluicegate's Team takes the cluster in
#     TeamArgs.cluster), so `pulumi up` creates the cluster and its pool first.
package sluicegate

import rego.v1

# Listed by the audit for every part of a partitioned evaluation (a team's grants are
# in its part, the cluster in the shared one); read from the resources where absent.
_dep_20_listed := object.get(object.get(doc, "derived", {}), "clusters", null)

_dep_20_clusters := {c | some c in _dep_20_listed} if {
	_dep_20_listed != null
} else := {r.address | some r in resources_of("google_container_cluster"); r.dialect == "pulumi"}

# [resource, member] of each Workload Identity grant of the Pulumi graph.
_dep_20_grants := [[r, m] |
	some [r, role, m] in iam_grants
	r.dialect == "pulumi"
	role == "roles/iam.workloadIdentityUser"
	contains(m, ".svc.id.goog[")
]

fail_dep_20 contains finding(r, msg(["grants ", m, " but waits for no cluster: the Workload Identity pool may not exist yet"])) if {
	some [r, m] in _dep_20_grants
	count(_dep_20_clusters) > 0
	# A comprehension, not `every`: rego-cpp 1.5 gets `every ... { not set[x] }` wrong.
	count({d | some d in object.get(r, "dependencies", []); _dep_20_clusters[d]}) == 0
}

fail_dep_20 contains finding(r, msg(["grants ", m, " but the plan creates no cluster, so nothing creates its Workload Identity pool"])) if {
	some [r, m] in _dep_20_grants
	count(_dep_20_clusters) == 0
}

examined_dep_20 contains seen(r) if {
	some [r, _] in _dep_20_grants
}
