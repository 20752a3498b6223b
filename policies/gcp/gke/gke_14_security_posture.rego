# METADATA
# title: Security posture is on and images are scanned for vulnerabilities
# description: >
#   GKE's security posture (workload configuration auditing) is not disabled, and the
#   cluster does not ask for a vulnerability mode GKE has retired (VULNERABILITY_BASIC).
#   Where GKE's own workload vulnerability scanning is off, the images are scanned in the
#   registry instead: the foundation enables Artifact Analysis (containerscanning.googleapis.com),
#   which scans every image pushed to or cached by Artifact Registry, continuously.
# custom:
#   control_id: GKE-14
#   severity: low
#   layers: [platform, foundation]
#   scope: [google_container_cluster, google_project_service]
#   frameworks:
#     iso27001_2022: ["8.8"]
#     cis_gke: ["5.1.1"]
#   remediation: >
#     Set security_posture_config { mode = "BASIC", vulnerability_mode = "VULNERABILITY_DISABLED" }
#     (or VULNERABILITY_ENTERPRISE on GKE Enterprise) and enable containerscanning.googleapis.com
#     with google_project_service.
package sluicegate

import rego.v1

fail_gke_14 contains finding(r, msg(["security_posture_config.mode is '", v, "'"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["security_posture_config", "mode"], "DISABLED")
	v == "DISABLED"
}

fail_gke_14 contains finding(r, "security_posture_config.vulnerability_mode VULNERABILITY_BASIC is retired: GKE no longer scans with it") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["security_posture_config", "vulnerability_mode"]) == "VULNERABILITY_BASIC"
}

# Only where the plan has a foundation to look in: the Pulumi policy pack sees the
# platform layer alone.
fail_gke_14 contains finding(r, "GKE's vulnerability scanning is off and Artifact Analysis is not enabled (containerscanning.googleapis.com): no image is scanned") if {
	some r in resources_of("google_container_cluster")
	attr_or(r, ["security_posture_config", "vulnerability_mode"], "VULNERABILITY_DISABLED") == "VULNERABILITY_DISABLED"
	count(tf_resources) > 0
	not _gke_14_scanning_enabled
}

_gke_14_scanning_enabled if {
	some s in resources_of("google_project_service")
	attr(s, ["service"]) == "containerscanning.googleapis.com"
}

examined_gke_14 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
