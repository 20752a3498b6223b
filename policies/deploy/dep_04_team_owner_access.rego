# METADATA
# title: Owners of PII teams can reach their data the way the spec says they do
# description: >
#   With vpc_sc.team_owner_access the spec declares that team owners push and pull their
#   DVC data from the operators' networks. Once the perimeter is enforced, each owner of
#   a PII team must be admitted by an ingress rule to storage.googleapis.com, or their
#   only declared path to the data is refused.
# custom:
#   control_id: DEP-04
#   severity: high
#   layers: [foundation]
#   scope: [google_access_context_manager_service_perimeter_ingress_policy, google_access_context_manager_service_perimeter_resource]
#   frameworks:
#     app: [APP11.1]
#     iso27001_2022: ["5.15", "8.3"]
#   remediation: >
#     Add an ingress rule for the owners (user:EMAIL) to storage.googleapis.com from the
#     access levels, or set vpc_sc.team_owner_access to false and have owners work from
#     inside (Kubeflow notebooks).
package sluicegate

import rego.v1

fail_dep_04 contains finding(r, msg(["owner ", m, " of PII team ", team.team, " has no ingress rule to storage.googleapis.com: DVC push and pull are refused"])) if {
	params.vpc_sc
	object.get(params, "team_owner_access", false)
	some name, r in enforced_perimeters
	some team in object.get(params, "team_owners", [])
	team.data_classification == "pii"
	some m in team.members
	not admitted[[name, "storage.googleapis.com", m]]
}

examined_dep_04 contains seen(r) if {
	params.vpc_sc
	object.get(params, "team_owner_access", false)
	some _, r in enforced_perimeters
}
