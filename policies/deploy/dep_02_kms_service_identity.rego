# METADATA
# title: KMS grants name service agents that exist, and wait for them
# description: >
#   Google creates most service agents lazily, on first use of their API, and IAM
#   refuses a grant to an agent that does not exist yet. A key grant to a service agent
#   must take the agent from the resource that creates it
#   (google_project_service_identity, or the storage and logging agents' data sources)
#   and depend on it. Only Compute Engine's agent (compute-system), which its API
#   creates when enabled, may be named by address, and then the grant must depend on
#   the enabled compute API.
# custom:
#   control_id: DEP-02
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_kms_crypto_key_iam_member, google_project_service_identity]
#   frameworks:
#     iso27001_2022: ["8.24", "8.32"]
#   remediation: >
#     Create the agent with google_project_service_identity (provider google-beta),
#     use its email in the grant's member and list it in depends_on.
package sluicegate

import rego.v1

_dep_02_agent := `^serviceAccount:service-[^@]+@([a-z0-9-]+)\.iam\.gserviceaccount\.com$`

_dep_02_identity_ref := `\$\{(google_project_service_identity\.[A-Za-z0-9_-]+)\.email\}`

_dep_02_services := {s.address: attr_or(s, ["service"], "") | some s in resources_of("google_project_service")}

_dep_02_identities := {i.address | some i in resources_of("google_project_service_identity")}

_dep_02_depends(r) := object.get(r.values, "depends_on", [])

fail_dep_02 contains finding(r, msg(["names the ", domain, " agent by its address: it may not exist yet; take it from google_project_service_identity and depend on that"])) if {
	some r in resources_of("google_kms_crypto_key_iam_member")
	member := attr(r, ["member"])
	is_string(member)
	match := regex.find_all_string_submatch_n(_dep_02_agent, member, 1)
	count(match) == 1
	domain := match[0][1]
	domain != "compute-system"
}

fail_dep_02 contains finding(r, "names Compute Engine's agent without depending on the compute API that creates it") if {
	some r in resources_of("google_kms_crypto_key_iam_member")
	member := attr(r, ["member"])
	is_string(member)
	endswith(member, "@compute-system.iam.gserviceaccount.com")
	not _dep_02_waits_for_compute(r)
}

_dep_02_waits_for_compute(r) if {
	some d in _dep_02_depends(r)
	_dep_02_services[d] == "compute.googleapis.com"
}

fail_dep_02 contains finding(r, msg(["takes its member from ", ref, ", which the plan does not create"])) if {
	some r in resources_of("google_kms_crypto_key_iam_member")
	some ref in _dep_02_refs(r)
	not ref in _dep_02_identities
}

fail_dep_02 contains finding(r, msg(["does not depend on ", ref, ": the grant may run before the agent exists"])) if {
	some r in resources_of("google_kms_crypto_key_iam_member")
	some ref in _dep_02_refs(r)
	not ref in _dep_02_depends(r)
}

_dep_02_refs(r) := {m[1] |
	member := attr(r, ["member"])
	is_string(member)
	some m in regex.find_all_string_submatch_n(_dep_02_identity_ref, member, -1)
}

examined_dep_02 contains seen(r) if {
	some r in resources_of("google_kms_crypto_key_iam_member")
}
