# METADATA
# title: Buckets use uniform bucket-level access
# description: >
#   Every bucket has uniform bucket-level access on, so access is decided by IAM alone
#   and no object ACL can make one object readable by someone the bucket's IAM excludes.
# custom:
#   control_id: STO-01
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_storage_bucket]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15", "8.3"]
#   remediation: Set uniform_bucket_level_access = true on google_storage_bucket.
package sluicegate

import rego.v1

fail_sto_01 contains finding(r, "uniform_bucket_level_access is not true: object ACLs apply") if {
	some r in resources_of("google_storage_bucket")
	attr_or(r, ["uniform_bucket_level_access"], false) != true
}

examined_sto_01 contains seen(r) if {
	some r in resources_of("google_storage_bucket")
}
