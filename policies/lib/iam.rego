# IAM grants of every kind of IAM resource, as [resource, role, member]:
# *_iam_member (one member), *_iam_binding (members), *_iam_policy (policy_data JSON).
package sluicegate

import rego.v1

# Lists, not sets: a set of triples holding whole resources is hashed element by element,
# which costs seconds on thousands of grants.
iam_grants := array.concat(array.concat(_iam_members, _iam_bindings), _iam_policies)

_iam_members := [[r, attr(r, ["role"]), attr(r, ["member"])] |
	some r in resources
	endswith(r.type, "_iam_member")
]

_iam_bindings := [[r, attr(r, ["role"]), m] |
	some r in resources
	endswith(r.type, "_iam_binding")
	some m in attr(r, ["members"])
]

_iam_policies := [[r, binding.role, m] |
	some r in resources
	endswith(r.type, "_iam_policy")
	text := attr(r, ["policy_data"])

	# Unknown at preview: the pack reports it (lib/unknowns.rego); malformed JSON
	# still fails the evaluation, so the audit fails closed on it.
	not is_unknown(text)
	policy := json.unmarshal(text)
	some binding in policy.bindings
	some m in binding.members
]

# The email of the service account an IAM resource on a service account is about
# (service_account_id is projects/P/serviceAccounts/EMAIL, or the email itself).
# A function of the ID string, not of the resource: rego-cpp copies a resource passed to
# a function, which costs seconds over thousands of grants.
account_email(service_account_id) := parts[count(parts) - 1] if {
	parts := split(service_account_id, "/")
}

# Workload Identity grants as [service account email, member].
wi_grants := {[account_email(attr(r, ["service_account_id"])), m] |
	some [r, role, m] in iam_grants
	role == "roles/iam.workloadIdentityUser"
}

# Grants made on the project (or folder, organization) rather than one resource.
node_level_types := {
	"google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy",
	"google_folder_iam_member", "google_folder_iam_binding", "google_folder_iam_policy",
	"google_organization_iam_member", "google_organization_iam_binding", "google_organization_iam_policy",
}
