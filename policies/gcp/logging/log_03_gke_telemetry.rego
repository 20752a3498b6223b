# METADATA
# title: GKE sends system and workload logs and metrics
# description: >
#   The cluster keeps Cloud Logging and Cloud Monitoring on (no logging_service or
#   monitoring_service "none", no empty enable_components), so access to data and
#   changes to workloads leave an audit trail.
# custom:
#   control_id: LOG-03
#   severity: medium
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     hipaa: ["164.312(b)"]
#     iso27001_2022: ["8.15", "8.16"]
#     cis_gke: ["5.7.1"]
#   remediation: >
#     Leave logging_service / monitoring_service at their defaults (or set
#     logging.googleapis.com/kubernetes) and list SYSTEM_COMPONENTS and WORKLOADS in
#     logging_config.enable_components.
package sluicegate

import rego.v1

fail_log_03 contains finding(r, msg([k, " is '", v, "'"])) if {
	some r in resources_of("google_container_cluster")
	some k in ["logging_service", "monitoring_service"]
	v := attr(r, [k])
	v == "none"
}

fail_log_03 contains finding(r, "logging_config.enable_components is empty: no logs are collected") if {
	some r in resources_of("google_container_cluster")
	count(attr(r, ["logging_config", "enable_components"])) == 0
}

examined_log_03 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
