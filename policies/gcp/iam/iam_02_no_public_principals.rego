# METADATA
# title: Nothing is granted to allUsers or allAuthenticatedUsers
# description: >
#   No IAM grant of either layer, on any resource (buckets included), names allUsers or
#   allAuthenticatedUsers: data is never public or open to any Google account.
# custom:
#   control_id: IAM-02
#   severity: critical
#   layers: [foundation, platform]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["5.15"]
#   remediation: Remove the grant; grant a named group or service account instead.
package sluicegate

import rego.v1

fail_iam_02 contains finding(r, sprintf("%s is granted %s", [member, role])) if {
	some [r, role, member] in iam_grants
	member in {"allUsers", "allAuthenticatedUsers"}
}
