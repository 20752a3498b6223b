# METADATA
# title: An enforced Binary Authorization has its API and a policy that checks something
# description: >
#   A cluster that enforces the project's Binary Authorization policy
#   (PROJECT_SINGLETON_POLICY_ENFORCE) needs binaryauthorization.googleapis.com enabled
#   and a google_binary_authorization_policy whose default rule is not ALWAYS_ALLOW;
#   without them the setting checks nothing (or the cluster cannot be created).
# custom:
#   control_id: DEP-03
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_container_cluster, google_binary_authorization_policy, google_project_service]
#   frameworks:
#     iso27001_2022: ["8.19", "8.32"]
#     cis_gke: ["5.1.4"]
#   remediation: >
#     Enable binaryauthorization.googleapis.com and write google_binary_authorization_policy
#     admitting only the region's registry (default rule ALWAYS_DENY or REQUIRE_ATTESTATION).
package sluicegate

import rego.v1

_dep_03_enforcing := [r |
	some r in resources_of("google_container_cluster")
	attr_or(r, ["binary_authorization", "evaluation_mode"], "") == "PROJECT_SINGLETON_POLICY_ENFORCE"
]

_dep_03_policies := resources_of("google_binary_authorization_policy")

_dep_03_api_enabled if {
	some s in resources_of("google_project_service")
	attr(s, ["service"]) == "binaryauthorization.googleapis.com"
}

fail_dep_03 contains finding(r, "enforces Binary Authorization but binaryauthorization.googleapis.com is not enabled") if {
	some r in _dep_03_enforcing
	not _dep_03_api_enabled
}

fail_dep_03 contains finding(r, "enforces Binary Authorization but the plan writes no google_binary_authorization_policy: the default policy admits every image") if {
	some r in _dep_03_enforcing
	count(_dep_03_policies) == 0
}

fail_dep_03 contains finding(p, "the default admission rule is ALWAYS_ALLOW: the enforced policy checks nothing") if {
	count(_dep_03_enforcing) > 0
	some p in _dep_03_policies
	attr_or(p, ["default_admission_rule", "evaluation_mode"], "ALWAYS_ALLOW") == "ALWAYS_ALLOW"
}

examined_dep_03 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}

examined_dep_03 contains seen(p) if {
	count(_dep_03_enforcing) > 0
	some p in _dep_03_policies
}
