# METADATA
# title: Kubernetes Secrets are encrypted with a customer-managed key
# description: >
#   Application-layer secrets encryption is on (database_encryption.state = ENCRYPTED)
#   with a KMS key, so Secrets in etcd are sealed with a key the platform controls. ENC-01
#   checks that the key is in the cluster's region.
# custom:
#   control_id: GKE-07
#   severity: high
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.24"]
#     cis_gke: ["5.3.1"]
#   remediation: >
#     Set database_encryption { state = "ENCRYPTED", key_name = the foundation's
#     gke-secrets key }.
package sluicegate

import rego.v1

fail_gke_07 contains finding(r, msg(["database_encryption.state is '", v, "', not ENCRYPTED"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["database_encryption", "state"], "(unset)")
	v != "ENCRYPTED"
}

fail_gke_07 contains finding(r, "database_encryption has no key_name") if {
	some r in resources_of("google_container_cluster")
	attr_or(r, ["database_encryption", "key_name"], "") == ""
}

examined_gke_07 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
