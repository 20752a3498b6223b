# METADATA
# title: Nothing is granted to allUsers or allAuthenticatedUsers
# description: >
#   No IAM grant of either layer, on any resource (buckets included), names allUsers or
#   allAuthenticatedUsers: data is never public or open to any Google account.
# custom:
#   control_id: IAM-02
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_project_iam_member, google_project_iam_policy, google_storage_bucket_iam_member, google_storage_bucket_iam_policy, google_service_account_iam_member, google_service_account_iam_policy, google_kms_crypto_key_iam_member, google_artifact_registry_repository_iam_member]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15"]
#   remediation: Remove the grant; grant a named group or service account instead.
package sluicegate

import rego.v1

fail_iam_02 contains finding(r, msg([member, " is granted ", role])) if {
	some [r, role, member] in iam_grants
	member in {"allUsers", "allAuthenticatedUsers"}
}

examined_iam_02 contains seen(r) if {
	some [r, _, _] in iam_grants
}
