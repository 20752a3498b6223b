# METADATA
# title: Buckets enforce public access prevention
# description: >
#   Every bucket sets public_access_prevention to "enforced", so no later grant or ACL
#   can expose its objects to the internet ("inherited" depends on an organization
#   policy being in place at the time of access).
# custom:
#   control_id: STO-02
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_storage_bucket]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15", "8.12"]
#   remediation: Set public_access_prevention = "enforced" on google_storage_bucket.
package sluicegate

import rego.v1

fail_sto_02 contains finding(r, msg(["public_access_prevention is '", v, "', not \"enforced\""])) if {
	some r in resources_of("google_storage_bucket")
	v := attr_or(r, ["public_access_prevention"], "(unset)")
	v != "enforced"
}

examined_sto_02 contains seen(r) if {
	some r in resources_of("google_storage_bucket")
}
