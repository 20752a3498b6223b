# Where each kind of resource names its customer-managed key (CMEK), by Terraform
# attribute path; shared by the key-location (ENC-01) and key-presence (ENC-03) rules.
package sluicegate

import rego.v1

kms_key_paths := {
	"google_storage_bucket": [["encryption", "default_kms_key_name"]],
	"google_artifact_registry_repository": [["kms_key_name"]],
	"google_logging_project_bucket_config": [["cmek_settings", "kms_key_name"]],
	"google_bigquery_dataset": [["default_encryption_configuration", "kms_key_name"]],
	"google_pubsub_topic": [["kms_key_name"]],
	"google_sql_database_instance": [["encryption_key_name"]],
	"google_container_cluster": [["database_encryption", "key_name"], ["node_config", "boot_disk_kms_key"]],
	"google_container_node_pool": [["node_config", "boot_disk_kms_key"]],
	"google_compute_disk": [["disk_encryption_key", "kms_key_self_link"]],
	"google_logging_organization_settings": [["kms_key_name"]],
	"google_secret_manager_regional_secret": [["customer_managed_encryption", "kms_key_name"]],
}

# kms_refs contains [resource, path, key reference]: every key a resource names.
kms_refs contains [r, path, ref] if {
	some t, paths in kms_key_paths
	some r in resources_of(t)
	some path in paths
	ref := attr(r, path)
	ref != ""
}

# A secret with user-managed replication names a key per replica, in the replica's block.
kms_refs contains [r, ["replication", "user_managed", "replicas", "customer_managed_encryption", "kms_key_name"], ref] if {
	some r in resources_of("google_secret_manager_secret")
	some replica in secret_replicas(r)
	ref := field_or(r, field_or(r, replica, "customer_managed_encryption", {}), "kms_key_name", "")
	ref != ""
}

# secret_replicas(r): the replica blocks of a secret's user-managed replication.
secret_replicas(r) := items(attr_or(r, ["replication", "user_managed", "replicas"], []))
