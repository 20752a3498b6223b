# METADATA
# title: Stored data is encrypted with a customer-managed key
# description: >
#   Every bucket, Artifact Registry repository, log bucket, BigQuery dataset, Pub/Sub
#   topic, Cloud SQL instance and Secret Manager secret (each replica of one, or a regional
#   secret) names a customer-managed KMS key, so access to the data
#   can be revoked by disabling the key and every use of it is logged. GKE's keys are
#   checked by GKE-07 and GKE-12; where each key lives, by ENC-01.
# custom:
#   control_id: ENC-03
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_storage_bucket, google_artifact_registry_repository, google_logging_project_bucket_config, google_bigquery_dataset, google_pubsub_topic, google_sql_database_instance, google_secret_manager_secret, google_secret_manager_regional_secret]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.24"]
#   remediation: >
#     Set the resource's key attribute (encryption.default_kms_key_name, kms_key_name,
#     cmek_settings.kms_key_name, ...) to the foundation's key for that purpose.
package sluicegate

import rego.v1

_enc_03_types := {t | some t; kms_key_paths[t]} - {"google_container_cluster", "google_container_node_pool", "google_compute_disk", "google_logging_organization_settings"}

fail_enc_03 contains finding(r, msg(["no customer-managed key (", concat(".", path), " is unset)"])) if {
	some t in _enc_03_types
	some r in resources_of(t)
	some path in kms_key_paths[t]
	attr_or(r, path, "") == ""
}

fail_enc_03 contains finding(r, msg(["replica in '", loc, "' has no customer-managed key (customer_managed_encryption.kms_key_name is unset)"])) if {
	some r in resources_of("google_secret_manager_secret")
	some replica in secret_replicas(r)
	field_or(r, field_or(r, replica, "customer_managed_encryption", {}), "kms_key_name", "") == ""
	loc := field_or(r, replica, "location", "(unset)")
}

examined_enc_03 contains seen(r) if {
	some t in _enc_03_types
	some r in resources_of(t)
}

examined_enc_03 contains seen(r) if {
	some r in resources_of("google_secret_manager_secret")
}
