package sluicegate_test.enc_03

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_bucket_and_registry_with_keys if {
	d := fx.pulumi([
		["gcp:storage/bucket:Bucket", "onco", {"encryption": {"defaultKmsKeyName": fx.key_id("buckets")}}],
		["gcp:artifactregistry/repository:Repository", "images", {"kmsKeyName": fx.key_id("registry")}],
	])
	count(sluicegate.fail_enc_03) == 0 with data.sluicegate.doc as d
}

test_fail_bucket_with_google_managed_key if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "onco", {"location": "AUSTRALIA-SOUTHEAST1"}]])
	fx.addresses(sluicegate.fail_enc_03) == {fx.urn("gcp:storage/bucket:Bucket", "onco")} with data.sluicegate.doc as d
}

test_fail_log_bucket_without_cmek if {
	d := fx.tf([["google_logging_project_bucket_config", "logs", {"location": "australia-southeast1"}]])
	count(sluicegate.fail_enc_03) == 1 with data.sluicegate.doc as d
}

test_pass_secret_replica_with_key if {
	d := fx.tf([["google_secret_manager_secret", "dockerhub_secret", {"replication": {"user_managed": {"replicas": [{"location": fx.region, "customer_managed_encryption": {"kms_key_name": fx.key_id("secrets")}}]}}}]])
	count(sluicegate.fail_enc_03) == 0 with data.sluicegate.doc as d
}

test_fail_secret_replica_without_key if {
	d := fx.tf([["google_secret_manager_secret", "dockerhub_secret", {"replication": {"user_managed": {"replicas": [{"location": fx.region}]}}}]])
	some f in sluicegate.fail_enc_03 with data.sluicegate.doc as d
	contains(f.msg, "replica in 'australia-southeast1'")
}

test_pass_regional_secret_with_key if {
	d := fx.tf([["google_secret_manager_regional_secret", "dockerhub_secret", {"location": fx.region, "customer_managed_encryption": {"kms_key_name": fx.key_id("secrets")}}]])
	count(sluicegate.fail_enc_03) == 0 with data.sluicegate.doc as d
}

test_fail_regional_secret_without_key if {
	d := fx.tf([["google_secret_manager_regional_secret", "dockerhub_secret", {"location": fx.region}]])
	count(sluicegate.fail_enc_03) == 1 with data.sluicegate.doc as d
}
