# IAM grants of every kind of IAM resource, as [resource, role, member]:
# *_iam_member (one member), *_iam_binding (members), *_iam_policy (policy_data JSON).
package sluicegate

import rego.v1

iam_grants contains [r, attr(r, ["role"]), attr(r, ["member"])] if {
	some r in resources
	endswith(r.type, "_iam_member")
}

iam_grants contains [r, attr(r, ["role"]), m] if {
	some r in resources
	endswith(r.type, "_iam_binding")
	some m in attr(r, ["members"])
}

iam_grants contains [r, binding.role, m] if {
	some r in resources
	endswith(r.type, "_iam_policy")
	policy := json.unmarshal(attr(r, ["policy_data"]))
	some binding in policy.bindings
	some m in binding.members
}

# Grants made on the project (or folder, organization) rather than one resource.
node_level_types := {
	"google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy",
	"google_folder_iam_member", "google_folder_iam_binding", "google_folder_iam_policy",
	"google_organization_iam_member", "google_organization_iam_binding", "google_organization_iam_policy",
}
