# METADATA
# title: Each team's identity reaches only its own bucket
# description: >
#   A team's Google service account holds storage roles only on that team's bucket,
#   never on another team's bucket nor on the whole project (which would reach every
#   bucket), and only the team's own Kubernetes service accounts may act as it through
#   Workload Identity. This is what keeps one team's personal data from another team.
# custom:
#   control_id: IAM-05
#   severity: critical
#   layers: [platform]
#   scope: [google_storage_bucket_iam_member, google_storage_bucket_iam_policy, google_project_iam_member, google_service_account_iam_member, google_service_account_iam_policy]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15", "8.3"]
#   remediation: >
#     Grant the team's service account roles/storage.objectAdmin (or narrower) on its own
#     bucket with google_storage_bucket_iam_member; bind roles/iam.workloadIdentityUser on
#     it only to serviceAccount:PROJECT.svc.id.goog[TEAM/KSA].
package sluicegate

import rego.v1

# Every team of the platform by its service account, from the audit's parameters
# (which hold all teams also where the audit sees a shard of them), else from the teams.
_iam_05_team_of_account := params.team_by_account if {
	params.team_by_account
} else := {t.service_account: t | some t in params.teams}

# Lookups bind their key first: rego-cpp 1.5 evaluates `m[f(x)]` by walking every key
# of m, which made this rule cost a walk of every team for every grant.

_iam_05_bucket_types := {"google_storage_bucket_iam_member", "google_storage_bucket_iam_binding", "google_storage_bucket_iam_policy"}

# A bucket-level grant names its bucket by name, by b/NAME, or (Terraform) by reference:
# references map to the names of the buckets they point at. (A map, not a function: a
# function here made rego-cpp 1.5 fail on plans of a few thousand resources.)
_iam_05_bucket_refs := {concat("", ["${google_storage_bucket.", r.name, ".", k, "}"]): attr(r, ["name"]) |
	some r in resources_of("google_storage_bucket")
	r.dialect == "terraform"
	some k in ["name", "id"]
}

# The joins are comprehensions, with the rules only reading their (usually empty) results:
# as rule bodies, rego-cpp 1.5 evaluates them ten times slower and, past a few thousand
# grants, stops with an evaluation error.
_iam_05_other_bucket := [[r, role, t, bucket] |
	some [r, role, member] in iam_grants
	_iam_05_bucket_types[r.type]
	startswith(member, "serviceAccount:")
	account := trim_prefix(member, "serviceAccount:")
	t := _iam_05_team_of_account[account]
	b := attr(r, ["bucket"])
	bucket := object.get(_iam_05_bucket_refs, b, trim_prefix(b, "b/"))
	bucket != t.bucket
]

_iam_05_project_wide := [[r, role, t] |
	some [r, role, member] in iam_grants
	node_level_types[r.type]
	startswith(member, "serviceAccount:")
	account := trim_prefix(member, "serviceAccount:")
	t := _iam_05_team_of_account[account]
	startswith(role, "roles/storage.")
]

_iam_05_foreign_identity := [[r, member, t] |
	some [r, role, member] in iam_grants
	startswith(r.type, "google_service_account_iam_")
	role == "roles/iam.workloadIdentityUser"
	account := account_email(attr(r, ["service_account_id"]))
	t := _iam_05_team_of_account[account]
	not member in t.wi_members
]

fail_iam_05 contains finding(r, msg(["team ", t.name, "'s service account is granted ", role, " on bucket '", bucket, "', not on its own bucket '", t.bucket, "'"])) if {
	some [r, role, t, bucket] in _iam_05_other_bucket
}

fail_iam_05 contains finding(r, msg(["team ", t.name, "'s service account is granted ", role, " on the whole project: every bucket"])) if {
	some [r, role, t] in _iam_05_project_wide
}

fail_iam_05 contains finding(r, msg([member, " may act as team ", t.name, "'s service account; only ", t.wi_members, " may"])) if {
	some [r, member, t] in _iam_05_foreign_identity
}

# Every bucket-level, project-level and service-account grant: where a team's account
# may be granted too much.
examined_iam_05 contains seen(r) if {
	some [r, _, _] in iam_grants
	_iam_05_examines(r.type)
}

_iam_05_examines(t) if _iam_05_bucket_types[t]

_iam_05_examines(t) if node_level_types[t]

_iam_05_examines(t) if startswith(t, "google_service_account_iam_")
