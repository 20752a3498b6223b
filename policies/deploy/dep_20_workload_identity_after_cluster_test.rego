package sluicegate_test.dep_20

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

_policy := json.marshal({"bindings": [{"role": "roles/iam.workloadIdentityUser", "members": ["serviceAccount:acme-ml-platform.svc.id.goog[onco/default-editor]"]}]})

_cluster := {"urn": fx.cluster_urn, "type": "gcp:container/cluster:Cluster", "name": "gke", "inputs": fx.good_cluster, "dependencies": []}

_account_urn := fx.urn("gcp:serviceaccount/account:Account", "onco-sa")

_binding(deps) := {
	"urn": fx.urn("gcp:serviceaccount/iAMPolicy:IAMPolicy", "onco-sa-iam"),
	"type": "gcp:serviceaccount/iAMPolicy:IAMPolicy",
	"name": "onco-sa-iam",
	"inputs": {"serviceAccountId": "projects/acme-ml-platform/serviceAccounts/sg-team-onco@acme-ml-platform.iam.gserviceaccount.com", "policyData": _policy},
	"dependencies": deps,
}

_member(deps) := {
	"urn": fx.urn("gcp:serviceaccount/iAMMember:IAMMember", "ci-wi"),
	"type": "gcp:serviceaccount/iAMMember:IAMMember",
	"name": "ci-wi",
	"inputs": {"serviceAccountId": "sg-ci@acme-ml-platform.iam.gserviceaccount.com", "role": "roles/iam.workloadIdentityUser", "member": "serviceAccount:acme-ml-platform.svc.id.goog[ci/runner]"},
	"dependencies": deps,
}

_doc(resources) := {"params": fx.params, "pulumi": {"resources": resources}}

test_pass_bindings_after_the_cluster if {
	d := _doc([_cluster, _binding([_account_urn, fx.cluster_urn]), _member([fx.cluster_urn])])
	count(sluicegate.fail_dep_20) == 0 with data.sluicegate.doc as d
}

# Other grants on a service account need no cluster.
test_pass_other_roles_need_no_cluster if {
	other := json.patch(_member([]), [{"op": "replace", "path": "/inputs/role", "value": "roles/iam.serviceAccountTokenCreator"}])
	count(sluicegate.fail_dep_20) == 0 with data.sluicegate.doc as _doc([_cluster, other])
}

test_fail_binding_ordered_after_the_account_only if {
	d := _doc([_cluster, _binding([_account_urn]), _member([fx.cluster_urn])])
	fx.addresses(sluicegate.fail_dep_20) == {fx.urn("gcp:serviceaccount/iAMPolicy:IAMPolicy", "onco-sa-iam")} with data.sluicegate.doc as d
}

test_fail_member_without_dependencies_and_no_cluster if {
	fs := sluicegate.fail_dep_20 with data.sluicegate.doc as _doc([_member([])])
	count(fs) == 1
	some f in fs
	contains(f.msg, "creates no cluster")
}
