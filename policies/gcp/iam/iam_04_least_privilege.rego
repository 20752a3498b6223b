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
#   scope: [google_project_iam_member, google_project_iam_policy, google_storage_bucket_iam_member, google_storage_bucket_iam_policy, google_service_account_iam_member, google_service_account_iam_policy, google_kms_crypto_key_iam_member, google_artifact_registry_repository_iam_member]
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

fail_iam_04 contains finding(r, msg(["basic role ", role, " granted to ", member])) if {
	some [r, role, member] in iam_grants
	_iam_04_basic[role]
}

fail_iam_04 contains finding(r, msg([role, " granted to ", member, " on the whole ", trim_suffix(r.type, "_iam_member")])) if {
	some [r, role, member] in iam_grants
	node_level_types[r.type]
	_iam_04_impersonation[role]
}

fail_iam_04 contains finding(r, msg(["the Compute Engine default service account is granted ", role])) if {
	some [r, role, member] in iam_grants
	endswith(member, "-compute@developer.gserviceaccount.com")
}

examined_iam_04 contains seen(r) if {
	some [r, _, _] in iam_grants
}
