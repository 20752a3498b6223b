# METADATA
# title: Security posture and vulnerability scanning are on
# description: >
#   GKE's security posture dashboard and workload vulnerability scanning are not
#   disabled, so misconfigured workloads and vulnerable images are reported.
# custom:
#   control_id: GKE-14
#   severity: low
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     iso27001_2022: ["8.8"]
#     cis_gke: ["5.1.1"]
#   remediation: >
#     Set security_posture_config { mode = "BASIC", vulnerability_mode = "VULNERABILITY_BASIC" }
#     (or the ENTERPRISE modes).
package sluicegate

import rego.v1

fail_gke_14 contains finding(r, msg(["security_posture_config.", k, " is '", v, "'"])) if {
	some r in resources_of("google_container_cluster")
	some k in ["mode", "vulnerability_mode"]
	v := attr_or(r, ["security_posture_config", k], "DISABLED")
	v in {"DISABLED", "VULNERABILITY_DISABLED"}
}
