# METADATA
# title: Remote Artifact Registry repositories inside the perimeter may fetch upstream
# description: >
#   Inside a VPC Service Controls perimeter a remote (pull-through) repository refuses to
#   fetch from its upstream unless Artifact Registry's VPC-SC config for the project and
#   the repository's location is ALLOW; every image pull through that mirror then fails.
# custom:
#   control_id: DEP-05
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_artifact_registry_repository, google_artifact_registry_vpcsc_config]
#   frameworks:
#     iso27001_2022: ["8.32"]
#   remediation: >
#     Write google_artifact_registry_vpcsc_config (provider google-beta) with
#     vpcsc_policy = "ALLOW" in the repositories' location.
package sluicegate

import rego.v1

_dep_05_allowed := {lower(attr(c, ["location"])) |
	some c in resources_of("google_artifact_registry_vpcsc_config")
	attr(c, ["vpcsc_policy"]) == "ALLOW"
}

fail_dep_05 contains finding(r, msg(["remote repository in ", loc, " has no Artifact Registry VPC-SC config ALLOW there: the perimeter blocks its upstream"])) if {
	params.vpc_sc
	some r in resources_of("google_artifact_registry_repository")
	attr(r, ["mode"]) == "REMOTE_REPOSITORY"
	loc := lower(attr_or(r, ["location"], ""))
	not _dep_05_allowed[loc]
}

examined_dep_05 contains seen(r) if {
	params.vpc_sc
	some r in resources_of("google_artifact_registry_repository")
	attr(r, ["mode"]) == "REMOTE_REPOSITORY"
}
