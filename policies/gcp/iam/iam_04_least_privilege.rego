# METADATA
# title: No basic roles, no broad service-account impersonation
# description: >
#   No grant of either layer uses a basic role (Owner, Editor, Viewer); no project-level
#   grant lets a principal act as or mint tokens for every service account; the Compute
#   Engine default service account is granted nothing.
# custom:
#   control_id: IAM-04
#   severity: high
#   layers: [foundation, platform]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["8.2", "5.15"]
#   remediation: >
#     Grant predefined or custom roles on the one resource that needs them; grant
#     iam.serviceAccountUser / serviceAccountTokenCreator on a single service account.
package sluicegate

import rego.v1

_iam_04_basic := {"roles/owner", "roles/editor", "roles/viewer"}

_iam_04_impersonation := {
	"roles/iam.serviceAccountUser",
	"roles/iam.serviceAccountTokenCreator",
	"roles/iam.serviceAccountKeyAdmin",
}

fail_iam_04 contains finding(r, sprintf("basic role %s granted to %s", [role, member])) if {
	some [r, role, member] in iam_grants
	_iam_04_basic[role]
}

fail_iam_04 contains finding(r, sprintf("%s granted to %s on the whole %s", [role, member, trim_suffix(r.type, "_iam_member")])) if {
	some [r, role, member] in iam_grants
	node_level_types[r.type]
	_iam_04_impersonation[role]
}

fail_iam_04 contains finding(r, sprintf("the Compute Engine default service account is granted %s", [role])) if {
	some [r, role, member] in iam_grants
	endswith(member, "-compute@developer.gserviceaccount.com")
}
