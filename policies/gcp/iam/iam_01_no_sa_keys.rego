# METADATA
# title: No service account keys
# description: >
#   No long-lived service account key is created by either layer, and the organization
#   policy iam.disableServiceAccountKeyCreation is enforced; workloads authenticate with
#   Workload Identity, people with their own accounts.
# custom:
#   control_id: IAM-01
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_org_policy_policy, google_service_account_key]
#   frameworks:
#     hipaa: ["164.312(d)"]
#     iso27001_2022: ["5.17", "8.5"]
#   remediation: >
#     Delete google_service_account_key resources; use Workload Identity (GKE) or
#     Workload Identity Federation (CI). Enforce iam.disableServiceAccountKeyCreation.
package sluicegate

import rego.v1

fail_iam_01 contains finding(r, "a service account key is created") if {
	some r in resources_of("google_service_account_key")
}

fail_iam_01 contains missing("foundation", "iam.disableServiceAccountKeyCreation", "no organization policy forbids creating service account keys") if {
	shared_resources_here
	not org_policy_enforced("iam.disableServiceAccountKeyCreation")
}

examined_iam_01 contains seen(r) if {
	some r in resources_of("google_service_account_key")
}

examined_iam_01 contains looked_for("foundation", "iam.disableServiceAccountKeyCreation") if shared_resources_here

examined_iam_01 contains seen(r) if {
	some r in org_policies("iam.disableServiceAccountKeyCreation")
}
